import type { RelationName } from '@floe/core';
import { ident, quoteLiteral } from './dialect';
import type { Column, Session } from './session';

/** A fully qualified relation, names as the user wrote them (folding happens in `ident`). */
export interface Place {
  database: string;
  schema: string;
  identifier: string;
}

export function placeOf(r: RelationName, defaultDatabase: string): Place {
  return { database: r.database ?? defaultDatabase, schema: r.schema, identifier: r.identifier };
}

export function render(p: Place): string {
  return [p.database, p.schema, p.identifier].map(ident).join('.');
}

export function renderSchema(p: Pick<Place, 'database' | 'schema'>): string {
  return `${ident(p.database)}.${ident(p.schema)}`;
}

/** A sibling relation in the same schema, e.g. the staging table of a seed. */
export function sibling(p: Place, suffix: string): Place {
  return { ...p, identifier: `${p.identifier}${suffix}` };
}

/** The name as Snowflake stores it (plain names are folded to upper case). */
function storedName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name.toUpperCase() : name;
}

/** 'table', 'view' or null, from SHOW TERSE OBJECTS (tables and views alike); LIKE may match more, so the name is compared exactly. */
export async function relationKind(s: Session, p: Place): Promise<'table' | 'view' | null> {
  const name = storedName(p.identifier);
  const r = await s.query(`SHOW TERSE OBJECTS LIKE ${quoteLiteral(name)} IN SCHEMA ${renderSchema(p)}`);
  const row = r.rows.find((x) => x['name'] === name);
  if (!row) return null;
  return String(row['kind']).toUpperCase() === 'VIEW' ? 'view' : 'table';
}

/** Columns of a relation or query, from the driver's result metadata (no rows are read). */
export async function columnsOfQuery(s: Session, selectSql: string): Promise<Column[]> {
  return (await s.query(`SELECT * FROM ${selectSql} AS __floe_cols LIMIT 0`)).columns;
}

export async function columnsOf(s: Session, p: Place): Promise<Column[]> {
  return (await s.query(`SELECT * FROM ${render(p)} LIMIT 0`)).columns;
}

export async function dropRelation(s: Session, p: Place, kind: 'table' | 'view'): Promise<void> {
  await s.exec(`DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${render(p)}`);
}
