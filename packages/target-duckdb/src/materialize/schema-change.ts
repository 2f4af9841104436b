import { planSchemaChange, type OnSchemaChange } from '@floe/core';
import { quoteIdentifier } from '../dialect';
import { render, type ColumnInfo, type Place } from '../relations';
import type { Session } from '../session';

/**
 * Reconciles the target's columns with the new batch's columns according to
 * `on_schema_change`, inside the caller's transaction (DuckDB also changes
 * column types under sync_all_columns). Returns the columns to insert.
 */
export async function applySchemaChange(
  s: Session,
  target: Place,
  targetCols: ColumnInfo[],
  sourceCols: ColumnInfo[],
  mode: OnSchemaChange,
  nodeName: string,
): Promise<string[]> {
  const plan = planSchemaChange(targetCols, sourceCols, mode, nodeName);
  for (const c of plan.add) await s.exec(`ALTER TABLE ${render(target)} ADD COLUMN ${quoteIdentifier(c.name)} ${c.type}`);
  for (const c of plan.drop) await s.exec(`ALTER TABLE ${render(target)} DROP COLUMN ${quoteIdentifier(c.name)}`);
  for (const c of plan.retype) await s.exec(`ALTER TABLE ${render(target)} ALTER COLUMN ${quoteIdentifier(c.name)} TYPE ${c.type}`);
  return plan.insert;
}
