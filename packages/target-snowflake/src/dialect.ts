import type { Dialect, RelationName } from '@floe/core';
import type { SnowflakeConfig } from './config';
import { SNOWFLAKE_MACROS } from './macros';

const SIMPLE: Record<string, string> = {
  boolean: 'BOOLEAN', bool: 'BOOLEAN',
  int: 'NUMBER(38,0)', integer: 'NUMBER(38,0)', smallint: 'NUMBER(38,0)', tinyint: 'NUMBER(38,0)', bigint: 'NUMBER(38,0)', long: 'NUMBER(38,0)', int4: 'NUMBER(38,0)', int8: 'NUMBER(38,0)',
  float: 'FLOAT', real: 'FLOAT', double: 'FLOAT', 'double precision': 'FLOAT', float64: 'FLOAT',
  decimal: 'NUMBER(38,0)', numeric: 'NUMBER(38,0)', number: 'NUMBER(38,0)',
  string: 'VARCHAR', text: 'VARCHAR', varchar: 'VARCHAR', char: 'VARCHAR',
  date: 'DATE', time: 'TIME',
  timestamp: 'TIMESTAMP_NTZ', datetime: 'TIMESTAMP_NTZ', timestamp_ntz: 'TIMESTAMP_NTZ',
  timestamptz: 'TIMESTAMP_TZ', timestamp_tz: 'TIMESTAMP_TZ', timestamp_ltz: 'TIMESTAMP_LTZ',
  json: 'VARIANT', variant: 'VARIANT', object: 'OBJECT', array: 'ARRAY',
  uuid: 'VARCHAR(36)', binary: 'BINARY', bytes: 'BINARY', blob: 'BINARY',
};

/** Maps a logical type (`bigint`, `decimal(10,2)`, `timestamp(3)`, `varchar(20)`, `array<int>` ...) to Snowflake's. */
export function mapType(logical: string): string {
  const t = logical.trim().toLowerCase().replace(/\s+/g, ' ');
  const simple = SIMPLE[t];
  if (simple) return simple;
  let m = /^(decimal|numeric|number)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(t);
  if (m) return `NUMBER(${m[2]},${m[3] ?? '0'})`;
  m = /^(varchar|char|string|text)\s*\(\s*(\d+)\s*\)$/.exec(t);
  if (m) return `VARCHAR(${m[2]})`;
  m = /^(timestamp|datetime|timestamp_ntz)\s*\(\s*(\d)\s*\)$/.exec(t);
  if (m) return `TIMESTAMP_NTZ(${m[2]})`;
  if (/^(array|list)\s*<.+>$/.test(t)) return 'ARRAY';
  if (/^(map|struct)\s*<.+>$/.test(t)) return 'OBJECT';
  // Anything else passes through: Snowflake type names are valid logical types.
  return logical.trim().toUpperCase();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Snowflake folds unquoted identifiers to upper case. A plain name
 * (letters, digits, `_`, `$`) is folded the same way and then quoted, so
 * `stg_orders` and `STG_ORDERS` are one relation and reserved words are safe;
 * any other name is quoted as written (case kept).
 */
export function ident(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? quoteIdentifier(name.toUpperCase()) : quoteIdentifier(name);
}

/** A string literal. Snowflake treats backslash as an escape inside '...', so it is doubled too. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The pure half of the Snowflake target: names, quoting and types. Needs no credentials. */
export function createSnowflakeDialect(config: Pick<SnowflakeConfig, 'database' | 'schema'>): Dialect {
  return {
    name: 'snowflake',
    defaultSchema: config.schema.toUpperCase(),
    defaultDatabase: config.database.toUpperCase(),
    quoteIdentifier: ident,
    quoteLiteral,
    renderRelation: (r: RelationName) => [r.database ?? config.database, r.schema, r.identifier].map(ident).join('.'),
    mapType,
    macros: SNOWFLAKE_MACROS,
  };
}
