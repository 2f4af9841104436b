import { mapLogicalType, type Dialect, type RelationName } from '@floe/core';
import type { FlinkConfig } from './config';
import { compileFlinkNode } from './compile/compile-node';

const TYPES: Record<string, string> = {
  boolean: 'BOOLEAN', int: 'INT', bigint: 'BIGINT', double: 'DOUBLE', decimal: 'DECIMAL',
  string: 'STRING', date: 'DATE', timestamp: 'TIMESTAMP', json: 'STRING',
};

/** Flink SQL: backtick quoting; relations are catalog.database.table. */
export function createFlinkDialect(config: FlinkConfig): Dialect {
  const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;
  const renderRelation = (r: RelationName) => [r.database ?? config.catalog, r.schema, r.identifier].map(quote).join('.');
  const mapType = (t: string) => mapLogicalType(t, TYPES);
  return {
    name: 'flink',
    defaultSchema: config.database,
    defaultDatabase: config.catalog,
    quoteIdentifier: quote,
    quoteLiteral: (v) => `'${v.replace(/'/g, "''")}'`,
    renderRelation,
    mapType,
    compileNode: (node) => compileFlinkNode(node, { config, quote, renderRelation, mapType }),
  };
}
