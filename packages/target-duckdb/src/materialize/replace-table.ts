import { dropRelation, relationKind, render, sibling, type Place } from '../relations';
import { quoteIdentifier } from '../dialect';
import type { Session } from '../session';
import { wrapped } from './sql-text';

/**
 * Builds `selectSql` beside the relation under a temporary name, then drops
 * the old relation and renames the new one — all in ONE transaction, so a
 * crash or cancellation leaves the old version and a commit the new one.
 * Returns the number of rows written.
 */
export async function replaceTable(s: Session, place: Place, selectSql: string): Promise<number> {
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
