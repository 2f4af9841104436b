import { planSchemaChange, type OnSchemaChange } from '@floe/core';
import type { ColumnInfo } from '../relations';
import type { Place } from '../sql/quote';
import { addColumn, dropColumn } from '../sql/statements';
import type { NodeContext } from './context';

/**
 * Reconciles the target's columns with the batch's according to
 * `on_schema_change`. BigQuery allows no DDL inside a transaction, so these
 * ALTERs run before the data change. Returns the columns to insert.
 */
export async function applySchemaChange(c: NodeContext, target: Place, targetCols: ColumnInfo[], sourceCols: ColumnInfo[], mode: OnSchemaChange, nodeName: string): Promise<string[]> {
  const plan = planSchemaChange(targetCols, sourceCols, mode, nodeName);
  for (const a of plan.add) await c.session.run(addColumn(target, a.name, a.type));
  for (const r of plan.drop) await c.session.run(dropColumn(target, r.name));
  return plan.insert;
}
