import { stableStringify } from '@floe/core/internal';
import type { PlanResult } from '@floe/target-flink-experimental';
import type { Command } from 'commander';
import type { CommonOptions, Io } from '../context';
import { writeTargetFiles } from '../output/write-target';
import { compileAndSelect, withStreamingComputes } from './streaming';

type Runner = (code: number) => void;

/**
 * `floe plan` for streaming models: each streaming_table classified against its running
 * job (PROJECT_FORMAT.md section 10). Streaming part only; a batch plan can add its own
 * section to the same document. Exit 0 when nothing needs --allow-state-reset, 1 otherwise.
 */
export async function streamingPlan(opts: CommonOptions, io: Io): Promise<{ code: number; doc?: { streaming: PlanResult }; projectDir?: string }> {
  const c = await compileAndSelect(opts, io);
  if (!c) return { code: 2 };
  const parts = await withStreamingComputes(c.artifacts, c.registry, c.projectDir, c.nodeIds, async (conn, ids) => [
    await conn.plan(c.artifacts, ids, { orphans: !opts.select && !opts.exclude }),
  ]);
  const interrupted = parts.find((p) => p.interrupted)?.interrupted;
  const streaming: PlanResult = { models: parts.flatMap((p) => p.models), orphans: parts.flatMap((p) => p.orphans), ...(interrupted ? { interrupted } : {}) };
  const code = streaming.models.some((m) => m.change === 'state-incompatible') ? 1 : 0;
  return { code, doc: { streaming }, projectDir: c.projectDir };
}

export function renderStreamingPlan(plan: PlanResult): string {
  const lines = [['model', 'change', 'reason'].join('\t')];
  for (const m of plan.models) {
    lines.push([m.model, m.change, m.reason].join('\t'));
    for (const r of m.replay ?? []) lines.push(['', '', `  replays ${r.topic} from ${r.from}: ${r.records < 0 ? 'unknown number of' : r.records} records`].join('\t'));
  }
  for (const o of plan.orphans) lines.push([o.jobName, 'orphan', `job ${o.jobId} runs but no model owns it`].join('\t'));
  if (plan.interrupted) {
    const i = plan.interrupted;
    lines.push(`\nA deployment started ${i.startedAt} did not finish (${i.models.map((m) => `${m.model}: ${m.step}${m.savepoint ? ` at ${m.savepoint}` : ''}`).join(', ')}); the next floe deploy rolls it back first.`);
  }
  return lines.join('\n') + '\n';
}

export async function planCommand(opts: CommonOptions, io: Io): Promise<number> {
  const r = await streamingPlan(opts, io);
  if (!r.doc) return r.code;
  if (r.projectDir) await writeTargetFiles(r.projectDir, { 'plan.json': stableStringify(r.doc, 2) + '\n' });
  if (opts.json) io.out(JSON.stringify({ ok: r.code === 0, ...r.doc }, null, 2) + '\n');
  else io.out(r.doc.streaming.models.length || r.doc.streaming.orphans.length ? renderStreamingPlan(r.doc.streaming) : 'plan: no streaming_table model selected.\n');
  return r.code;
}

export function registerPlanCommand(program: Command, io: Io, done: Runner, projectOptions: (cmd: Command, extra?: { select?: boolean }) => Command): void {
  projectOptions(program.command('plan').description('what `floe deploy` would do to each streaming model: unchanged | new | stateless | state-compatible | state-incompatible | orphan, with the reason (exit 1 if a change needs --allow-state-reset)'), { select: true }).action(
    async (opts: CommonOptions) => done(await planCommand(opts, io)),
  );
}
