import { FloeError, type CompiledNode } from '@floe/core';
import { parseClusterBy, parsePartitionBy } from '../sql/partitioning';
import type { TableLayout } from '../sql/statements';

// unique_key / on_schema_change / string configs are read the same way by every target.
export { uniqueKey, onSchemaChange, stringConfig } from '@floe/core';

/** partition_by / cluster_by of a node (already validated at compile time by the dialect). */
export function tableLayout(node: CompiledNode): TableLayout {
  const p = parsePartitionBy(node.config['partition_by']);
  const c = parseClusterBy(node.config['cluster_by']);
  const problems = [...p.problems, ...c.problems];
  if (problems.length) throw new FloeError('FLOE_CONFIG_INVALID', `${node.name}: ${problems.map((x) => x.message).join('; ')}`);
  return { ...(p.value ? { partitionBy: p.value } : {}), clusterBy: c.value };
}
