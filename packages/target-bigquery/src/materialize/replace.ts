import { describeRelation, layoutKey } from '../relations';
import type { Place } from '../sql/quote';
import { createOrReplaceTable, createOrReplaceView, dropTable, dropView, type TableLayout } from '../sql/statements';
import type { NodeContext } from './context';

/**
 * CREATE OR REPLACE TABLE … AS SELECT is one job: BigQuery swaps the new
 * table in when the query succeeds and keeps the old one when it fails. A
 * view of the same name, or a table with other partitioning/clustering
 * (which BigQuery refuses to replace), is dropped first — that case is not
 * atomic. Returns the new table's row count.
 */
export async function replaceTable(c: NodeContext, place: Place, selectSql: string, layout: TableLayout = {}): Promise<number> {
  const existing = await describeRelation(c.client, place);
  if (existing?.kind === 'view') await c.session.run(dropView(place));
  else if (existing && existing.layout !== layoutKey(layout.partitionBy?.field, layout.clusterBy ?? [])) await c.session.run(dropTable(place));
  await c.session.run(createOrReplaceTable(place, selectSql, layout));
  const after = await describeRelation(c.client, place);
  return after?.numRows ?? 0;
}

/** CREATE OR REPLACE VIEW; a table of the same name is dropped first. */
export async function replaceView(c: NodeContext, place: Place, selectSql: string): Promise<void> {
  const existing = await describeRelation(c.client, place);
  if (existing?.kind === 'table') await c.session.run(dropTable(place));
  await c.session.run(createOrReplaceView(place, selectSql));
}
