import { defineOrchestrator, PLUGIN_API_VERSION } from '@floe/core';
import { DagsterPluginConfigSchema, type DagsterPluginConfig } from './config';
import { emitCodeLocation } from './emit/emit-code-location';

/** `floe orchestrate dagster`: a Dagster code location that runs the project through Dagster Pipes. */
export const dagsterPlugin = defineOrchestrator<DagsterPluginConfig>({
  name: 'dagster',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'stable',
  configSchema: DagsterPluginConfigSchema,
  emit: (artifacts, config, context) => emitCodeLocation(artifacts, DagsterPluginConfigSchema.parse(config ?? {}), context),
});

export default dagsterPlugin;
