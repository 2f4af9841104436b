import type { DialectCompileResult, DialectNodeInput } from '@floe/core';
import type { SnowflakeConfig } from './config';
import { isTransient } from './materialize/node-config';
import { sql } from './materialize/statements';
import { wrapped } from './materialize/sql-text';
import { placeOf } from './relations';

/**
 * The full-build statement of each node as the target will send it, stored in
 * the artifacts (`node.target.statements`) so reviewers and tests see the
 * exact Snowflake SQL without a connection. Runtime-only statements (MERGE,
 * ALTER ... ADD COLUMN) depend on the live table and are built at run time by
 * the same functions.
 */
export function compileSnowflakeNode(config: Pick<SnowflakeConfig, 'database' | 'transient'>, node: DialectNodeInput): DialectCompileResult {
  if (!node.relation || node.compiledSql === null) return {};
  const place = placeOf(node.relation, config.database);
  const transient = isTransient(node, config.transient);
  switch (node.resourceType === 'snapshot' ? 'snapshot' : node.materialized) {
    case 'view':
      return { statements: [sql.createView(place, node.compiledSql)] };
    case 'table':
    case 'incremental':
      return { statements: [sql.createTableAs(place, node.compiledSql, transient)] };
    case 'snapshot':
      return { statements: [`SELECT * FROM ${wrapped(node.compiledSql)} AS s LIMIT 0`] };
    default:
      return {};
  }
}
