import { FloeError, type CompiledNode } from '@floe/core';
import { describeRelation } from '../relations';
import { sibling, type Place } from '../sql/quote';
import { createOrReplaceTable, deleteMatchingKeys, deletePartitions, dropTable, insertFrom, mergeInto, transaction } from '../sql/statements';
import { STAGING_EXPIRE_HOURS, type NodeContext } from './context';
import { onSchemaChange, stringConfig, tableLayout, uniqueKey } from './node-config';
import { replaceTable } from './replace';
import { applySchemaChange } from './schema-change';

export interface Outcome {
  rows: number;
  message: string;
}

/**
 * An incremental model. First run, `--full-refresh` or a view in the way:
 * CREATE OR REPLACE TABLE. Otherwise the batch lands in an expiring staging
 * table, schema changes are applied, and the data change runs as one DML
 * statement (append, merge) or one multi-statement transaction
 * (delete+insert, insert_overwrite).
 */
export async function materializeIncremental(c: NodeContext, node: CompiledNode, place: Place, fullRefresh: boolean): Promise<Outcome> {
  const fullSql = node.compiledSql as string;
  const layout = tableLayout(node);
  const existing = await describeRelation(c.client, place);
  if (existing?.kind !== 'table' || fullRefresh) {
    const rows = await replaceTable(c, place, fullSql, layout);
    return { rows, message: `CREATE TABLE ${rows}` };
  }
  const keys = uniqueKey(node);
  const strategy = stringConfig(node, 'incremental_strategy') ?? (keys.length > 0 ? 'merge' : 'append');
  if (strategy === 'delete+insert' && keys.length === 0) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: incremental_strategy delete+insert needs a unique_key`);
  if (strategy === 'insert_overwrite' && !layout.partitionBy) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: incremental_strategy insert_overwrite needs partition_by`);
  if (!['append', 'merge', 'delete+insert', 'insert_overwrite'].includes(strategy)) {
    throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: incremental_strategy "${strategy}" is not supported by BigQuery (use append, merge, delete+insert or insert_overwrite)`);
  }
  const batch = sibling(place, '__floe_batch');
  await c.session.run(createOrReplaceTable(batch, node.compiledIncrementalSql ?? fullSql, {}, { expireHours: STAGING_EXPIRE_HOURS }));
  try {
    const batchInfo = await describeRelation(c.client, batch);
    const cols = await applySchemaChange(c, place, existing.columns, batchInfo?.columns ?? [], onSchemaChange(node), node.name);
    const missingKey = keys.find((k) => !cols.some((col) => col.toLowerCase() === k.toLowerCase()));
    if (missingKey && strategy !== 'append' && strategy !== 'insert_overwrite') {
      throw new FloeError('FLOE_NODE_FAILED', `${node.name}: unique_key column "${missingKey}" is not in the model's output`);
    }
    let rows: number;
    if (strategy === 'append' || (strategy === 'merge' && keys.length === 0)) {
      rows = (await c.session.run(insertFrom(place, batch, cols))).dmlRows ?? 0;
    } else if (strategy === 'merge') {
      rows = (await c.session.run(mergeInto(place, batch, cols, keys))).dmlRows ?? 0;
    } else if (strategy === 'delete+insert') {
      await c.session.run(transaction([deleteMatchingKeys(place, batch, keys), insertFrom(place, batch, cols)]));
      rows = (await describeRelation(c.client, batch))?.numRows ?? 0;
    } else {
      const statics = Array.isArray(node.config['partitions']) ? (node.config['partitions'] as unknown[]).map(String) : undefined;
      await c.session.run(transaction([deletePartitions(place, batch, layout.partitionBy!, statics), insertFrom(place, batch, cols)]));
      rows = (await describeRelation(c.client, batch))?.numRows ?? 0;
    }
    return { rows, message: `${strategy.toUpperCase()} ${rows}` };
  } finally {
    await c.session.run(dropTable(batch)).catch(() => undefined);
  }
}
