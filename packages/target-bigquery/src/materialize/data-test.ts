import type { CompiledNode } from '@floe/core';
import { render, type Place } from '../sql/quote';
import { countFailures } from '../sql/statements';
import type { NodeContext } from './context';
import { replaceTable } from './replace';

/** dbt's convention: failing rows are stored in `<dataset>_dbt_test__audit`, one table per test. */
export function auditPlace(node: CompiledNode, project: string, defaultDataset: string): Place {
  const r = node.relation;
  const dataset = r?.schema ?? defaultDataset;
  return {
    project: r?.database ?? project,
    dataset: dataset.endsWith('_dbt_test__audit') ? dataset : `${dataset}_dbt_test__audit`,
    identifier: r?.identifier ?? node.name,
  };
}

export function storesFailures(node: CompiledNode): boolean {
  return node.test?.storeFailures ?? node.config['store_failures'] === true;
}

/** Counts the failing rows of a test (its SQL returns them). */
export async function runDataTest(c: NodeContext, node: CompiledNode, audit: Place | null): Promise<number> {
  if (audit) {
    await replaceTable(c, audit, node.compiledSql as string);
    const rows = await c.session.rows(`SELECT COUNT(*) AS failures FROM ${render(audit)}`);
    return Number(rows[0]?.['failures'] ?? 0);
  }
  const rows = await c.session.rows(countFailures(node.compiledSql as string));
  return Number(rows[0]?.['failures'] ?? 0);
}
