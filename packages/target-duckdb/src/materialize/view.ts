import { dropRelation, relationKind, render, type Place } from '../relations';
import type { Session } from '../session';
import { wrapped } from './sql-text';

/** Create or replace a view; a table of the same name is dropped in the same transaction. */
export async function materializeView(s: Session, place: Place, selectSql: string): Promise<void> {
  await s.transaction(async () => {
    const kind = await relationKind(s, place);
    if (kind === 'table') await dropRelation(s, place, kind);
    await s.exec(`CREATE OR REPLACE VIEW ${render(place)} AS ${wrapped(selectSql)}`);
  });
}
