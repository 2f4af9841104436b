/**
 * Floe's dbt-compatible Jinja-subset template engine: tokenizer → AST with
 * positions → JS closures. See PROJECT_FORMAT.md §5 for the supported subset.
 */
export { createGlobalScope, createTemplateEngine, type Template, type TemplateEngine, type TemplateEngineOptions } from './engine';
export { parseBlocks, type TemplateBlock } from './blocks';
export { macroNamespace, splitArgs, withCallSite } from './runtime';
export { JINJA_MAPPING } from './values';
export type { TemplateLocation } from './template-error';
