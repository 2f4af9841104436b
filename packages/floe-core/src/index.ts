export * from './errors';
export * from './plugin';
export * from './artifacts';
export * from './compile';
export * from './telemetry';
export type * from './project/types';
export { FLOE_VERSION } from './version';
export { didYouMean } from './util/did-you-mean';
export { parseYamlMapping } from './util/yaml-mapping';
