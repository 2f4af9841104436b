import { PluginRegistry, registerLazyPlugin } from '@floe/core/internal';

/**
 * The CLI's built-in plugins, each imported on first use (see registerLazyPlugin):
 * `floe compile` of a DuckDB project loads only @floe/target-duckdb, never the
 * Snowflake/BigQuery/Flink wrappers or the Dagster generator.
 * The require() calls stay literal so bundlers (tsup, the e2e bundles) see them.
 */
export const BUILTIN_PLUGINS: readonly { kind: 'target' | 'orchestrator'; name: string; load: () => unknown }[] = [
  { kind: 'target', name: 'duckdb', load: () => defaultExport(require('@floe/target-duckdb')) },
  { kind: 'target', name: 'snowflake', load: () => defaultExport(require('@floe/target-snowflake')) },
  { kind: 'target', name: 'bigquery', load: () => defaultExport(require('@floe/target-bigquery')) },
  { kind: 'target', name: 'flink', load: () => defaultExport(require('@floe/target-flink-experimental')) },
  { kind: 'orchestrator', name: 'dagster', load: () => defaultExport(require('@floe/plugin-dagster')) },
];

/** The CLI's built-in plugins; floe.yaml `plugins:` adds more at compile time. */
export function builtinRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const p of BUILTIN_PLUGINS) registerLazyPlugin(registry, p.kind, p.name, p.load);
  return registry;
}

/** Names of the built-in plugins of one kind, without importing them. */
export function builtinNames(kind: 'target' | 'orchestrator'): string[] {
  return BUILTIN_PLUGINS.filter((p) => p.kind === kind).map((p) => p.name);
}

function defaultExport(mod: { default?: unknown }): unknown {
  return mod.default;
}
