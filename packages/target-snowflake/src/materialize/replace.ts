import { ident } from '../dialect';
import { relationKind, render, sibling, type Place } from '../relations';
import type { Session } from '../session';
import { sql } from './statements';

/**
 * Builds a table from a SELECT and puts it in place atomically.
 * Over an existing table (or nothing) this is one CREATE OR REPLACE … AS
 * SELECT, which Snowflake runs as a single transaction: if the SELECT fails,
 * the old table is untouched. A view in the way cannot be replaced by a table
 * in one statement, so the table is built beside it first and only then the
 * view is dropped and the new table renamed into place.
 */
export async function replaceTable(s: Session, place: Place, select: string, transient: boolean): Promise<number> {
  const kind = await relationKind(s, place);
  if (kind === 'view') {
    const beside = sibling(place, '__FLOE_NEW');
    await s.exec(sql.createTableAs(beside, select, transient));
    await s.exec(sql.dropView(place));
    await s.exec(`ALTER TABLE ${render(beside)} RENAME TO ${render(place)}`);
  } else {
    await s.exec(sql.createTableAs(place, select, transient));
  }
  return countRows(s, place);
}

export async function countRows(s: Session, place: Place): Promise<number> {
  const r = await s.query(sql.countRows(place));
  return Number(r.rows[0]?.['N'] ?? 0);
}

/** Create or replace a view; a table of the same name is dropped first (Snowflake keeps one object per name). */
export async function materializeView(s: Session, place: Place, select: string): Promise<void> {
  const kind = await relationKind(s, place);
  if (kind === 'table') await s.exec(sql.dropTable(place));
  await s.exec(sql.createView(place, select));
}

export { ident };
