import type { CompiledRelation } from '@floe/core';
import { quoteIdentifier } from './dialect';
import type { Session } from './session';

export type RelationKind = 'table' | 'view';

export interface ColumnInfo {
  name: string;
  type: string;
}

/** Where a relation lives: the catalog (database) resolved against the connection's default. */
export interface Place {
  database: string | null;
  schema: string;
  identifier: string;
}

export function placeOf(relation: CompiledRelation): Place {
  return { database: relation.database ?? null, schema: relation.schema, identifier: relation.identifier };
}

export function render(p: Place): string {
  return [p.database, p.schema, p.identifier]
    .filter((x): x is string => x !== null)
    .map(quoteIdentifier)
    .join('.');
}

export function renderSchema(p: Place): string {
  return [p.database, p.schema]
    .filter((x): x is string => x !== null)
    .map(quoteIdentifier)
    .join('.');
}

export function sibling(p: Place, suffix: string): Place {
  return { ...p, identifier: `${p.identifier}${suffix}` };
}

const CATALOG = `coalesce($1, current_database())`;

export async function relationKind(s: Session, p: Place): Promise<RelationKind | null> {
  const rows = await s.query(
    `SELECT table_type FROM information_schema.tables WHERE table_catalog = ${CATALOG} AND table_schema = $2 AND table_name = $3`,
    [p.database, p.schema, p.identifier],
  );
  const t = rows[0]?.['table_type'];
  if (t === undefined) return null;
  return t === 'VIEW' ? 'view' : 'table';
}

export async function columnsOf(s: Session, p: Place): Promise<ColumnInfo[]> {
  const rows = await s.query(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = ${CATALOG} AND table_schema = $2 AND table_name = $3 ORDER BY ordinal_position`,
    [p.database, p.schema, p.identifier],
  );
  return rows.map((r) => ({ name: String(r['column_name']), type: String(r['data_type']) }));
}

/** Columns of a temp table created on this connection. */
export async function tempColumnsOf(s: Session, identifier: string): Promise<ColumnInfo[]> {
  return columnsOf(s, { database: 'temp', schema: 'main', identifier });
}

export async function dropRelation(s: Session, p: Place, kind: RelationKind | null): Promise<void> {
  if (kind === 'view') await s.exec(`DROP VIEW ${render(p)}`);
  else if (kind === 'table') await s.exec(`DROP TABLE ${render(p)}`);
}
