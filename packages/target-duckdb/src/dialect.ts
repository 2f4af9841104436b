import { basename, extname } from 'node:path';
import type { Dialect, RelationName } from '@floe/core';
import type { DuckDbConfig } from './config';
import { DUCKDB_MACROS } from './macros';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** DuckDB names the catalog of a file after the file's base name; `:memory:` is `memory`. */
export function catalogNameFor(path: string): string {
  if (path === ':memory:' || path === '') return 'memory';
  const base = basename(path);
  return extname(base) ? base.slice(0, -extname(base).length) : base;
}

const SIMPLE_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  text: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  int4: 'INTEGER',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  bigint: 'BIGINT',
  int8: 'BIGINT',
  long: 'BIGINT',
  float: 'FLOAT',
  real: 'FLOAT',
  double: 'DOUBLE',
  'double precision': 'DOUBLE',
  float64: 'DOUBLE',
  decimal: 'DECIMAL(18,3)',
  numeric: 'DECIMAL(18,3)',
  boolean: 'BOOLEAN',
  bool: 'BOOLEAN',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  datetime: 'TIMESTAMP',
  timestamp_ntz: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  timestamp_tz: 'TIMESTAMPTZ',
  timestamp_ltz: 'TIMESTAMPTZ',
  json: 'JSON',
  uuid: 'UUID',
  binary: 'BLOB',
  bytes: 'BLOB',
  blob: 'BLOB',
  interval: 'INTERVAL',
};

/** Maps a logical type (`bigint`, `decimal(10,2)`, `timestamp(3)`, `varchar(20)` ...) to DuckDB's. */
export function mapType(logical: string): string {
  const t = logical.trim().toLowerCase().replace(/\s+/g, ' ');
  const simple = SIMPLE_TYPES[t];
  if (simple) return simple;
  let m = /^(decimal|numeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(t);
  if (m) return `DECIMAL(${m[2]},${m[3] ?? '0'})`;
  m = /^(varchar|char|string|text)\s*\(\s*\d+\s*\)$/.exec(t);
  if (m) return 'VARCHAR';
  m = /^(timestamp|datetime)\s*\(\s*\d\s*\)$/.exec(t);
  if (m) return 'TIMESTAMP';
  m = /^(timestamp_tz|timestamptz|timestamp with time zone)\s*(\(\s*\d\s*\))?$/.exec(t);
  if (m) return 'TIMESTAMPTZ';
  m = /^(array|list)\s*<(.+)>$/.exec(t);
  if (m) return `${mapType(m[2] as string)}[]`;
  // Anything else is passed through: DuckDB type names are valid logical types.
  return logical.trim().toUpperCase();
}

export interface DuckDbDialect extends Dialect {
  readonly defaultDatabase: string;
}

/** The pure half of the DuckDB target: names, quoting and types. */
export function createDuckDbDialect(config: Pick<DuckDbConfig, 'path' | 'schema'>): DuckDbDialect {
  const defaultDatabase = catalogNameFor(config.path);
  return {
    name: 'duckdb',
    defaultSchema: config.schema,
    defaultDatabase,
    quoteIdentifier,
    quoteLiteral,
    mapType,
    macros: DUCKDB_MACROS,
    renderRelation(r: RelationName): string {
      const parts = r.database && r.database !== defaultDatabase ? [r.database, r.schema, r.identifier] : [r.schema, r.identifier];
      return parts.map(quoteIdentifier).join('.');
    },
  };
}
