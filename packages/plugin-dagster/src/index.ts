export { dagsterPlugin, default } from './plugin';
export { DagsterPluginConfigSchema, type DagsterPluginConfig } from './config';
export { emitCodeLocation, TESTED_DAGSTER_VERSION } from './emit/emit-code-location';
export { FLOE_DAGSTER_PY } from './emit/floe-dagster-py.generated';
export * from './pipes';
