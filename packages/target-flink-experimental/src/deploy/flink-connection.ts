import { FloeError, type BatchConnection, type CompiledArtifacts, type CompiledNode, type ConnectContext, type NodeRunOptions, type NodeRunResult, type QueryResult, type TestRunResult } from '@floe/core';
import { createKafkaClient, JobManagerClient, SqlGatewayClient, type GatewaySession, type KafkaClient, type ResultRow } from '../clients';
import type { FlinkConfig } from '../config';
import { mergeObjects, parseDurationMs, renderPrelude, type FlinkObject } from '../compile/flink-objects';
import { liveJob, planDeployment, type ClusterState, type DeployProblem, type DeployStep } from './deploy-plan';
import { flinkData, kafkaTables, streamingModels, type StreamingModel } from './streaming-models';
import path from 'node:path';
import { StateDir } from './ledger';
import { CHECKSUM_PARAM, Upgrader, type PlannedModel } from './upgrader';

export interface PlanResult {
  models: Array<Omit<PlannedModel, 'nextPlan' | 'plan'>>;
  /** Running jobs of this project and environment that no selected model owns. */
  orphans: Array<{ jobName: string; jobId: string }>;
  /** A deployment a deployer left unfinished (the next `floe deploy` rolls it back first). */
  interrupted?: { id: string; startedAt: string; models: Array<{ model: string; step: string; savepoint?: string }> };
}

export interface DeployOptions {
  artifacts: CompiledArtifacts;
  /** Streaming models to deploy (all when omitted). */
  nodeIds?: readonly string[];
  log?: (line: string) => void;
  /** Bound for a started job to reach RUNNING and complete a checkpoint. Default 120 s. */
  startTimeoutMs?: number;
  /** Deploy state-incompatible changes with empty state (sources replay from their configured start). */
  allowStateReset?: boolean;
}

export interface DeployedModel {
  model: string;
  jobName: string;
  jobId: string;
  action: 'started' | 'adopted' | 'upgraded';
}

export interface DeployResult {
  steps: DeployStep[];
  models: DeployedModel[];
  topicsCreated: string[];
}

export interface ModelStatus {
  model: string;
  jobName: string;
  jobId: string | undefined;
  /** Flink job state, or NOT_DEPLOYED. */
  state: string;
  /** The running job runs the compiled version (its recorded checksum equals the model's). */
  current: boolean;
  lastCheckpointAgeMs: number | undefined;
  restarts: number | undefined;
  /** now - the lowest watermark over the job's operators; undefined before the first watermark. */
  watermarkLagMs: number | undefined;
  /** Records not yet read by the job's Kafka consumer group. */
  consumerLag: number | undefined;
}


/** The Flink target's connection: deploys streaming models, reports their jobs, runs tests on bounded snapshots. */
export class FlinkConnection implements BatchConnection {
  readonly gateway: SqlGatewayClient;
  readonly jobmanager: JobManagerClient;
  private kafkaClient: KafkaClient | undefined;
  private readonly heartbeatMs: number;

  constructor(readonly config: FlinkConfig, private readonly ctx: Pick<ConnectContext, 'logger'> & { signal?: AbortSignal; projectDir?: string }) {
    this.gateway = new SqlGatewayClient({ url: config.gateway });
    this.jobmanager = new JobManagerClient({ url: config.jobmanager });
    this.heartbeatMs = parseDurationMs(config.heartbeat_interval) ?? 2_000;
  }

  get kafka(): KafkaClient {
    this.kafkaClient ??= createKafkaClient({ brokers: this.config.kafka.brokers, clientId: 'floe' });
    return this.kafkaClient;
  }

  /** Checks that the gateway and the JobManager answer (exit 3 otherwise). */
  async ping(): Promise<void> {
    try {
      await this.gateway.info();
      await this.jobmanager.overview();
    } catch (e) {
      throw new FloeError('FLOE_CONNECTION_FAILED', `Flink is not reachable (gateway ${this.config.gateway}, JobManager ${this.config.jobmanager}): ${(e as Error).message}`, {
        hint: 'Start the local stack with `floe dev up`, or fix gateway/jobmanager in platform.yaml.',
        cause: e,
      });
    }
  }

