import type { CompiledNode } from '@floe/core';
import type { Place } from '../relations';
import type { Session } from '../session';
import { countRows, replaceTable } from './replace';
import { sql } from './statements';

/** dbt's convention: failing rows are stored in `<schema>_dbt_test__audit`, one table per test. */
export function auditPlace(node: CompiledNode, database: string, defaultSchema: string): Place {
  const r = node.relation;
  const schema = r?.schema ?? defaultSchema;
  return {
    database: r?.database ?? database,
    schema: schema.toLowerCase().endsWith('_dbt_test__audit') ? schema : `${schema}_dbt_test__audit`,
    identifier: r?.identifier ?? node.name,
  };
}

export function storesFailures(node: CompiledNode): boolean {
  return node.test?.storeFailures ?? node.config['store_failures'] === true;
}

/** Counts the failing rows of a test; with store_failures they are kept in the audit table. */
export async function runDataTest(s: Session, node: CompiledNode, audit: Place | null): Promise<number> {
  if (audit) {
    await replaceTable(s, audit, node.compiledSql as string, true);
    return countRows(s, audit);
  }
  const r = await s.query(sql.countFailures(node.compiledSql as string));
  return Number(r.rows[0]?.['FAILURES'] ?? 0);
}
