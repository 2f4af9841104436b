import { FloeError } from '@floe/core';
import type { Place } from '../relations';
import type { Column, Session } from '../session';
import { sql } from './statements';

export type OnSchemaChange = 'ignore' | 'fail' | 'append_new_columns' | 'sync_all_columns';

const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

export function onSchemaChange(v: unknown): OnSchemaChange {
  return v === 'fail' || v === 'append_new_columns' || v === 'sync_all_columns' ? v : 'ignore';
}

/**
 * Reconciles the target's columns with the batch's by `on_schema_change`
 * using ALTER TABLE ADD/DROP COLUMN (DDL: Snowflake commits it on its own, so
 * this runs before the DML transaction). Returns the columns to write.
 */
export async function applySchemaChange(s: Session, target: Place, targetCols: Column[], sourceCols: Column[], mode: OnSchemaChange, nodeName: string): Promise<string[]> {
  const added = sourceCols.filter((c) => !targetCols.some((t) => same(t.name, c.name)));
  const removed = targetCols.filter((t) => !sourceCols.some((c) => same(t.name, c.name)));
  let cols = [...targetCols];
  if (mode === 'fail' && (added.length > 0 || removed.length > 0)) {
    const parts = [added.length ? `added ${added.map((c) => c.name).join(', ')}` : '', removed.length ? `removed ${removed.map((c) => c.name).join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    throw new FloeError('FLOE_SCHEMA_CHANGE', `${nodeName}: the columns changed (${parts}) and on_schema_change is fail`, {
      hint: 'Run with --full-refresh to rebuild the table, or set on_schema_change to append_new_columns or sync_all_columns.',
    });
  }
  if (mode === 'append_new_columns' || mode === 'sync_all_columns') {
    for (const c of added) {
      await s.exec(sql.addColumn(target, c));
      cols.push(c);
    }
  }
  if (mode === 'sync_all_columns') {
    for (const c of removed) {
      await s.exec(sql.dropColumn(target, c.name));
      cols = cols.filter((t) => !same(t.name, c.name));
    }
  }
  return cols.filter((t) => sourceCols.some((c) => same(t.name, c.name))).map((t) => t.name);
}
