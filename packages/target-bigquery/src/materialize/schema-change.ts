import { FloeError, type OnSchemaChange } from '@floe/core';
import type { ColumnInfo } from '../relations';
import type { Place } from '../sql/quote';
import { addColumn, dropColumn } from '../sql/statements';
import type { NodeContext } from './context';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Reconciles the target's columns with the batch's according to
 * `on_schema_change`. BigQuery allows no DDL inside a transaction, so these
 * ALTERs run before the data change. Returns the columns to insert.
 */
export async function applySchemaChange(c: NodeContext, target: Place, targetCols: ColumnInfo[], sourceCols: ColumnInfo[], mode: OnSchemaChange, nodeName: string): Promise<string[]> {
  const added = sourceCols.filter((s) => !targetCols.some((t) => same(t.name, s.name)));
  const removed = targetCols.filter((t) => !sourceCols.some((s) => same(t.name, s.name)));
  let cols = [...targetCols];
  if (mode === 'fail' && (added.length > 0 || removed.length > 0)) {
    const parts = [added.length ? `added ${added.map((x) => x.name).join(', ')}` : '', removed.length ? `removed ${removed.map((x) => x.name).join(', ')}` : ''].filter(Boolean).join('; ');
    throw new FloeError('FLOE_SCHEMA_CHANGE', `${nodeName}: the columns changed (${parts}) and on_schema_change is fail`, {
      hint: 'Run with --full-refresh to rebuild the table, or set on_schema_change to append_new_columns or sync_all_columns.',
    });
  }
  if (mode === 'append_new_columns' || mode === 'sync_all_columns') {
    for (const a of added) {
      await c.session.run(addColumn(target, a.name, a.type));
      cols.push(a);
    }
  }
  if (mode === 'sync_all_columns') {
    for (const r of removed) {
      await c.session.run(dropColumn(target, r.name));
      cols = cols.filter((t) => !same(t.name, r.name));
    }
  }
  return cols.filter((t) => sourceCols.some((s) => same(t.name, s.name))).map((t) => t.name);
}
