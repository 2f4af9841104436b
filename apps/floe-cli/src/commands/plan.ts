import type { Command } from 'commander';
import { canEstimate, closeAll, connectComputes, envSecretResolver, selectNodes, silentLogger, type CompiledArtifacts, type CompiledNode, type NodeEstimate, type TargetConnection } from '@floe/core/internal';
import type { CommonOptions, Io } from '../context';
import { compileForCli } from '../project-compile';

export interface PlanOptions extends CommonOptions {
  fullRefresh?: boolean;
}

interface PlanRow {
  unique_id: string;
  name: string;
  materialized: string;
  compute: string;
  target: string;
  estimate: NodeEstimate | null;
}

/**
 * `floe plan`: compiles, then asks each batch model's target what running it
 * would cost, without running anything (BigQuery: a free dry run per model).
 * Targets that cannot estimate print "no estimate".
 */
export async function planCommand(opts: PlanOptions, io: Io): Promise<number> {
  const compiled = await compileForCli(opts, io);
  if (!compiled) return 2;
  const { artifacts, graph } = compiled.result as { artifacts: CompiledArtifacts; graph: NonNullable<typeof compiled.result.graph> };
  const ids = selectNodes(graph, { ...(opts.select ? { select: opts.select } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}), resourceTypes: ['model', 'seed', 'snapshot'] });
  const nodes = ids.map((id) => artifacts.nodes[id] as CompiledNode).filter((n) => n && n.materialized !== 'ephemeral' && n.materialized !== 'streaming_table');
  const computes = [...new Set(nodes.map((n) => n.compute))];
  let connections = new Map<string, TargetConnection>();
  const rows: PlanRow[] = [];
  try {
    connections = await connectComputes({ artifacts, registry: compiled.registry, projectDir: compiled.projectDir, computes, resolveSecret: envSecretResolver, logger: silentLogger });
    for (const node of nodes) {
      const conn = connections.get(node.compute);
      const estimate = conn && canEstimate(conn) ? await conn.estimateNode(node, { artifacts, fullRefresh: !!opts.fullRefresh, projectDir: compiled.projectDir }) : null;
      rows.push({ unique_id: node.id, name: node.name, materialized: node.materialized, compute: node.compute, target: node.targetType, estimate });
    }
  } finally {
    await closeAll(connections, silentLogger);
  }
  if (opts.json) {
    const total = rows.reduce((s, r) => s + (r.estimate?.bytesProcessed ?? 0), 0);
    io.out(JSON.stringify({ nodes: rows, total_bytes_processed: total }, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  io.out(`${'node'.padEnd(width)}  ${'materialized'.padEnd(12)}  ${'target'.padEnd(8)}  estimate\n`);
  for (const r of rows) io.out(`${r.name.padEnd(width)}  ${r.materialized.padEnd(12)}  ${r.target.padEnd(8)}  ${r.estimate?.summary ?? 'no estimate (the target cannot estimate)'}\n`);
  const total = rows.reduce((s, r) => s + (r.estimate?.bytesProcessed ?? 0), 0);
  if (rows.some((r) => r.estimate?.bytesProcessed !== undefined)) io.out(`total: ${total} bytes scanned by the estimated nodes\n`);
  return 0;
}

/** Registers `floe plan` (project flags come from the caller's projectOptions). */
export function registerPlanCommand(program: Command, io: Io, done: (code: number) => void, projectOptions: (cmd: Command, extra?: { select?: boolean }) => Command): void {
  projectOptions(program.command('plan').description('show what building the selected models would cost on their targets, without running them (BigQuery: dry-run bytes)'), { select: true })
    .option('--full-refresh', 'estimate full rebuilds of incremental models')
    .action(async (opts: PlanOptions) => done(await planCommand(opts, io)));
}


