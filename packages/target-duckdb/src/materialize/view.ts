import { dropRelation, relationKind, render, type Place } from '../relations';
import type { Session } from '../session';
import { wrapped } from './sql-text';

/** DuckDB's message when CREATE OR REPLACE VIEW meets a table of the same name. */
const REPLACES_TABLE = /Existing object .* is of type Table, trying to replace with type View/;

/**
 * Create or replace a view; a table of the same name is dropped in the same transaction.
 * The common case (no table in the way) is one statement, atomic on its own: no
 * BEGIN/COMMIT and no catalog lookup, which scans every relation in the database.
 */
export async function materializeView(s: Session, place: Place, selectSql: string): Promise<void> {
  const create = `CREATE OR REPLACE VIEW ${render(place)} AS ${wrapped(selectSql)}`;
  try {
    await s.exec(create);
    return;
  } catch (err) {
    // Not `instanceof Error`: the native binding's errors may come from another realm (jest's vm).
    const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
    if (!(typeof message === 'string' && REPLACES_TABLE.test(message))) throw err;
  }
  await s.transaction(async () => {
    const kind = await relationKind(s, place);
    if (kind === 'table') await dropRelation(s, place, kind);
    await s.exec(create);
  });
}
