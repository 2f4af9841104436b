import { mapLogicalType, type Dialect, type RelationName } from '@floe/core';
import type { BigQueryConfig } from './config';

const TYPES: Record<string, string> = {
  boolean: 'BOOL', int: 'INT64', bigint: 'INT64', double: 'FLOAT64', decimal: 'NUMERIC',
  string: 'STRING', date: 'DATE', timestamp: 'TIMESTAMP', json: 'JSON',
};

/** BigQuery: backtick quoting; a relation is project.dataset.table. */
export function createBigQueryDialect(config: BigQueryConfig): Dialect {
  const project = typeof config.project === 'string' ? config.project : undefined;
  const quote = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
  return {
    name: 'bigquery',
    defaultSchema: config.dataset,
    ...(project ? { defaultDatabase: project } : {}),
    quoteIdentifier: quote,
    quoteLiteral: (v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
    renderRelation: (r: RelationName) => [r.database ?? project, r.schema, r.identifier].filter((p): p is string => !!p).map(quote).join('.'),
    mapType: (t) => mapLogicalType(t, TYPES),
  };
}
