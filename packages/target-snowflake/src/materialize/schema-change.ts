import { planSchemaChange, type OnSchemaChange } from '@floe/core';
import type { Place } from '../relations';
import type { Column, Session } from '../session';
import { sql } from './statements';

// Snowflake folds unquoted identifiers to upper case, so names compare upper-cased.
const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/**
 * Reconciles the target's columns with the batch's by `on_schema_change`
 * using ALTER TABLE ADD/DROP COLUMN (DDL: Snowflake commits it on its own, so
 * this runs before the DML transaction). Returns the columns to write.
 */
export async function applySchemaChange(s: Session, target: Place, targetCols: Column[], sourceCols: Column[], mode: OnSchemaChange, nodeName: string): Promise<string[]> {
  const plan = planSchemaChange(targetCols, sourceCols, mode, nodeName, same);
  for (const c of plan.add) await s.exec(sql.addColumn(target, c));
  for (const c of plan.drop) await s.exec(sql.dropColumn(target, c.name));
  return plan.insert;
}
