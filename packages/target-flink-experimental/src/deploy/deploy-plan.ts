import type { JobSummary } from '../clients';
import { kafkaTables, type StreamingModel } from './streaming-models';

/**
 * A deployment is planned as explicit steps before anything changes, so it can
 * be printed, recorded and (with safe upgrades) resumed or rolled back.
 */
export type DeployStep =
  | { kind: 'create-topic'; topic: string; partitions: number; compact: boolean; model: string }
  | { kind: 'adopt-job'; model: string; jobName: string; jobId: string }
  | { kind: 'start-job'; model: string; jobName: string }
  | { kind: 'upgrade-job'; model: string; jobName: string; jobId: string };

export interface DeployProblem {
  model: string;
  message: string;
  hint: string;
}

/** What the cluster and the broker hold now (read before planning). */
export interface ClusterState {
  topics: ReadonlySet<string>;
  jobs: readonly JobSummary[];
  /** Plan checksum recorded in each live job's parameters (`floe.checksum`). */
  checksums: ReadonlyMap<string, string | undefined>;
}

const LIVE = new Set(['INITIALIZING', 'CREATED', 'RUNNING', 'RESTARTING', 'RECONCILING', 'FAILING']);

export function liveJob(state: ClusterState, jobName: string): JobSummary | undefined {
  return state.jobs.filter((j) => j.name === jobName && LIVE.has(j.state)).sort((a, b) => b.startTime - a.startTime)[0];
}

export function planDeployment(models: readonly StreamingModel[], state: ClusterState, options: { upgrades?: boolean } = {}): { steps: DeployStep[]; problems: DeployProblem[] } {
  const steps: DeployStep[] = [];
  const problems: DeployProblem[] = [];
  const topicsPlanned = new Set<string>();
  const ownedTopics = new Set(models.flatMap((m) => kafkaTables(m.prelude).filter((t) => t.owned).map((t) => t.topic)));
  for (const m of models) {
    for (const t of kafkaTables(m.prelude)) {
      if (state.topics.has(t.topic) || topicsPlanned.has(t.topic)) continue;
      if (t.owned) {
        topicsPlanned.add(t.topic);
        steps.push({ kind: 'create-topic', topic: t.topic, partitions: t.partitions, compact: t.connector === 'upsert-kafka', model: m.name });
      } else if (!ownedTopics.has(t.topic)) {
        problems.push({ model: m.name, message: `source topic "${t.topic}" (read by ${m.name}) does not exist`, hint: 'Create the topic (or produce to it) first, or fix stream.kafka.topic of the source.' });
      }
    }
  }
  for (const m of models) {
    const running = liveJob(state, m.job.name);
    if (!running) {
      steps.push({ kind: 'start-job', model: m.name, jobName: m.job.name });
    } else if (state.checksums.get(running.id) === m.checksum) {
      steps.push({ kind: 'adopt-job', model: m.name, jobName: m.job.name, jobId: running.id });
    } else if (options.upgrades) {
      steps.push({ kind: 'upgrade-job', model: m.name, jobName: m.job.name, jobId: running.id });
    } else {
      problems.push({
        model: m.name,
        message: `job "${m.job.name}" (${running.id}) is ${running.state} with a different version of ${m.name}`,
        hint: 'Changing a running streaming job needs a state-safe upgrade: `floe plan` classifies it and `floe deploy` upgrades it through a savepoint (this planner does so with { upgrades: true }).',
      });
    }
  }
  return { steps, problems };
}
