import { mapLogicalType, type Dialect, type RelationName } from '@floe/core';
import type { FlinkConfig } from './config';

const TYPES: Record<string, string> = {
  boolean: 'BOOLEAN', int: 'INT', bigint: 'BIGINT', double: 'DOUBLE', decimal: 'DECIMAL',
  string: 'STRING', date: 'DATE', timestamp: 'TIMESTAMP', json: 'STRING',
};

/** Flink SQL: backtick quoting; relations are catalog.database.table. */
export function createFlinkDialect(config: FlinkConfig): Dialect {
  const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;
  return {
    name: 'flink',
    defaultSchema: config.database,
    defaultDatabase: config.catalog,
    quoteIdentifier: quote,
    quoteLiteral: (v) => `'${v.replace(/'/g, "''")}'`,
    renderRelation: (r: RelationName) => [r.database ?? config.catalog, r.schema, r.identifier].map(quote).join('.'),
    mapType: (t) => mapLogicalType(t, TYPES),
  };
}
