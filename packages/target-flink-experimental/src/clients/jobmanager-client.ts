import { FloeError } from '@floe/core';
import { parseFlinkErrors } from './flink-errors';
import { backoff, isObject, RestTransport, sleep, type RestClientOptions } from './http';

// Typed client for the Flink JobManager REST API (port 8081), the parts a
// deployer needs: jobs, checkpoints, savepoints, stop/cancel, exceptions.

export type JobState =
  | 'INITIALIZING' | 'CREATED' | 'RUNNING' | 'FAILING' | 'FAILED' | 'CANCELLING' | 'CANCELED'
  | 'FINISHED' | 'RESTARTING' | 'SUSPENDED' | 'RECONCILING';

export const TERMINAL_JOB_STATES: ReadonlySet<JobState> = new Set(['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED']);

export interface ClusterOverview {
  taskmanagers: number;
  slotsTotal: number;
  slotsAvailable: number;
  jobsRunning: number;
  flinkVersion: string;
}

export interface JobSummary {
  id: string;
  name: string;
  state: JobState;
  startTime: number;
  endTime: number | undefined;
  durationMs: number;
}

export interface JobDetail extends JobSummary {
  vertices: Array<{ id: string; name: string; parallelism: number; status: string }>;
}

export interface CompletedCheckpoint {
  id: number;
  externalPath: string | undefined;
  /** Epoch ms when the last task acknowledged it. */
  completedAt: number;
  ageMs: number;
  isSavepoint: boolean;
}

export interface CheckpointStats {
  counts: { total: number; completed: number; failed: number; inProgress: number; restored: number };
  latestCompleted: CompletedCheckpoint | undefined;
  latestFailed: { id: number; failureMessage: string | undefined } | undefined;
  restored: { id: number; externalPath: string | undefined; isSavepoint: boolean } | undefined;
}

export interface SavepointOptions {
  /** Defaults to the cluster's `execution.checkpointing.savepoint-dir`. */
  targetDirectory?: string;
  formatType?: 'CANONICAL' | 'NATIVE';
}

export type SavepointStatus =
  | { status: 'IN_PROGRESS' }
  | { status: 'COMPLETED'; location: string }
  | { status: 'FAILED'; failure: string };

export interface JobExceptions {
  rootException: string | undefined;
  timestamp: number | undefined;
  history: Array<{ exceptionName: string; stacktrace: string; timestamp: number; taskName: string | undefined }>;
}

export interface TaskManagerInfo {
  id: string;
  slotsNumber: number;
  freeSlots: number;
  timeSinceLastHeartbeat: number;
}

export class JobManagerClient {
  readonly transport: RestTransport;

  constructor(options: RestClientOptions) {
    this.transport = new RestTransport('Flink JobManager', options);
  }

  async overview(): Promise<ClusterOverview> {
    const b = await this.transport.request<unknown>('GET', '/overview');
    if (!isObject(b) || typeof b.taskmanagers !== 'number') throw this.transport.malformed('GET /overview', b);
    return {
      taskmanagers: b.taskmanagers,
      slotsTotal: num(b['slots-total']),
      slotsAvailable: num(b['slots-available']),
      jobsRunning: num(b['jobs-running']),
      flinkVersion: String(b['flink-version'] ?? ''),
    };
  }

  async listJobs(): Promise<JobSummary[]> {
    const b = await this.transport.request<unknown>('GET', '/jobs/overview');
    if (!isObject(b) || !Array.isArray(b.jobs)) throw this.transport.malformed('GET /jobs/overview', b);
    return b.jobs.map((j: unknown) => this.summary(j, 'GET /jobs/overview'));
  }

  /** The job, or undefined if the cluster does not know it. */
  async job(jobId: string): Promise<JobDetail | undefined> {
    const b = await this.transport.request<unknown>('GET', `/jobs/${jobId}`, { allow: [404] });
    if (b === undefined) return undefined;
    const s = this.summary(b, 'GET /jobs/{id}');
    const vertices = isObject(b) && Array.isArray(b.vertices) ? b.vertices : [];
    return {
      ...s,
      vertices: vertices.filter(isObject).map((v) => ({ id: String(v.id), name: String(v.name), parallelism: num(v.parallelism), status: String(v.status) })),
    };
  }