  /** A session of its own for one unit of work: heartbeated while it runs, always closed. */
  session<T>(name: string, properties: Record<string, string>, work: (s: GatewaySession) => Promise<T>): Promise<T> {
    return this.gateway.withSession({ sessionName: name, properties, heartbeatMs: this.heartbeatMs }, work);
  }

  /** Replays a DDL prelude; every statement is IF NOT EXISTS and TEMPORARY, so this is idempotent. */
  private async replay(s: GatewaySession, statements: readonly string[]): Promise<void> {
    for (const st of statements) await s.execute(st, { timeoutMs: 60_000, ...(this.ctx.signal ? { signal: this.ctx.signal } : {}) });
  }

  async readClusterState(models: readonly StreamingModel[]): Promise<ClusterState> {
    const [topics, jobs] = await Promise.all([this.kafka.listTopics(), this.jobmanager.listJobs()]);
    const names = new Set(models.map((m) => m.job.name));
    const checksums = new Map<string, string | undefined>();
    for (const j of jobs) if (names.has(j.name)) checksums.set(j.id, (await this.jobmanager.jobParameters(j.id))[CHECKSUM_PARAM]);
    return { topics: new Set(topics), jobs, checksums };
  }

  /** Ledger, job records and plans: state_dir, else <project>/target/flink. */
  stateDir(): StateDir {
    const base = this.ctx.projectDir ?? process.cwd();
    return new StateDir(path.resolve(base, this.config.state_dir ?? 'target/flink'));
  }

  upgrader(log: (line: string) => void = () => undefined, verifyTimeoutMs = 120_000): Upgrader {
    return new Upgrader(
      { jobmanager: this.jobmanager, kafka: this.kafka, brokers: this.config.kafka.brokers, session: (n, p, w) => this.session(n, p, w), readClusterState: (m) => this.readClusterState(m), log },
      this.stateDir(),
      verifyTimeoutMs,
    );
  }

  /** `floe plan`: each selected streaming model classified against its running job (compiled plans compared). */
  async plan(artifacts: CompiledArtifacts, nodeIds?: readonly string[], options: { orphans?: boolean } = {}): Promise<PlanResult> {
    const models = streamingModels(artifacts, nodeIds);
    const state = await this.readClusterState(models);
    const up = this.upgrader();
    const planned = await up.plan(models, state);
    const ledger = up.state.ledger();
    const orphans: PlanResult['orphans'] = [];
    if ((options.orphans ?? !nodeIds) && models[0]) {
      const prefix = models[0].job.name.slice(0, models[0].job.name.length - models[0].name.length);
      const owned = new Set(models.map((m) => m.job.name));
      for (const j of state.jobs) if (j.name.startsWith(prefix) && !owned.has(j.name) && liveJob(state, j.name)?.id === j.id) orphans.push({ jobName: j.name, jobId: j.id });
    }
    return {
      models: planned.map(({ nextPlan: _n, plan: _p, ...rest }) => rest),
      orphans,
      ...(ledger?.status === 'in-progress'
        ? { interrupted: { id: ledger.id, startedAt: ledger.startedAt, models: ledger.models.map((x) => ({ model: x.model, step: x.step, ...(x.savepoint ? { savepoint: x.savepoint } : {}) })) } }
        : {}),
    };
  }

