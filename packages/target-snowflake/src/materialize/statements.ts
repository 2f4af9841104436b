import { ident } from '../dialect';
import { render, type Place } from '../relations';
import type { Column } from '../session';
import { wrapped } from './sql-text';

/**
 * The SQL text the Snowflake target sends, as pure functions: the connection
 * runs them and `compileNode` stores the full-build ones in the artifacts, so
 * tests can parse every statement with sqlglot's snowflake dialect.
 */
export const sql = {
  createView: (p: Place, select: string) => `CREATE OR REPLACE VIEW ${render(p)} AS ${wrapped(select)}`,
  /** One statement that Snowflake runs atomically: the old table stays until the new one is complete. */
  createTableAs: (p: Place, select: string, transient: boolean) => `CREATE OR REPLACE ${transient ? 'TRANSIENT ' : ''}TABLE ${render(p)} AS ${wrapped(select)}`,
  createTable: (p: Place, cols: Column[], transient: boolean) =>
    `CREATE OR REPLACE ${transient ? 'TRANSIENT ' : ''}TABLE ${render(p)} (${cols.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`,
  createTempAs: (name: string, select: string) => `CREATE OR REPLACE TEMPORARY TABLE ${ident(name)} AS ${wrapped(select)}`,
  dropTable: (p: Place) => `DROP TABLE IF EXISTS ${render(p)}`,
  dropView: (p: Place) => `DROP VIEW IF EXISTS ${render(p)}`,
  dropTemp: (name: string) => `DROP TABLE IF EXISTS ${ident(name)}`,
  createSchema: (p: Pick<Place, 'database' | 'schema'>) => `CREATE SCHEMA IF NOT EXISTS ${ident(p.database)}.${ident(p.schema)}`,
  addColumn: (p: Place, c: Column) => `ALTER TABLE ${render(p)} ADD COLUMN ${ident(c.name)} ${c.type}`,
  dropColumn: (p: Place, name: string) => `ALTER TABLE ${render(p)} DROP COLUMN ${ident(name)}`,
  insertSelect: (p: Place, cols: string[], from: string) => {
    const list = cols.map(ident).join(', ');
    return `INSERT INTO ${render(p)} (${list}) SELECT ${list} FROM ${from}`;
  },
  insertValues: (p: Place, cols: string[]) => `INSERT INTO ${render(p)} (${cols.map(ident).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
  merge: (p: Place, from: string, keys: string[], cols: string[]) => {
    const on = keys.map((k) => `DBT_INTERNAL_DEST.${ident(k)} = DBT_INTERNAL_SOURCE.${ident(k)}`).join(' AND ');
    const updates = cols.filter((c) => !keys.some((k) => k.toLowerCase() === c.toLowerCase()));
    const list = cols.map(ident).join(', ');
    return [
      `MERGE INTO ${render(p)} AS DBT_INTERNAL_DEST USING ${from} AS DBT_INTERNAL_SOURCE ON ${on}`,
      ...(updates.length ? [`WHEN MATCHED THEN UPDATE SET ${updates.map((c) => `${ident(c)} = DBT_INTERNAL_SOURCE.${ident(c)}`).join(', ')}`] : []),
      `WHEN NOT MATCHED THEN INSERT (${list}) VALUES (${cols.map((c) => `DBT_INTERNAL_SOURCE.${ident(c)}`).join(', ')})`,
    ].join('\n');
  },
  deleteMatching: (p: Place, from: string, keys: string[]) =>
    `DELETE FROM ${render(p)} AS DBT_INTERNAL_DEST USING ${from} AS DBT_INTERNAL_SOURCE WHERE ${keys.map((k) => `DBT_INTERNAL_DEST.${ident(k)} = DBT_INTERNAL_SOURCE.${ident(k)}`).join(' AND ')}`,
  countFailures: (select: string) => `SELECT COUNT(*) AS FAILURES FROM ${wrapped(select)} AS DBT_INTERNAL_TEST`,
  countRows: (p: Place) => `SELECT COUNT(*) AS N FROM ${render(p)}`,
};
