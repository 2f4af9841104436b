import { DBT_SCD_COLUMNS, FloeError, NATIVE_SCD_COLUMNS, snapshotCheckColumns, type CompiledNode } from '@floe/core';
import { describeRelation } from '../relations';
import { sibling, type Place } from '../sql/quote';
import { VERSION_AT, snapshotApply, snapshotChangesSelect, snapshotInitialSelect, snapshotSource, type SnapshotSpec } from '../sql/snapshot';
import { addColumn, createOrReplaceTable, dropTable, transaction } from '../sql/statements';
import { STAGING_EXPIRE_HOURS, type NodeContext } from './context';
import { stringConfig, uniqueKey } from './node-config';
import { replaceTable } from './replace';
import type { Outcome } from './incremental';

/**
 * SCD type 2. First run: CREATE OR REPLACE TABLE. Later runs: the source and
 * the changed rows land in expiring staging tables, new columns are added,
 * then closing old versions and inserting new ones is ONE transaction.
 */
export async function materializeSnapshot(c: NodeContext, node: CompiledNode, place: Place, mode: 'native' | 'dbt'): Promise<Outcome> {
  const keys = uniqueKey(node);
  if (keys.length === 0) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: a snapshot needs unique_key`);
  const strategy = stringConfig(node, 'strategy') ?? 'timestamp';
  const updatedAt = stringConfig(node, 'updated_at');
  if (strategy !== 'timestamp' && strategy !== 'check') throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: snapshot strategy "${strategy}" is not supported (use timestamp or check)`);
  if (strategy === 'timestamp' && !updatedAt) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: strategy timestamp needs updated_at`);
  const spec: SnapshotSpec = { keys, strategy, ...(updatedAt ? { updatedAt } : {}), scd: mode === 'dbt' ? DBT_SCD_COLUMNS : NATIVE_SCD_COLUMNS };
  const sql = node.compiledSql as string;

  const existing = await describeRelation(c.client, place);
  if (existing?.kind !== 'table') {
    const rows = await replaceTable(c, place, snapshotInitialSelect(spec, sql));
    return { rows, message: `SNAPSHOT ${rows}` };
  }
  const src = sibling(place, '__floe_snapshot_src');
  const changes = sibling(place, '__floe_snapshot_changes');
  const expire = { expireHours: STAGING_EXPIRE_HOURS };
  try {
    await c.session.run(createOrReplaceTable(src, snapshotSource(spec, sql), {}, expire));
    const srcCols = ((await describeRelation(c.client, src))?.columns ?? []).filter((x) => x.name !== VERSION_AT);
    for (const col of srcCols) {
      if (!existing.columns.some((t) => t.name.toLowerCase() === col.name.toLowerCase())) await c.session.run(addColumn(place, col.name, col.type));
    }
    const checkCols = snapshotCheckColumns(node, srcCols.map((x) => x.name));
    await c.session.run(createOrReplaceTable(changes, snapshotChangesSelect(spec, place, src, checkCols), {}, expire));
    await c.session.run(transaction(snapshotApply(spec, place, src, changes, srcCols.map((x) => x.name), hardDeletes(node))));
    const rows = (await describeRelation(c.client, changes))?.numRows ?? 0;
    return { rows, message: `SNAPSHOT ${rows}` };
  } finally {
    await c.session.run(dropTable(src)).catch(() => undefined);
    await c.session.run(dropTable(changes)).catch(() => undefined);
  }
}


function hardDeletes(node: CompiledNode): boolean {
  return node.config['invalidate_hard_deletes'] === true || node.config['hard_deletes'] === 'invalidate';
}
