import { dropRelation, relationKind, render, sibling, type Place } from '../relations';
import { quoteIdentifier } from '../dialect';
import type { Session } from '../session';
import { wrapped } from './sql-text';

/** DuckDB's message when CREATE OR REPLACE TABLE meets a view of the same name. */
const REPLACES_VIEW = /Existing object .* is of type View, trying to replace with type Table/;

/**
 * Replaces the relation with a table of `selectSql`'s rows, atomically: a
 * crash or cancellation leaves the old version and a commit the new one.
 * Usually one `CREATE OR REPLACE TABLE … AS` (one statement is one
 * transaction). When a view is in the way, builds beside the relation under a
 * temporary name, then drops the view and renames — in ONE transaction.
 * Returns the number of rows written.
 */
export async function replaceTable(s: Session, place: Place, selectSql: string): Promise<number> {
  try {
    return await s.exec(`CREATE OR REPLACE TABLE ${render(place)} AS ${wrapped(selectSql)}`);
  } catch (err) {
    // Not `instanceof Error`: the native binding's errors may come from another realm (jest's vm).
    const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
    if (!(typeof message === 'string' && REPLACES_VIEW.test(message))) throw err;
  }
  const staging = sibling(place, '__floe_new');
  return s.transaction(async () => {
    const kind = await relationKind(s, place);
    await s.exec(`DROP TABLE IF EXISTS ${render(staging)}`);
    const rows = await s.exec(`CREATE TABLE ${render(staging)} AS ${wrapped(selectSql)}`);
    await dropRelation(s, place, kind);
    await s.exec(`ALTER TABLE ${render(staging)} RENAME TO ${quoteIdentifier(place.identifier)}`);
    return rows;
  });
}
