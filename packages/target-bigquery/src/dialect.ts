import { mapLogicalType, type Diagnostic, type Dialect, type DialectCompileResult, type DialectNodeInput, type RelationName } from '@floe/core';
import type { BigQueryConfig } from './config';
import { parseClusterBy, parsePartitionBy } from './sql/partitioning';
import { quoteIdentifier, quoteLiteral, render, type Place } from './sql/quote';
import { createOrReplaceTable, createOrReplaceView } from './sql/statements';
import { BIGQUERY_MACROS } from './macros';

const TYPES: Record<string, string> = {
  boolean: 'BOOL', bool: 'BOOL', int: 'INT64', integer: 'INT64', smallint: 'INT64', tinyint: 'INT64', bigint: 'INT64', long: 'INT64',
  float: 'FLOAT64', real: 'FLOAT64', double: 'FLOAT64', float64: 'FLOAT64', decimal: 'NUMERIC', numeric: 'NUMERIC', bignumeric: 'BIGNUMERIC',
  string: 'STRING', text: 'STRING', varchar: 'STRING', char: 'STRING', date: 'DATE', time: 'TIME', datetime: 'DATETIME', timestamp_ntz: 'DATETIME',
  timestamp: 'TIMESTAMP', timestamptz: 'TIMESTAMP', timestamp_tz: 'TIMESTAMP', timestamp_ltz: 'TIMESTAMP', json: 'JSON', binary: 'BYTES', bytes: 'BYTES', uuid: 'STRING',
  geography: 'GEOGRAPHY', interval: 'INTERVAL',
};

/** Logical type → GoogleSQL type. `varchar(20)` keeps no length; `decimal(p,s)` becomes NUMERIC(p,s); `array<t>` maps its element. */
export function mapType(logical: string): string {
  const t = logical.trim();
  const arr = /^(array|list)\s*<(.+)>$/i.exec(t);
  if (arr) return `ARRAY<${mapType(arr[2] as string)}>`;
  const m = /^\s*([a-zA-Z_]+)\s*\(([^)]*)\)\s*$/.exec(t);
  if (m) {
    const base = (m[1] as string).toLowerCase();
    if (['varchar', 'char', 'string', 'text'].includes(base)) return 'STRING';
    if (['timestamp', 'datetime', 'time'].includes(base)) return TYPES[base] as string;
  }
  return mapLogicalType(t, TYPES);
}

/**
 * BigQuery's pure dialect: backtick quoting, `project.dataset.table`, types,
 * and compile-time checks of partition_by / cluster_by / insert_overwrite
 * (no credentials needed). The DDL that builds each node is stored with it.
 */
export function createBigQueryDialect(config: Pick<BigQueryConfig, 'project' | 'dataset'>): Dialect {
  const project = typeof config.project === 'string' ? config.project : undefined;
  const place = (r: RelationName): Place => ({ project: r.database ?? project ?? '', dataset: r.schema, identifier: r.identifier });
  return {
    name: 'bigquery',
    defaultSchema: config.dataset,
    ...(project ? { defaultDatabase: project } : {}),
    quoteIdentifier,
    quoteLiteral,
    renderRelation: (r: RelationName) => (r.database ?? project ? render(place(r)) : [r.schema, r.identifier].map(quoteIdentifier).join('.')),
    mapType,
    macros: BIGQUERY_MACROS,
    compileNode: (node) => compileBigQueryNode(node, place),
  };
}

function compileBigQueryNode(node: DialectNodeInput, place: (r: RelationName) => Place): DialectCompileResult {
  const diagnostics: Diagnostic[] = [];
  const at = { file: node.file, line: node.line ?? 1, column: 1 };
  const problem = (code: 'FLOE_CONFIG_INVALID' | 'FLOE_CONFIG_REQUIRED', message: string, hint: string) =>
    diagnostics.push({ severity: 'error', code, message: `${node.name}: ${message}`, ...at, hint });
  const p = parsePartitionBy(node.config['partition_by']);
  const c = parseClusterBy(node.config['cluster_by']);
  for (const x of [...p.problems, ...c.problems]) problem('FLOE_CONFIG_INVALID', x.message, 'See docs/targets.md#bigquery for the partition_by and cluster_by forms.');
  if (node.materialized === 'incremental' && node.config['incremental_strategy'] === 'insert_overwrite' && !p.value && p.problems.length === 0) {
    problem('FLOE_CONFIG_REQUIRED', 'incremental_strategy insert_overwrite needs partition_by', 'Add partition_by: {field: <column>, data_type: date} to the model config.');
  }
  if (diagnostics.length || !node.relation || node.compiledSql === null || node.resourceType !== 'model') return diagnostics.length ? { diagnostics } : {};
  const target = place(node.relation);
  if (!target.project) return {};
  if (node.materialized === 'view') return { statements: [createOrReplaceView(target, node.compiledSql)] };
  if (node.materialized === 'table' || node.materialized === 'incremental') {
    return { statements: [createOrReplaceTable(target, node.compiledSql, { ...(p.value ? { partitionBy: p.value } : {}), clusterBy: c.value })] };
  }
  return {};
}
