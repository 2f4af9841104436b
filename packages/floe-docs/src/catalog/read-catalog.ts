import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  closeAll,
  connectComputes,
  envSecretResolver,
  type CompiledArtifacts,
  type PluginLogger,
  type PluginRegistry,
  type SecretResolver,
  type TargetConnection,
} from '@floe/core/internal';
import { catalogKey, emptyCatalog, type DocsCatalog } from './catalog-types';

export interface ReadCatalogOptions {
  artifacts: CompiledArtifacts;
  registry: PluginRegistry;
  projectDir: string;
  resolveSecret?: SecretResolver;
  logger?: PluginLogger;
  signal?: AbortSignal;
}

const silentLogger: PluginLogger = { debug() {}, info() {}, warn() {} };

const COLUMNS_SQL =
  'select table_schema, table_name, column_name, data_type from information_schema.columns order by table_schema, table_name, ordinal_position';

/**
 * Reads column types from each batch compute the project uses, through the
 * target's own connection and `information_schema.columns`. Never fails the
 * docs: a compute that cannot be read is skipped with a note (the message
 * names the compute and the error, never a config value).
 */
export async function readCatalog(options: ReadCatalogOptions): Promise<DocsCatalog> {
  const { artifacts } = options;
  const catalog = emptyCatalog();
  const used = new Set<string>();
  for (const n of Object.values(artifacts.nodes)) if (n.relation) used.add(n.compute);
  for (const s of Object.values(artifacts.sources)) if (s.relation) used.add(s.compute);
  for (const name of [...used].sort()) {
    const compute = artifacts.computes[name];
    if (!compute) continue;
    if (compute.executionModel === 'streaming') {
      catalog.notes.push(`compute "${name}" (${compute.type}) is streaming: column types come from the project files only`);
      continue;
    }
    const skip = duckdbSkipReason(compute.type, compute.config, options.projectDir);
    if (skip) {
      catalog.notes.push(`compute "${name}" (duckdb): ${skip}`);
      continue;
    }
    let connections = new Map<string, TargetConnection>();
    const logger = options.logger ?? silentLogger;
    try {
      connections = await connectComputes({
        artifacts,
        registry: options.registry,
        projectDir: options.projectDir,
        computes: [name],
        resolveSecret: options.resolveSecret ?? envSecretResolver,
        logger,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const result = await connections.get(name)!.execute(COLUMNS_SQL, options.signal ? { signal: options.signal } : {});
      for (const row of result.rows) {
        const r = lowerKeys(row);
        const key = catalogKey(name, String(r.table_schema), String(r.table_name));
        let table = catalog.tables.get(key);
        if (!table) catalog.tables.set(key, (table = new Map()));
        table.set(String(r.column_name).toLowerCase(), { name: String(r.column_name), type: String(r.data_type) });
      }
      catalog.computes.push(name);
    } catch (err) {
      catalog.notes.push(`compute "${name}" (${compute.type}): catalog not read: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await closeAll(connections, logger);
    }
  }
  return catalog;
}

/** Opening a DuckDB file that is not there would create it; docs must not write a database. */
function duckdbSkipReason(type: string, config: Record<string, unknown>, projectDir: string): string | undefined {
  if (type !== 'duckdb') return undefined;
  const path = typeof config.path === 'string' ? config.path : 'target/floe.duckdb';
  if (path === ':memory:') return 'in-memory database, nothing to read';
  const abs = isAbsolute(path) ? path : join(projectDir, path);
  if (!existsSync(abs)) return `database file ${path} does not exist yet (run floe build first); column types come from the project files only`;
  return undefined;
}

function lowerKeys(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.toLowerCase()] = v;
  return out;
}
