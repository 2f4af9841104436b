import { FloeError, type OnSchemaChange } from '@floe/core';
import { quoteIdentifier } from '../dialect';
import { render, type ColumnInfo, type Place } from '../relations';
import type { Session } from '../session';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Reconciles the target's columns with the new batch's columns according to
 * `on_schema_change`, inside the caller's transaction. Returns the columns
 * to insert (the target's columns that the batch also has, in target order).
 */
export async function applySchemaChange(
  s: Session,
  target: Place,
  targetCols: ColumnInfo[],
  sourceCols: ColumnInfo[],
  mode: OnSchemaChange,
  nodeName: string,
): Promise<string[]> {
  const added = sourceCols.filter((c) => !targetCols.some((t) => same(t.name, c.name)));
  const removed = targetCols.filter((t) => !sourceCols.some((c) => same(t.name, c.name)));
  const retyped = sourceCols.filter((c) => targetCols.some((t) => same(t.name, c.name) && t.type !== c.type));
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
      await s.exec(`ALTER TABLE ${render(target)} ADD COLUMN ${quoteIdentifier(c.name)} ${c.type}`);
      cols.push(c);
    }
  }
  if (mode === 'sync_all_columns') {
    for (const c of removed) {
      await s.exec(`ALTER TABLE ${render(target)} DROP COLUMN ${quoteIdentifier(c.name)}`);
      cols = cols.filter((t) => !same(t.name, c.name));
    }
    for (const c of retyped) {
      await s.exec(`ALTER TABLE ${render(target)} ALTER COLUMN ${quoteIdentifier(c.name)} TYPE ${c.type}`);
    }
  }
  return cols.filter((t) => sourceCols.some((c) => same(t.name, c.name))).map((t) => t.name);
}
