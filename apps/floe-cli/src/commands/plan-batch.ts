import { canEstimate, closeAll, connectComputes, envSecretResolver, selectNodes, silentLogger, type CompiledNode, type NodeEstimate, type TargetConnection } from '@floe/core/internal';
import type { CliCompile } from '../project-compile';

export interface BatchPlanRow {
  unique_id: string;
  name: string;
  materialized: string;
  compute: string;
  target: string;
  estimate: NodeEstimate | null;
}

export interface BatchPlan {
  nodes: BatchPlanRow[];
  total_bytes_processed: number;
}

/**
 * The batch half of `floe plan`: asks each selected batch node's target what
 * running it would cost, without running anything (BigQuery: a free dry run).
 * Targets that cannot estimate give `estimate: null`.
 */
export async function batchPlan(compiled: CliCompile, opts: { select?: string[]; exclude?: string[]; fullRefresh?: boolean }): Promise<BatchPlan> {
  const artifacts = compiled.result.artifacts!;
  const ids = selectNodes(compiled.result.graph!, { ...(opts.select ? { select: opts.select } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}), resourceTypes: ['model', 'seed', 'snapshot'] });
  const nodes = ids.map((id) => artifacts.nodes[id] as CompiledNode).filter((n) => n && n.materialized !== 'ephemeral' && n.materialized !== 'streaming_table');
  const rows: BatchPlanRow[] = [];
  if (nodes.length === 0) return { nodes: rows, total_bytes_processed: 0 };
  let connections = new Map<string, TargetConnection>();
  try {
    connections = await connectComputes({ artifacts, registry: compiled.registry, projectDir: compiled.projectDir, computes: [...new Set(nodes.map((n) => n.compute))], resolveSecret: envSecretResolver, logger: silentLogger });
    for (const node of nodes) {
      const conn = connections.get(node.compute);
      const estimate = conn && canEstimate(conn) ? await conn.estimateNode(node, { artifacts, fullRefresh: !!opts.fullRefresh, projectDir: compiled.projectDir }) : null;
      rows.push({ unique_id: node.id, name: node.name, materialized: node.materialized, compute: node.compute, target: node.targetType, estimate });
    }
  } finally {
    await closeAll(connections, silentLogger);
  }
  return { nodes: rows, total_bytes_processed: rows.reduce((s, r) => s + (r.estimate?.bytesProcessed ?? 0), 0) };
}

export function renderBatchPlan(plan: BatchPlan): string {
  const rows = plan.nodes;
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  const lines = [`${'node'.padEnd(width)}  ${'materialized'.padEnd(12)}  ${'target'.padEnd(8)}  estimate`];
  for (const r of rows) lines.push(`${r.name.padEnd(width)}  ${r.materialized.padEnd(12)}  ${r.target.padEnd(8)}  ${r.estimate?.summary ?? 'no estimate (the target cannot estimate)'}`);
  if (rows.some((r) => r.estimate?.bytesProcessed !== undefined)) lines.push(`total: ${plan.total_bytes_processed} bytes scanned by the estimated nodes`);
  return lines.join('\n') + '\n';
}