  /**
   * Plans, then applies: topics, then each changed model in dependency order
   * (stop with savepoint, start the new version from it, verify), recorded in the
   * ledger before each step. A deployment a previous deployer left half done is
   * rolled back first; a failure rolls every touched model back.
   */
  async deploy(options: DeployOptions): Promise<DeployResult> {
    const log = options.log ?? (() => undefined);
    const models = streamingModels(options.artifacts, options.nodeIds);
    const up = this.upgrader(log, options.startTimeoutMs ?? 120_000);
    await up.recover();
    const state = await this.readClusterState(models);
    const { steps, problems } = planDeployment(models, state, { upgrades: true });
    if (problems.length) throw deployError(problems);
    const planned = await up.plan(models, state);
    const refused = planned.filter((p) => p.change === 'state-incompatible');
    if (refused.length && !options.allowStateReset) {
      throw new FloeError(
        'FLOE_DEPLOY_FAILED',
        `${refused.length} state-incompatible change${refused.length === 1 ? '' : 's'}; nothing was changed: ${refused.map((r) => `${r.model}: ${r.reason}`).join('; ')}`,
        { hint: `Deploying with --allow-state-reset starts ${refused.map((r) => r.model).join(', ')} with empty state: ${refused.flatMap((r) => (r.replay ?? []).map((x) => `${x.topic} replayed from ${x.from} (${x.records} records)`)).join('; ') || 'no sources'}. Run \`floe plan\` for details.` },
      );
    }
    const result: DeployResult = { steps, models: [], topicsCreated: [] };
    for (const step of steps) {
      if (step.kind !== 'create-topic') continue;
      log(`create topic ${step.topic} (${step.partitions} partition${step.partitions === 1 ? '' : 's'}${step.compact ? ', compacted' : ''})`);
      await this.kafka.createTopics([{ name: step.topic, partitions: step.partitions, ...(step.compact ? { config: { 'cleanup.policy': 'compact' } } : {}) }], { ifNotExists: true });
      result.topicsCreated.push(step.topic);
    }
    for (const p of planned.filter((x) => x.change === 'unchanged')) {
      log(`${p.model}: job ${p.jobName} (${p.runningJobId}) already runs this version: adopted`);
      result.models.push({ model: p.model, jobName: p.jobName, jobId: p.runningJobId!, action: 'adopted' });
    }
    for (const d of await up.apply(models, planned, options.allowStateReset ?? false)) result.models.push({ model: d.model, jobName: d.jobName, jobId: d.jobId, action: d.action as DeployedModel['action'] });
    return result;
  }

  /** Each streaming model's job: state, last checkpoint age, restarts, watermark lag, consumer lag. */
  async status(artifacts: CompiledArtifacts, nodeIds?: readonly string[]): Promise<ModelStatus[]> {
    const models = streamingModels(artifacts, nodeIds);
    const state = await this.readClusterState(models);
    const out: ModelStatus[] = [];
    for (const m of models) {
      const job = liveJob(state, m.job.name) ?? state.jobs.filter((j) => j.name === m.job.name).sort((a, b) => b.startTime - a.startTime)[0];
      const s: ModelStatus = { model: m.name, jobName: m.job.name, jobId: job?.id, state: job?.state ?? 'NOT_DEPLOYED', current: !!job && state.checksums.get(job.id) === m.checksum, lastCheckpointAgeMs: undefined, restarts: undefined, watermarkLagMs: undefined, consumerLag: undefined };
      if (job) {
        const [cp, metrics, detail] = await Promise.all([this.jobmanager.checkpoints(job.id).catch(() => undefined), this.jobmanager.jobMetrics(job.id, ['numRestarts']), this.jobmanager.job(job.id)]);
        s.lastCheckpointAgeMs = cp?.latestCompleted?.ageMs;
        s.restarts = metrics.numRestarts;
        if (job.state === 'RUNNING' && detail) {
          const marks = (await Promise.all(detail.vertices.slice(1).map((v) => this.jobmanager.vertexWatermark(job.id, v.id)))).filter((w): w is number => w !== undefined);
          if (marks.length) s.watermarkLagMs = Math.max(0, Date.now() - Math.min(...marks));
        }
        const lag = await this.kafka.consumerGroupLag(m.job.name).catch(() => []);
        if (lag.length) s.consumerLag = lag.reduce((n, l) => n + l.lag, 0);
      }
      out.push(s);
    }
    return out;
  }

