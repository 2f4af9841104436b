import type { PlanResult } from '@floe/target-flink-experimental';
import type { CliCompile } from '../project-compile';
import { withStreamingComputes } from './streaming';

/**
 * The streaming half of `floe plan`: each selected streaming_table classified
 * against its running job (PROJECT_FORMAT.md section 10) through Flink's
 * compiled plans.
 */
export async function streamingPlan(compiled: CliCompile, nodeIds: string[], opts: { select?: string[]; exclude?: string[] }): Promise<PlanResult> {
  const artifacts = compiled.result.artifacts!;
  const parts = await withStreamingComputes(artifacts, compiled.registry, compiled.projectDir, nodeIds, async (conn, ids) => [
    await conn.plan(artifacts, ids, { orphans: !opts.select && !opts.exclude }),
  ]);
  const interrupted = parts.find((p) => p.interrupted)?.interrupted;
  return { models: parts.flatMap((p) => p.models), orphans: parts.flatMap((p) => p.orphans), ...(interrupted ? { interrupted } : {}) };
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
