import { carryIdentities, matchPlans, statefulNodes, type CompiledPlan } from './compiled-plan';

/** PROJECT_FORMAT.md section 10. */
export type ChangeKind = 'unchanged' | 'new' | 'stateless' | 'state-compatible' | 'state-incompatible' | 'orphan';

/** What Floe recorded when it last deployed a model's job (`<state dir>/jobs/<job name>.json`). */
export interface DeployedRecord {
  model: string;
  jobName: string;
  jobId: string;
  checksum: string;
  /** The plan the job runs (after carried identities), as executed. */
  planFile: string;
  deployedAt: string;
  /** The DDL the job's session needs (EXECUTE PLAN resolves tables by name), for a rollback to this version. */
  prelude: string[];
  properties: Record<string, string>;
}

/** A source that a state reset reads again, and how much of it. */
export interface Replay {
  table: string;
  topic: string;
  from: string;
  records: number;
}

export interface ModelChange {
  model: string;
  jobName: string;
  change: ChangeKind;
  reason: string;
  runningJobId?: string;
  /** For state-compatible changes whose stateful nodes moved: the new plan with the old ids. */
  plan?: CompiledPlan;
  replay?: Replay[];
}

/**
 * Classifies one model: the running job (with Floe's record of what it runs)
 * against the newly compiled plan. Pure; the caller supplies everything read
 * from the cluster and the state directory.
 */
export function classifyChange(input: {
  model: string;
  jobName: string;
  checksum: string;
  newPlan: CompiledPlan;
  running: { jobId: string; checksum: string | undefined } | undefined;
  record: DeployedRecord | undefined;
  oldPlan: CompiledPlan | undefined;
}): ModelChange {
  const { model, jobName, running } = input;
  const base = { model, jobName, ...(running ? { runningJobId: running.jobId } : {}) };
  if (!running) return { ...base, change: 'new', reason: 'no job of this model is running' };
  if (running.checksum === input.checksum) return { ...base, change: 'unchanged', reason: 'the running job runs this version' };
  if (!input.record || input.record.jobId !== running.jobId || !input.oldPlan) {
    return { ...base, change: 'state-incompatible', reason: `Floe has no compiled plan recorded for running job ${running.jobId}, so its operator state cannot be matched` };
  }
  const m = matchPlans(input.oldPlan, input.newPlan);
  if (m.lost.length || m.added.length) {
    const parts = [
      ...m.lost.map((n) => `the state of ${n.label} (node ${n.id}) has no identical operator in the new plan`),
      ...m.added.map((n) => `${n.label} (node ${n.id}) is new and would start empty`),
    ];
    return { ...base, change: 'state-incompatible', reason: parts.join('; ') };
  }
  const plan = carryIdentities(input.newPlan, m.idMap);
  const operators = statefulNodes(input.newPlan).filter((n) => n.role === 'operator');
  const carried = m.carried.length ? `; operator ids carried over: ${m.carried.map((c) => `${c.label} ${c.from}->${c.to}`).join(', ')}` : '';
  if (operators.length === 0) {
    return { ...base, change: 'stateless', reason: `no operator state; source offsets restore from a savepoint${carried}`, plan };
  }
  return {
    ...base,
    change: 'state-compatible',
    reason: `${operators.length} stateful operator${operators.length === 1 ? '' : 's'} unchanged (${operators.map((o) => o.label.split(' (')[0]).join(', ')}); restores from a savepoint${carried}`,
    plan,
  };
}
