import { mapLogicalType, type Dialect, type RelationName } from '@floe/core';
import type { SnowflakeConfig } from './config';

const TYPES: Record<string, string> = {
  boolean: 'BOOLEAN', int: 'NUMBER(10,0)', bigint: 'NUMBER(19,0)', double: 'FLOAT', decimal: 'NUMBER',
  string: 'VARCHAR', date: 'DATE', timestamp: 'TIMESTAMP_NTZ', json: 'VARIANT',
};

/** Snowflake quoting: unquoted identifiers fold to upper case, so names are upper-cased then quoted. */
export function createSnowflakeDialect(config: SnowflakeConfig): Dialect {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const ident = (name: string) => (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? quote(name.toUpperCase()) : quote(name));
  return {
    name: 'snowflake',
    defaultSchema: config.schema.toUpperCase(),
    defaultDatabase: config.database.toUpperCase(),
    quoteIdentifier: ident,
    quoteLiteral: (v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
    renderRelation: (r: RelationName) => [r.database ?? config.database, r.schema, r.identifier].map(ident).join('.'),
    mapType: (t) => mapLogicalType(t, TYPES),
  };
}
