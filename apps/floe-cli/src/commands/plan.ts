import type { Command } from 'commander';
import { stableStringify } from '@floe/core/internal';
import type { CommonOptions, Io } from '../context';
import { writeTargetFiles } from '../output/write-target';
import { batchPlan, renderBatchPlan } from './plan-batch';
import { renderStreamingPlan, streamingPlan } from './plan-streaming';
import { compileAndSelect } from './streaming';

type Runner = (code: number) => void;

export interface PlanOptions extends CommonOptions {
  fullRefresh?: boolean;
}

/**
 * `floe plan`: what building and deploying the selection would do, without
 * doing it. Batch models: each target's cost estimate (BigQuery dry runs).
 * Streaming models: unchanged | new | stateless | state-compatible |
 * state-incompatible | orphan, with the reason and what a reset would replay.
 * Writes target/plan.json; exits 1 when a change needs --allow-state-reset.
 */
export async function planCommand(opts: PlanOptions, io: Io): Promise<number> {
  const c = await compileAndSelect(opts, io);
  if (!c) return 2;
  const batch = await batchPlan(c, opts);
  const streaming = await streamingPlan(c, c.nodeIds, opts);
  const code = streaming.models.some((m) => m.change === 'state-incompatible') ? 1 : 0;
  const doc = { batch, streaming };
  await writeTargetFiles(c.projectDir, { 'plan.json': stableStringify(doc, 2) + '\n' });
  if (opts.json) {
    io.out(JSON.stringify({ ok: code === 0, ...doc }, null, 2) + '\n');
    return code;
  }
  if (batch.nodes.length) io.out(renderBatchPlan(batch));
  if (streaming.models.length || streaming.orphans.length) io.out((batch.nodes.length ? '\n' : '') + renderStreamingPlan(streaming));
  if (!batch.nodes.length && !streaming.models.length && !streaming.orphans.length) io.out('plan: nothing selected.\n');
  return code;
}

export function registerPlanCommand(program: Command, io: Io, done: Runner, projectOptions: (cmd: Command, extra?: { select?: boolean }) => Command): void {
  projectOptions(
    program
      .command('plan')
      .description(
        'what building and deploying the selection would do, without doing it: batch models show their target\'s cost estimate (BigQuery: dry-run bytes); ' +
          'streaming models show unchanged | new | stateless | state-compatible | state-incompatible | orphan with the reason (exit 1 if a change needs --allow-state-reset)',
      ),
    { select: true },
  )
    .option('--full-refresh', 'estimate full rebuilds of incremental models')
    .action(async (opts: PlanOptions) => done(await planCommand(opts, io)));
}
