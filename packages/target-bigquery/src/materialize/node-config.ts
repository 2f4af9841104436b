import { FloeError, ON_SCHEMA_CHANGE, type CompiledNode, type OnSchemaChange } from '@floe/core';
import { parseClusterBy, parsePartitionBy } from '../sql/partitioning';
import type { TableLayout } from '../sql/statements';

/** `unique_key` as a list of column names (a string or a list in the project). */
export function uniqueKey(node: CompiledNode): string[] {
  const k = node.config['unique_key'];
  if (typeof k === 'string' && k.trim()) return k.split(',').map((x) => x.trim()).filter(Boolean);
  if (Array.isArray(k)) return k.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return [];
}

export function onSchemaChange(node: CompiledNode): OnSchemaChange {
  const v = node.config['on_schema_change'] ?? 'ignore';
  if (typeof v === 'string' && (ON_SCHEMA_CHANGE as readonly string[]).includes(v)) return v as OnSchemaChange;
  throw new FloeError('FLOE_CONFIG_INVALID', `${node.name}: on_schema_change must be one of ${ON_SCHEMA_CHANGE.join(', ')}`);
}

export function stringConfig(node: CompiledNode, key: string): string | undefined {
  const v = node.config[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** partition_by / cluster_by of a node (already validated at compile time by the dialect). */
export function tableLayout(node: CompiledNode): TableLayout {
  const p = parsePartitionBy(node.config['partition_by']);
  const c = parseClusterBy(node.config['cluster_by']);
  const problems = [...p.problems, ...c.problems];
  if (problems.length) throw new FloeError('FLOE_CONFIG_INVALID', `${node.name}: ${problems.map((x) => x.message).join('; ')}`);
  return { ...(p.value ? { partitionBy: p.value } : {}), clusterBy: c.value };
}