  /** `floe run` on a Flink node: a streaming_table is deployed (or adopted); a view or ephemeral model is checked in a session. */
  async runNode(node: CompiledNode, options: NodeRunOptions): Promise<NodeRunResult> {
    if (node.materialized === 'streaming_table') {
      const r = await this.deploy({ artifacts: options.artifacts, nodeIds: [node.id] });
      const m = r.models[0];
      return { message: m ? `${m.action.toUpperCase()} ${m.jobName} ${m.jobId}` : 'NOTHING TO DO' };
    }
    const data = flinkData(node);
    if (data) await this.session(`floe-run-${node.name}`, { 'execution.runtime-mode': 'streaming' }, (s) => this.replay(s, renderPrelude(data.prelude, { brokers: this.config.kafka.brokers })));
    return { message: node.materialized === 'view' ? 'CREATE TEMPORARY VIEW (per session)' : 'OK' };
  }

  /**
   * A data test on streaming models reads a bounded snapshot: every Kafka table is
   * scanned up to the offsets current when the test starts, so the job ends and the
   * result is deterministic. The result changelog is folded to its final rows.
   */
  async runTest(node: CompiledNode, options: NodeRunOptions): Promise<TestRunResult> {
    if (node.compiledSql === null) return { failures: 0 };
    const objects: FlinkObject[][] = [];
    for (const dep of node.dependsOn) {
      const up = options.artifacts.nodes[dep];
      const data = up && flinkData(up);
      if (!data) throw new FloeError('FLOE_CAPABILITY_MISSING', `test ${node.name}: tests on Flink read Flink models; ${dep} is not one`, { hint: 'Test stream sources through a view model.' });
      objects.push(data.exports);
    }
    const prelude = renderPrelude(mergeObjects(...objects), { brokers: this.config.kafka.brokers, bounded: true });
    return this.session(`floe-test-${node.name}`.slice(0, 120), { 'execution.runtime-mode': 'streaming', 'pipeline.name': `floe-test.${node.name}` }, async (s) => {
      await this.replay(s, prelude);
      const r = await s.execute(`SELECT COUNT(*) AS failures FROM (\n${node.compiledSql}\n) AS floe_test`, { timeoutMs: 180_000, ...(options.signal ? { signal: options.signal } : {}) });
      if (!r.complete) throw new FloeError('FLOE_TEST_FAILED', `test ${node.name}: the bounded read did not finish`);
      const final = foldChangelog(r.rows);
      return { failures: Number(final[0]?.[0] ?? 0) };
    });
  }

  /** Runs one statement in a fresh session (bounded: unbounded queries stop after 1000 rows or 60 s). */
  async execute(sql: string): Promise<QueryResult> {
    return this.session('floe-execute', { 'execution.runtime-mode': 'streaming' }, async (s) => {
      const r = await s.execute(sql, { timeoutMs: 60_000, maxRows: 1000 });
      const columns = r.columns.map((c) => c.name);
      return { columns, rows: foldChangelog(r.rows).map((f) => Object.fromEntries(columns.map((c, i) => [c, f[i]]))) };
    });
  }

  async close(): Promise<void> {
    await this.kafkaClient?.close().catch(() => undefined);
    this.kafkaClient = undefined;
  }
}

/** The final rows of a changelog: inserts and update-afters add a row, deletes and update-befores remove one. */
export function foldChangelog(rows: readonly ResultRow[]): unknown[][] {
  const table = new Map<string, { fields: unknown[]; n: number }>();
  for (const r of rows) {
    const key = JSON.stringify(r.fields);
    const e = table.get(key) ?? { fields: r.fields, n: 0 };
    e.n += r.kind === 'INSERT' || r.kind === 'UPDATE_AFTER' ? 1 : -1;
    if (e.n <= 0) table.delete(key);
    else table.set(key, e);
  }
  return [...table.values()].flatMap((e) => Array.from({ length: e.n }, () => e.fields));
}

function deployError(problems: DeployProblem[]): FloeError {
  const first = problems[0]!;
  return new FloeError('FLOE_DEPLOY_FAILED', problems.length === 1 ? first.message : `${problems.length} problems: ${problems.map((p) => p.message).join('; ')}`, { hint: first.hint });
}

export function isFlinkConnection(c: unknown): c is FlinkConnection {
  return c instanceof FlinkConnection;
}

export { kafkaTables };