  /** Polls until the job reaches one of `states` (bounded), returning the state reached. */
  async waitForJobState(jobId: string, states: readonly JobState[], timeoutMs = 60_000): Promise<JobState> {
    const deadline = Date.now() + timeoutMs;
    let last: JobState | 'UNKNOWN' = 'UNKNOWN';
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const j = await this.job(jobId);
      if (j) {
        last = j.state;
        if (states.includes(j.state)) return j.state;
        if (TERMINAL_JOB_STATES.has(j.state)) break;
      }
      await sleep(Math.min(backoff(attempt, 100, 1_000), Math.max(0, deadline - Date.now())));
    }
    throw new FloeError('FLOE_FLINK_REQUEST_FAILED', `Flink job ${jobId} is ${last}, not ${states.join('/')}, after waiting up to ${timeoutMs} ms.`);
  }

  async checkpoints(jobId: string): Promise<CheckpointStats> {
    const b = await this.transport.request<unknown>('GET', `/jobs/${jobId}/checkpoints`);
    if (!isObject(b) || !isObject(b.counts)) throw this.transport.malformed('GET /jobs/{id}/checkpoints', b);
    const c = b.counts;
    const latest = isObject(b.latest) ? b.latest : {};
    const done = isObject(latest.completed) ? latest.completed : undefined;
    const failed = isObject(latest.failed) ? latest.failed : undefined;
    const restored = isObject(latest.restored) ? latest.restored : undefined;
    const completedAt = done ? num(done.latest_ack_timestamp) : 0;
    return {
      counts: { total: num(c.total), completed: num(c.completed), failed: num(c.failed), inProgress: num(c.in_progress), restored: num(c.restored) },
      latestCompleted: done
        ? { id: num(done.id), externalPath: str(done.external_path), completedAt, ageMs: Math.max(0, Date.now() - completedAt), isSavepoint: done.is_savepoint === true }
        : undefined,
      latestFailed: failed ? { id: num(failed.id), failureMessage: str(failed.failure_message) } : undefined,
      restored: restored ? { id: num(restored.id), externalPath: str(restored.external_path), isSavepoint: restored.is_savepoint === true } : undefined,
    };
  }

  /** Triggers a savepoint (optionally cancelling the job) and returns the trigger id. */
  async triggerSavepoint(jobId: string, options: SavepointOptions & { cancelJob?: boolean } = {}): Promise<string> {
    const b = await this.transport.request<unknown>('POST', `/jobs/${jobId}/savepoints`, {
      body: { 'cancel-job': options.cancelJob ?? false, ...(options.targetDirectory ? { 'target-directory': options.targetDirectory } : {}), ...(options.formatType ? { formatType: options.formatType } : {}) },
    });
    return this.requestId(b, 'POST /jobs/{id}/savepoints');
  }

  /**
   * Stop-with-savepoint. `drain: true` sends MAX_WATERMARK first so windows and timers fire
   * (use it only when the job is retired for good). Returns the trigger id.
   */
  async stopWithSavepoint(jobId: string, options: SavepointOptions & { drain?: boolean } = {}): Promise<string> {
    const b = await this.transport.request<unknown>('POST', `/jobs/${jobId}/stop`, {
      body: { drain: options.drain ?? false, ...(options.targetDirectory ? { targetDirectory: options.targetDirectory } : {}), ...(options.formatType ? { formatType: options.formatType } : {}) },
    });
    return this.requestId(b, 'POST /jobs/{id}/stop');
  }

  async savepointStatus(jobId: string, triggerId: string): Promise<SavepointStatus> {
    const b = await this.transport.request<unknown>('GET', `/jobs/${jobId}/savepoints/${triggerId}`);
    if (!isObject(b) || !isObject(b.status) || typeof b.status.id !== 'string') throw this.transport.malformed('GET /jobs/{id}/savepoints/{trigger}', b);
    if (b.status.id === 'IN_PROGRESS') return { status: 'IN_PROGRESS' };
    const op = isObject(b.operation) ? b.operation : {};
    if (typeof op.location === 'string') return { status: 'COMPLETED', location: op.location };
    const cause = isObject(op['failure-cause']) ? op['failure-cause'] : {};
    const trace = typeof cause['stack-trace'] === 'string' ? cause['stack-trace'] : JSON.stringify(op);
    return { status: 'FAILED', failure: parseFlinkErrors([trace]).message };
  }

  /** Polls a savepoint trigger with bounded backoff; resolves with the savepoint's location. */
  async waitForSavepoint(jobId: string, triggerId: string, timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const s = await this.savepointStatus(jobId, triggerId);
      if (s.status === 'COMPLETED') return s.location;
      if (s.status === 'FAILED') throw new FloeError('FLOE_FLINK_REQUEST_FAILED', `Savepoint of job ${jobId} failed: ${s.failure}`);
      if (Date.now() >= deadline) throw new FloeError('FLOE_FLINK_REQUEST_FAILED', `Savepoint of job ${jobId} still in progress after ${timeoutMs} ms.`);
      await sleep(Math.min(backoff(attempt, 200, 2_000), Math.max(0, deadline - Date.now())));
    }
  }

  /** Stop-with-savepoint and wait for it; returns the savepoint location. */
  async stopJobWithSavepoint(jobId: string, options: SavepointOptions & { drain?: boolean; timeoutMs?: number } = {}): Promise<string> {
    const trigger = await this.stopWithSavepoint(jobId, options);
    return this.waitForSavepoint(jobId, trigger, options.timeoutMs);
  }

  async cancel(jobId: string): Promise<void> {
    await this.transport.request('PATCH', `/jobs/${jobId}`, { query: { mode: 'cancel' } });
  }

  async exceptions(jobId: string, maxExceptions = 10): Promise<JobExceptions> {
    const b = await this.transport.request<unknown>('GET', `/jobs/${jobId}/exceptions`, { query: { maxExceptions: String(maxExceptions) } });
    if (!isObject(b)) throw this.transport.malformed('GET /jobs/{id}/exceptions', b);
    const hist = isObject(b.exceptionHistory) && Array.isArray(b.exceptionHistory.entries) ? b.exceptionHistory.entries : [];
    const entries = hist.filter(isObject);
    const first = entries[0];
    return {
      rootException: str(b['root-exception']) ?? (first ? str(first.stacktrace) : undefined),
      timestamp: typeof b.timestamp === 'number' ? b.timestamp : first ? num(first.timestamp) : undefined,
      history: entries.map((e) => ({ exceptionName: String(e.exceptionName ?? ''), stacktrace: String(e.stacktrace ?? ''), timestamp: num(e.timestamp), taskName: str(e.taskName) })),
    };
  }

  /** The job's global job parameters (`pipeline.global-job-parameters`), where Floe records a job's plan checksum. */
  async jobParameters(jobId: string): Promise<Record<string, string>> {
    const b = await this.transport.request<unknown>('GET', `/jobs/${jobId}/config`, { allow: [404] });
    if (b === undefined) return {};
    const ec = isObject(b) && isObject(b['execution-config']) ? b['execution-config'] : {};
    const user = isObject(ec['user-config']) ? ec['user-config'] : {};
    return Object.fromEntries(Object.entries(user).map(([k, v]) => [k, String(v)]));
  }

  /** Job-level metrics by name (e.g. numRestarts); a metric the job does not report is absent. */
  async jobMetrics(jobId: string, names: readonly string[]): Promise<Record<string, number>> {
    const b = await this.transport.request<unknown>('GET', `/jobs/${jobId}/metrics`, { query: { get: names.join(',') }, allow: [404] });
    const out: Record<string, number> = {};
    if (Array.isArray(b)) for (const m of b.filter(isObject)) if (typeof m.id === 'string' && m.value !== undefined && Number.isFinite(Number(m.value))) out[m.id] = Number(m.value);
    return out;
  }

  /** The lowest current input watermark (epoch ms) over a vertex's subtasks; undefined before the first watermark. */
  async vertexWatermark(jobId: string, vertexId: string): Promise<number | undefined> {
    const b = await this.transport.request<unknown>('GET', `/jobs/${jobId}/vertices/${vertexId}/watermarks`, { allow: [404] });
    if (!Array.isArray(b)) return undefined;
    const values = b.filter(isObject).map((m) => Number(m.value)).filter((v) => Number.isFinite(v) && v > -9_000_000_000_000_000);
    return values.length ? Math.min(...values) : undefined;
  }

  async taskManagers(): Promise<TaskManagerInfo[]> {
    const b = await this.transport.request<unknown>('GET', '/taskmanagers');
    if (!isObject(b) || !Array.isArray(b.taskmanagers)) throw this.transport.malformed('GET /taskmanagers', b);
    return b.taskmanagers.filter(isObject).map((t) => ({ id: String(t.id), slotsNumber: num(t.slotsNumber), freeSlots: num(t.freeSlots), timeSinceLastHeartbeat: num(t.timeSinceLastHeartbeat) }));
  }

  private summary(j: unknown, what: string): JobSummary {
    if (!isObject(j) || typeof j.jid !== 'string' || typeof j.state !== 'string') throw this.transport.malformed(what, j);
    const end = num(j['end-time']);
    return { id: j.jid, name: String(j.name ?? ''), state: j.state as JobState, startTime: num(j['start-time']), endTime: end > 0 ? end : undefined, durationMs: num(j.duration) };
  }

  private requestId(b: unknown, what: string): string {
    if (!isObject(b) || typeof b['request-id'] !== 'string') throw this.transport.malformed(what, b);
    return b['request-id'];
  }
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
