import { FloeError, type CompiledNode } from '@floe/core';
import { ident } from '../dialect';
import { columnsOf, relationKind, type Place } from '../relations';
import type { Session } from '../session';
import { onSchemaChange, stringConfig, uniqueKey } from './node-config';
import { replaceTable } from './replace';
import { applySchemaChange } from './schema-change';
import { sql } from './statements';

/**
 * An incremental model. First run, `--full-refresh`, or a view in the way:
 * build the whole table (atomic CREATE OR REPLACE). Otherwise the batch lands
 * in a session TEMPORARY table, schema changes are applied (DDL), and the
 * INSERT or MERGE (each atomic alone) or DELETE+INSERT (in one BEGIN…COMMIT) runs.
 */
export async function materializeIncremental(s: Session, node: CompiledNode, place: Place, fullRefresh: boolean, transient: boolean): Promise<{ rows: number; message: string }> {
  const fullSql = node.compiledSql as string;
  const kind = await relationKind(s, place);
  if (kind !== 'table' || fullRefresh) {
    const rows = await replaceTable(s, place, fullSql, transient);
    return { rows, message: `CREATE TABLE ${rows}` };
  }
  const keys = uniqueKey(node);
  const strategy = stringConfig(node, 'incremental_strategy') ?? (keys.length > 0 ? 'merge' : 'append');
  if (!['append', 'merge', 'delete+insert'].includes(strategy)) {
    throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: incremental_strategy "${strategy}" is not supported by Snowflake (use append, merge or delete+insert)`);
  }
  if (strategy === 'delete+insert' && keys.length === 0) {
    throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: incremental_strategy delete+insert needs a unique_key`);
  }
  const batchName = `${place.identifier}__FLOE_BATCH`;
  const batch = ident(batchName);
  await s.exec(sql.createTempAs(batchName, node.compiledIncrementalSql ?? fullSql));
  try {
    const batchCols = (await s.query(`SELECT * FROM ${batch} LIMIT 0`)).columns;
    const cols = await applySchemaChange(s, place, await columnsOf(s, place), batchCols, onSchemaChange(node), node.name);
    const missingKey = keys.find((k) => !cols.some((c) => c.toUpperCase() === k.toUpperCase()));
    if (missingKey && strategy !== 'append') {
      throw new FloeError('FLOE_NODE_FAILED', `${node.name}: unique_key column "${missingKey}" is not in the model's output`);
    }
    let rows: number;
    // A single INSERT or MERGE is atomic on its own in Snowflake; delete+insert needs a transaction around its two statements.
    if (strategy === 'append' || (strategy === 'merge' && keys.length === 0)) rows = await s.exec(sql.insertSelect(place, cols, batch));
    else if (strategy === 'merge') rows = await s.exec(sql.merge(place, batch, keys, cols));
    else
      rows = await s.transaction(async () => {
        await s.exec(sql.deleteMatching(place, batch, keys));
        return s.exec(sql.insertSelect(place, cols, batch));
      });
    return { rows, message: `${strategy.toUpperCase()} ${rows}` };
  } finally {
    await s.exec(sql.dropTemp(batchName)).catch(() => undefined);
  }
}
