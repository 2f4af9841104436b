import { FloeError } from '../errors';
import type { OnSchemaChange } from './capabilities';

/** What an incremental model's table must do for a batch with other columns, by `on_schema_change`. */
export interface SchemaChangePlan<C extends { name: string }> {
  /** Batch columns the table lacks: add them (append_new_columns, sync_all_columns; empty otherwise). */
  add: C[];
  /** Table columns the batch lacks: drop them (sync_all_columns; empty otherwise). */
  drop: C[];
  /** Batch columns whose `type` differs from the table's (sync_all_columns, columns with a type; empty otherwise). */
  retype: C[];
  /** The columns to write after the change: the table's that the batch also has, in table order, then the added ones. */
  insert: string[];
}

const caseInsensitive = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Compares an incremental model's table columns with its new batch's and
 * says what `on_schema_change` asks for; `fail` with any added or removed
 * column throws FLOE_SCHEMA_CHANGE. The target runs the DDL itself (its own
 * statements, inside or before its transaction). Names compare
 * case-insensitively unless `sameName` says otherwise.
 */
export function planSchemaChange<C extends { name: string; type?: string }>(
  tableCols: readonly C[],
  batchCols: readonly C[],
  mode: OnSchemaChange,
  nodeName: string,
  sameName: (a: string, b: string) => boolean = caseInsensitive,
): SchemaChangePlan<C> {
  const inTable = (c: C) => tableCols.some((t) => sameName(t.name, c.name));
  const inBatch = (c: C) => batchCols.some((b) => sameName(b.name, c.name));
  const added = batchCols.filter((c) => !inTable(c));
  const removed = tableCols.filter((t) => !inBatch(t));
  if (mode === 'fail' && (added.length > 0 || removed.length > 0)) {
    const parts = [added.length ? `added ${added.map((c) => c.name).join(', ')}` : '', removed.length ? `removed ${removed.map((c) => c.name).join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    throw new FloeError('FLOE_SCHEMA_CHANGE', `${nodeName}: the columns changed (${parts}) and on_schema_change is fail`, {
      hint: 'Run with --full-refresh to rebuild the table, or set on_schema_change to append_new_columns or sync_all_columns.',
    });
  }
  const adds = mode === 'append_new_columns' || mode === 'sync_all_columns';
  const sync = mode === 'sync_all_columns';
  const retype = sync ? batchCols.filter((c) => c.type !== undefined && tableCols.some((t) => sameName(t.name, c.name) && t.type !== c.type)) : [];
  return {
    add: adds ? [...added] : [],
    drop: sync ? [...removed] : [],
    retype,
    insert: [...tableCols, ...(adds ? added : [])].filter(inBatch).map((c) => c.name),
  };
}
