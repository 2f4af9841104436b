import type { CompiledNode } from '@floe/core';
import { render, type Place } from '../relations';
import type { Session } from '../session';
import { replaceTable } from './replace-table';
import { wrapped } from './sql-text';

/** dbt's convention: failing rows are stored in `<schema>_dbt_test__audit`, one table per test. */
export function auditPlace(node: CompiledNode, defaultSchema: string): Place {
  const r = node.relation;
  const schema = r?.schema ?? defaultSchema;
  return {
    database: r?.database ?? null,
    schema: schema.endsWith('_dbt_test__audit') ? schema : `${schema}_dbt_test__audit`,
    // dbt names the table after the test's alias (its short name when the full name is 64+ characters).
    identifier: r?.identifier ?? (typeof node.config['alias'] === 'string' ? node.config['alias'] : node.name),
  };
}

export function storesFailures(node: CompiledNode): boolean {
  return node.test?.storeFailures ?? node.config['store_failures'] === true;
}

/** Counts the failing rows of a test (its SQL returns them; `where` is already applied). */
export async function runDataTest(s: Session, node: CompiledNode, audit: Place | null): Promise<number> {
  if (audit) {
    await replaceTable(s, audit, node.compiledSql as string);
    const rows = await s.query(`SELECT count(*) AS failures FROM ${render(audit)}`);
    return Number(rows[0]?.['failures'] ?? 0);
  }
  const rows = await s.query(`SELECT count(*) AS failures FROM ${wrapped(node.compiledSql as string)} AS floe_test`);
  return Number(rows[0]?.['failures'] ?? 0);
}
