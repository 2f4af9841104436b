/**
 * floe-target-sqlite: a third-party Floe compute target for SQLite, embedded
 * through WebAssembly (node-sqlite3-wasm), written only against the public
 * API of `@floe/core`. List it under `plugins:` in floe.yaml and select it
 * with `type: sqlite` in platform.yaml.
 *
 * @packageDocumentation
 */
import { DEFAULT_CAPABILITIES, PLUGIN_API_VERSION, defineTarget, type TargetCapabilities } from '@floe/core';
import { SqliteConfigSchema, type SqliteConfig } from './config';
import { connectSqlite } from './connection';
import { createSqliteDialect } from './dialect';

/** What SQLite can do through this target (snapshots and cancellation are not implemented). */
export const sqliteCapabilities: TargetCapabilities = {
  ...DEFAULT_CAPABILITIES,
  executionModel: 'batch',
  materializations: ['view', 'table', 'incremental', 'ephemeral'],
  incrementalStrategies: ['append', 'merge', 'delete+insert'],
  onSchemaChange: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'],
  snapshotStrategies: [],
  seeds: true,
  tests: true,
  transactionalDdl: true,
  atomicSwap: true,
  cancellation: false,
};

/** The SQLite target plugin. */
export const sqliteTarget = defineTarget<SqliteConfig>({
  name: 'sqlite',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'experimental',
  description: 'SQLite through WebAssembly (node-sqlite3-wasm): one database file, no native build.',
  configSchema: SqliteConfigSchema,
  capabilities: sqliteCapabilities,
  defaultConfig: () => SqliteConfigSchema.parse({ type: 'sqlite' }),
  createDialect: () => createSqliteDialect(),
  connect: (config, ctx) => connectSqlite(config, ctx),
});

export default sqliteTarget;
export { SqliteConfigSchema, type SqliteConfig } from './config';
export { createSqliteDialect, mapType, quoteIdentifier, quoteLiteral, renderRelation } from './dialect';
export { portableSql } from './portable-sql';
export { SqliteConnection, connectSqlite } from './connection';
