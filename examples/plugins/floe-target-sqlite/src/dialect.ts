import { mapLogicalType, type Dialect, type RelationName } from '@floe/core';
import { SQLITE_MACROS } from './macros';

/** SQLite has one schema per database file; Floe schemas other than `main` become a name prefix. */
export const MAIN_SCHEMA = 'main';
const SCHEMA_SEPARATOR = '__';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The table name a relation has in the SQLite file: `identifier`, or `schema__identifier` outside `main`. */
export function tableName(r: Pick<RelationName, 'schema' | 'identifier'>): string {
  return r.schema === MAIN_SCHEMA ? r.identifier : `${r.schema}${SCHEMA_SEPARATOR}${r.identifier}`;
}

/** `"main"."table"`: always qualified, so a temp table of the same name never shadows it. */
export function renderRelation(r: Pick<RelationName, 'schema' | 'identifier'>): string {
  return `${quoteIdentifier(MAIN_SCHEMA)}.${quoteIdentifier(tableName(r))}`;
}

// SQLite has five storage classes; dates and timestamps are ISO-8601 text.
const TYPES: Readonly<Record<string, string>> = {
  string: 'TEXT',
  text: 'TEXT',
  varchar: 'TEXT',
  char: 'TEXT',
  uuid: 'TEXT',
  json: 'TEXT',
  date: 'TEXT',
  time: 'TEXT',
  timestamp: 'TEXT',
  datetime: 'TEXT',
  timestamptz: 'TEXT',
  timestamp_tz: 'TEXT',
  timestamp_ntz: 'TEXT',
  int: 'INTEGER',
  integer: 'INTEGER',
  smallint: 'INTEGER',
  tinyint: 'INTEGER',
  bigint: 'INTEGER',
  long: 'INTEGER',
  boolean: 'INTEGER',
  bool: 'INTEGER',
  float: 'REAL',
  real: 'REAL',
  double: 'REAL',
  float64: 'REAL',
  decimal: 'NUMERIC',
  numeric: 'NUMERIC',
  binary: 'BLOB',
  bytes: 'BLOB',
  blob: 'BLOB',
};

/** Maps a logical type to a SQLite column type (parameters are dropped: SQLite ignores them). */
export function mapType(logical: string): string {
  return mapLogicalType(logical.replace(/\(.*\)\s*$/, ''), TYPES);
}

/** The pure half of the SQLite target: names, quoting, types and its versions of dbt's cross-database macros. */
export function createSqliteDialect(): Dialect {
  return {
    name: 'sqlite',
    defaultSchema: MAIN_SCHEMA,
    quoteIdentifier,
    quoteLiteral,
    mapType,
    renderRelation,
    macros: SQLITE_MACROS,
  };
}
