import { FloeError, type CompiledNode } from '@floe/core';
import { quoteIdentifier } from '../dialect';
import { columnsOf, relationKind, render, tempColumnsOf, type Place } from '../relations';
import type { Session } from '../session';
import { onSchemaChange, stringConfig, uniqueKey } from './node-config';
import { replaceTable } from './replace-table';
import { applySchemaChange } from './schema-change';
import { wrapped } from './sql-text';

const BATCH = '__floe_batch';

export interface IncrementalOutcome {
  rows: number;
  message: string;
}

/**
 * An incremental model. First run, `--full-refresh`, or a view in the way:
 * build the whole table atomically. Otherwise the new batch (the SQL with
 * is_incremental() true) lands in a temp table and is appended, merged or
 * delete+inserted into the target, schema changes first — one transaction.
 */
export async function materializeIncremental(s: Session, node: CompiledNode, place: Place, fullRefresh: boolean): Promise<IncrementalOutcome> {
  const fullSql = node.compiledSql as string;
  const kind = await relationKind(s, place);
  if (kind !== 'table' || fullRefresh) {
    const rows = await replaceTable(s, place, fullSql);
    return { rows, message: `CREATE TABLE ${rows}` };
  }
  const strategy = stringConfig(node, 'incremental_strategy') ?? (uniqueKey(node).length > 0 ? 'merge' : 'append');
  const keys = uniqueKey(node);
  if (strategy === 'delete+insert' && keys.length === 0) {
    throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: incremental_strategy delete+insert needs a unique_key`);
  }
  const batchSql = node.compiledIncrementalSql ?? fullSql;
  const target = render(place);
  const batch = quoteIdentifier(BATCH);

  return s.transaction(async () => {
    await s.exec(`DROP TABLE IF EXISTS temp.main.${batch}`);
    await s.exec(`CREATE TEMP TABLE ${batch} AS ${wrapped(batchSql)}`);
    const cols = await applySchemaChange(s, place, await columnsOf(s, place), await tempColumnsOf(s, BATCH), onSchemaChange(node), node.name);
    const colList = cols.map(quoteIdentifier).join(', ');
    const missingKey = keys.find((k) => !cols.some((c) => c.toLowerCase() === k.toLowerCase()));
    if (missingKey && strategy !== 'append') {
      throw new FloeError('FLOE_NODE_FAILED', `${node.name}: unique_key column "${missingKey}" is not in the model's output`);
    }
    let rows: number;
    if (strategy === 'append' || (strategy === 'merge' && keys.length === 0)) {
      rows = await s.exec(`INSERT INTO ${target} (${colList}) SELECT ${colList} FROM ${batch}`);
    } else if (strategy === 'merge') {
      const on = keys.map((k) => `t.${quoteIdentifier(k)} = s.${quoteIdentifier(k)}`).join(' AND ');
      const updatable = cols.filter((c) => !keys.some((k) => k.toLowerCase() === c.toLowerCase()));
      const whenMatched = updatable.length
        ? `WHEN MATCHED THEN UPDATE SET ${updatable.map((c) => `${quoteIdentifier(c)} = s.${quoteIdentifier(c)}`).join(', ')}\n`
        : '';
      rows = await s.exec(
        `MERGE INTO ${target} AS t USING ${batch} AS s ON (${on})\n${whenMatched}WHEN NOT MATCHED THEN INSERT (${colList}) VALUES (${cols.map((c) => `s.${quoteIdentifier(c)}`).join(', ')})`,
      );
    } else if (strategy === 'delete+insert') {
      const keyList = keys.map(quoteIdentifier).join(', ');
      await s.exec(`DELETE FROM ${target} WHERE (${keyList}) IN (SELECT ${keyList} FROM ${batch})`);
      rows = await s.exec(`INSERT INTO ${target} (${colList}) SELECT ${colList} FROM ${batch}`);
    } else {
      throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: incremental_strategy "${strategy}" is not supported by DuckDB (use append, merge or delete+insert)`);
    }
    await s.exec(`DROP TABLE temp.main.${batch}`);
    return { rows, message: `${strategy.toUpperCase()} ${rows}` };
  });
}
