import { defineTarget, PLUGIN_API_VERSION } from '@floe/core';
import { duckdbCapabilities } from './capabilities';
import { DuckDbConfigSchema, type DuckDbConfig } from './config';
import { createDuckDbDialect } from './dialect';
import { connectDuckDb } from './duckdb-connection';

/** The embedded DuckDB target (Floe's default compute). */
export const duckdbTarget = defineTarget<DuckDbConfig>({
  name: 'duckdb',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'stable',
  description: 'Embedded DuckDB (default): a database file in the project, no server.',
  configSchema: DuckDbConfigSchema,
  capabilities: duckdbCapabilities,
  defaultConfig: () => DuckDbConfigSchema.parse({ type: 'duckdb' }),
  createDialect: (config) => createDuckDbDialect(config),
  connect: (config, ctx) => connectDuckDb(config, ctx),
});

export default duckdbTarget;
export { DuckDbConfigSchema, BUILT_IN_EXTENSIONS, type DuckDbConfig } from './config';
export { createDuckDbDialect, mapType, quoteIdentifier, quoteLiteral, catalogNameFor, type DuckDbDialect } from './dialect';
export { duckdbCapabilities } from './capabilities';
export { DuckDbConnection, connectDuckDb, databasePath } from './duckdb-connection';
// The SCD column names live in @floe/core (shared by every target); re-exported for this package's users.
export { DBT_SCD_COLUMNS, NATIVE_SCD_COLUMNS, type ScdColumns } from '@floe/core';
