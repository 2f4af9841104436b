import { z } from 'zod';
import { DEFAULT_CAPABILITIES, PLUGIN_API_VERSION, PluginRegistry, defineTarget, type RelationName } from '../../src';

/**
 * Compile-only targets for floe-core's own tests (core may not import a real
 * target package). They have real dialects; connect() is never called by
 * compile, which is pure.
 */
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export const testBatchTarget = defineTarget({
  name: 'duckdb',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'stable',
  configSchema: z.object({ type: z.literal('duckdb'), path: z.string().default('target/floe.duckdb'), threads: z.number().int().default(4) }).strict(),
  capabilities: {
    ...DEFAULT_CAPABILITIES,
    materializations: ['view', 'table', 'incremental', 'ephemeral', 'snapshot'],
    incrementalStrategies: ['append', 'merge', 'delete+insert'],
    onSchemaChange: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'],
    snapshotStrategies: ['timestamp', 'check'],
    seeds: true,
  },
  defaultConfig: () => ({ type: 'duckdb' as const, path: 'target/floe.duckdb', threads: 4 }),
  createDialect: () => ({
    name: 'duckdb',
    defaultSchema: 'main',
    quoteIdentifier: quote,
    quoteLiteral: (v: string) => `'${v.replace(/'/g, "''")}'`,
    renderRelation: (r: RelationName) => [r.database, r.schema, r.identifier].filter((p): p is string => !!p).map(quote).join('.'),
    mapType: (t: string) => t,
  }),
  connect: async () => {
    throw new Error('compile tests never connect');
  },
});

export function testRegistry(): PluginRegistry {
  return new PluginRegistry([testBatchTarget]);
}
