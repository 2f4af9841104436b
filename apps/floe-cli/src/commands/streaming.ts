import { connectComputes, closeAll, envSecretResolver, selectNodes, silentLogger, stableStringify, FloeError, type CompiledArtifacts, type PluginRegistry } from '@floe/core/internal';
import type { FlinkConnection } from '@floe/target-flink-experimental';
import type { Command } from 'commander';
import type { CommonOptions, Io } from '../context';
import { writeTargetFiles } from '../output/write-target';
import { compileForCli } from '../project-compile';

type Runner = (code: number) => void;

/** Opens the streaming computes that own the selected streaming_table models and hands each connection to `work`. */
export async function withStreamingComputes<T>(
  artifacts: CompiledArtifacts,
  registry: PluginRegistry,
  projectDir: string,
  nodeIds: string[],
  work: (conn: FlinkConnection, ids: string[]) => Promise<T[]>,
): Promise<T[]> {
  const byCompute = new Map<string, string[]>();
  for (const id of nodeIds) {
    const n = artifacts.nodes[id];
    if (!n || n.materialized !== 'streaming_table') continue;
    byCompute.set(n.compute, [...(byCompute.get(n.compute) ?? []), id]);
  }
  if (byCompute.size === 0) return [];
  const { isFlinkConnection } = await import('@floe/target-flink-experimental'); // only the streaming commands load it
  const conns = await connectComputes({ artifacts, registry, projectDir, computes: [...byCompute.keys()], resolveSecret: envSecretResolver, logger: silentLogger });
  try {
    const out: T[] = [];
    for (const [name, ids] of byCompute) {
      const conn = conns.get(name);
      if (!isFlinkConnection(conn)) throw new FloeError('FLOE_CAPABILITY_MISSING', `compute "${name}" cannot deploy streaming models`);
      out.push(...(await work(conn, ids)));
    }
    return out;
  } finally {
    await closeAll(conns, silentLogger);
  }
}

export async function compileAndSelect(opts: CommonOptions, io: Io) {
  const compiled = await compileForCli(opts, io);
  if (!compiled) return undefined;
  const nodeIds = selectNodes(compiled.result.graph!, { ...(opts.select ? { select: opts.select } : {}), ...(opts.exclude ? { exclude: opts.exclude } : {}), resourceTypes: ['model'] });
  return { ...compiled, artifacts: compiled.result.artifacts!, nodeIds };
}

/** `floe deploy`: topics, tables and one Flink job per streaming model, in dependency order; matching running jobs are adopted. */
export async function deployCommand(opts: CommonOptions & { allowStateReset?: boolean }, io: Io): Promise<number> {
  const c = await compileAndSelect(opts, io);
  if (!c) return 2;
  const log = opts.json ? () => undefined : (line: string) => io.err(`deploy: ${line}\n`);
  const t0 = Date.now();
  // Launched by Dagster (Pipes): each deployed model is reported as a materialization with its job.
  const { openPipes } = await import('../pipes-bridge');
  const pipes = openPipes(c.artifacts, io);
  let results;
  try {
    results = await withStreamingComputes(c.artifacts, c.registry, c.projectDir, c.nodeIds, async (conn, ids) => [await conn.deploy({ artifacts: c.artifacts, nodeIds: ids, log, allowStateReset: opts.allowStateReset ?? false })]);
  } catch (e) {
    await pipes?.close(e as Error);
    throw e;
  }
  pipes?.onDeployed(results.flatMap((r) => r.models), (Date.now() - t0) / 1000);
  await pipes?.close();
  const doc = { ok: true, environment: c.artifacts.environment, elapsedMs: Date.now() - t0, models: results.flatMap((r) => r.models), topicsCreated: results.flatMap((r) => r.topicsCreated), steps: results.flatMap((r) => r.steps) };
  await writeTargetFiles(c.projectDir, { 'deploy_results.json': stableStringify(doc, 2) + '\n' });
  if (opts.json) io.out(JSON.stringify(doc, null, 2) + '\n');
  else if (doc.models.length === 0) io.err('deploy: no streaming_table model selected; nothing to do.\n');
  else io.err(`deploy: ${doc.models.filter((m) => m.action === 'started').length} started, ${doc.models.filter((m) => m.action === 'upgraded').length} upgraded, ${doc.models.filter((m) => m.action === 'adopted').length} adopted in ${(doc.elapsedMs / 1000).toFixed(1)} s\n`);
  return 0;
}

const age = (ms: number | undefined) => (ms === undefined ? '-' : ms < 120_000 ? `${Math.round(ms / 1000)}s` : ms < 7_200_000 ? `${Math.round(ms / 60_000)}m` : `${Math.round(ms / 3_600_000)}h`);

/** `floe status`: each streaming model's job state, last checkpoint age, restarts, watermark lag and consumer lag. Exit 1 when a job is not RUNNING. */
export async function statusCommand(opts: CommonOptions, io: Io): Promise<number> {
  const c = await compileAndSelect(opts, io);
  if (!c) return 2;
  const rows = await withStreamingComputes(c.artifacts, c.registry, c.projectDir, c.nodeIds, (conn, ids) => conn.status(c.artifacts, ids));
  const healthy = rows.every((r) => r.state === 'RUNNING' && r.current);
  if (opts.json) io.out(JSON.stringify({ ok: healthy, models: rows }, null, 2) + '\n');
  else {
    const lines = [['model', 'state', 'version', 'checkpoint', 'restarts', 'watermark lag', 'consumer lag', 'job'].join('\t')];
    for (const r of rows) {
      lines.push([r.model, r.state, r.jobId ? (r.current ? 'current' : 'OUTDATED') : '-', age(r.lastCheckpointAgeMs), r.restarts ?? '-', age(r.watermarkLagMs), r.consumerLag ?? '-', r.jobId ? `${r.jobName} ${r.jobId}` : r.jobName].join('\t'));
    }
    io.out(lines.join('\n') + '\n');
  }
  return healthy ? 0 : 1;
}

export function registerStreamingCommands(program: Command, io: Io, done: Runner, projectOptions: (cmd: Command, extra?: { select?: boolean }) => Command): void {
  projectOptions(program.command('deploy').description('apply `floe plan`: create topics, start new jobs, upgrade changed ones through savepoints (rolled back on failure); a running job of the same version is adopted'), { select: true })
    .option('--allow-state-reset', 'deploy state-incompatible changes with empty state (their sources are replayed, see floe plan)')
    .action(async (opts: CommonOptions & { allowStateReset?: boolean }) => done(await deployCommand(opts, io)),
  );
  projectOptions(program.command('status').description('streaming jobs: state, last checkpoint age, restarts, watermark lag, consumer lag (exit 1 unless all run the compiled version)'), { select: true }).action(
    async (opts: CommonOptions) => done(await statusCommand(opts, io)),
  );
}
