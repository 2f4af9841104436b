/**
 * @packageDocumentation
 * INTERNAL surface of floe-core, used by Floe's own packages (the CLI and the
 * built-in targets). Not covered by semver: anything here may change in any
 * release. Custom tooling and third-party plugins import `@floe/core` only.
 */
export * from './errors';
export * from './plugin';
export * from './artifacts';
export * from './compile';
export * from './telemetry';
export type * from './project/types';
export { FLOE_VERSION } from './version';
export { didYouMean } from './util/did-you-mean';
export { parseYamlMapping } from './util/yaml-mapping';
export { lazySchema, isLazySchema, zodLib } from './util/lazy-schema';
export * from './graph';
export { loadProject, floeYamlJsonSchema, platformYamlJsonSchema, parseCsv, type LoadOptions, type LoadResult } from './load';
export { createTemplateEngine, parseBlocks, splitArgs, withCallSite, type Template, type TemplateEngine, type TemplateBlock, type TemplateLocation } from './template';
export * from './execute';
