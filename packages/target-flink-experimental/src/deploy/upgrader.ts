import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { FloeError } from '@floe/core';
import { TERMINAL_JOB_STATES, type GatewaySession, type JobManagerClient, type KafkaClient } from '../clients';
import { renderPrelude } from '../compile/flink-objects';
import { isCompiledPlan, planHash, type CompiledPlan } from './compiled-plan';
import { liveJob, type ClusterState } from './deploy-plan';
import { StateDir, type Ledger, type LedgerModel } from './ledger';
import { kafkaTables, type StreamingModel } from './streaming-models';
import { classifyChange, type DeployedRecord, type ModelChange, type Replay } from './upgrade-plan';

export const CHECKSUM_PARAM = 'floe.checksum';

/** What the upgrader needs from the connection (kept narrow so it can be reasoned about on its own). */
export interface UpgradeHost {
  jobmanager: JobManagerClient;
  kafka: KafkaClient;
  brokers: string[];
  session<T>(name: string, properties: Record<string, string>, work: (s: GatewaySession) => Promise<T>): Promise<T>;
  readClusterState(models: readonly StreamingModel[]): Promise<ClusterState>;
  log(line: string): void;
}

export interface PlannedModel extends ModelChange {
  /** The plan the deploy would execute (with carried identities). */
  nextPlan: CompiledPlan;
  checksum: string;
}

/** A job to start: a plan file, the DDL it needs, its options and, optionally, the state to restore. */
export interface JobLaunch {
  name: string;
  planFile: string;
  prelude: string[];
  properties: Record<string, string>;
  checksum: string;
  savepoint: string | undefined;
}

export class Upgrader {
  constructor(
    private readonly host: UpgradeHost,
    readonly state: StateDir,
    private readonly verifyTimeoutMs: number,
  ) {}

  preludeOf(m: StreamingModel): string[] {
    return renderPrelude(m.prelude, { brokers: this.host.brokers, groupId: m.job.name });
  }

  /** `COMPILE PLAN` through the gateway (written under the state directory, which the gateway must see) and read back. */
  async compilePlan(m: StreamingModel): Promise<CompiledPlan> {
    mkdirSync(this.state.plansDir, { recursive: true });
    const file = path.join(this.state.plansDir, `.compile-${m.job.name}-${randomUUID().slice(0, 8)}.json`);
    try {
      await this.host.session(`floe-plan-${m.name}`.slice(0, 120), { ...m.job.properties }, async (s) => {
        for (const st of this.preludeOf(m)) await s.execute(st, { timeoutMs: 60_000 });
        await s.execute(`COMPILE PLAN '${file.replace(/'/g, "''")}' FOR ${m.job.insert}`, { timeoutMs: 120_000 });
      });
      if (!existsSync(file)) {
        throw new FloeError('FLOE_DEPLOY_FAILED', `${m.name}: the SQL Gateway compiled the plan to ${file}, which this machine cannot read`, {
          hint: 'Set state_dir in platform.yaml to a folder the SQL Gateway and floe share (the same path on both).',
        });
      }
      const plan = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (!isCompiledPlan(plan)) throw new FloeError('FLOE_DEPLOY_FAILED', `${m.name}: COMPILE PLAN wrote something that is not a compiled plan`);
      return plan;
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** Classifies every model against its running job (PROJECT_FORMAT.md section 10). */
  async plan(models: readonly StreamingModel[], cluster: ClusterState): Promise<PlannedModel[]> {
    const out: PlannedModel[] = [];
    for (const m of models) {
      const newPlan = await this.compilePlan(m);
      const job = liveJob(cluster, m.job.name);
      const record = this.state.record(m.job.name);
      const change = classifyChange({
        model: m.name,
        jobName: m.job.name,
        checksum: m.checksum,
        newPlan,
        running: job ? { jobId: job.id, checksum: cluster.checksums.get(job.id) } : undefined,
        record,
        oldPlan: record ? this.state.plan(record.planFile) : undefined,
      });
      if (change.change === 'state-incompatible') change.replay = await this.replayOf(m);
      out.push({ ...change, nextPlan: change.plan ?? newPlan, checksum: m.checksum });
    }
    return out;
  }

  /** Without restored state, each source starts at its configured start: how far back that is and how many records. */
  async replayOf(m: StreamingModel): Promise<Replay[]> {
    const out: Replay[] = [];
    for (const t of kafkaTables(m.prelude).filter((x) => x.id !== m.job.sinkId)) {
      const start = t.connector === 'upsert-kafka' ? 'earliest' : (t.start ?? 'earliest');
      const offsets = await this.host.kafka.offsets(t.topic).catch(() => []);
      const at = (f: (p: { partition: number; low: string; high: string }) => string) => offsets.map((p) => `p${p.partition}@${f(p)}`).join(', ');
      if (start === 'earliest') {
        out.push({ table: t.relation, topic: t.topic, from: `earliest offsets (${at((p) => p.low)})`, records: offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0) });
      } else if (start === 'latest') {
        out.push({ table: t.relation, topic: t.topic, from: `latest offsets (${at((p) => p.high)}): nothing replayed, records arriving during the switch are skipped`, records: 0 });
      } else if (start === 'group-offsets') {
        const lag = await this.host.kafka.consumerGroupLag(m.job.name).catch(() => []);
        out.push({ table: t.relation, topic: t.topic, from: `the committed offsets of group ${m.job.name}`, records: lag.reduce((n, l) => n + l.lag, 0) });
      } else {
        out.push({ table: t.relation, topic: t.topic, from: `timestamp ${start}`, records: -1 });
      }
    }
    return out;
  }

  private planFileFor(m: { jobName: string }, plan: CompiledPlan): string {
    return path.join(this.state.plansDir, `${m.jobName}.${planHash(plan)}.json`);
  }

  /** Submits `EXECUTE PLAN` (restoring `savepoint` when given) and waits until the job runs and completes a checkpoint. */
  async launch(l: JobLaunch, onSubmitted: (jobId: string) => void): Promise<string> {
    const jobId = await this.host.session(`floe-deploy-${l.name}`.slice(0, 120), { 'execution.runtime-mode': 'streaming' }, async (s) => {
      for (const st of l.prelude) await s.execute(st, { timeoutMs: 60_000 });
      const r = await s.execute(`EXECUTE PLAN '${l.planFile.replace(/'/g, "''")}'`, {
        timeoutMs: 120_000,
        executionConfig: {
          ...l.properties,
          'pipeline.global-job-parameters': `${CHECKSUM_PARAM}:${l.checksum}`,
          ...(l.savepoint ? { 'execution.state-recovery.path': l.savepoint } : {}),
        },
      });
      if (!r.jobId) throw new FloeError('FLOE_DEPLOY_FAILED', `${l.name}: the gateway returned no job id for EXECUTE PLAN`);
      return r.jobId;
    });
    onSubmitted(jobId);
    await this.verify(jobId);
    return jobId;
  }

  /** RUNNING and at least one completed checkpoint: the new version restored (if it had to) and makes progress. */
  async verify(jobId: string): Promise<void> {
    const deadline = Date.now() + this.verifyTimeoutMs;
    const cause = () => this.host.jobmanager.exceptions(jobId).then((x) => innermostCause(x.rootException), () => undefined);
    await this.host.jobmanager.waitForJobState(jobId, ['RUNNING'], this.verifyTimeoutMs).catch(async (e: unknown) => {
      const [root, j] = await Promise.all([cause(), this.host.jobmanager.job(jobId).catch(() => undefined)]);
      const what = j && TERMINAL_JOB_STATES.has(j.state) ? `job ${jobId} is ${j.state} before its first checkpoint` : (e as Error).message;
      throw new FloeError('FLOE_DEPLOY_FAILED', `${what}${root ? ` (${root})` : ''}`, { cause: e });
    });
    for (let i = 0; Date.now() < deadline && i < 1_000; i++) {
      const j = await this.host.jobmanager.job(jobId);
      if (!j || j.state !== 'RUNNING') {
        const root = await cause();
        throw new FloeError('FLOE_DEPLOY_FAILED', `job ${jobId} is ${j?.state ?? 'gone'} before its first checkpoint${root ? ` (${root})` : ''}`);
      }
      const cp = await this.host.jobmanager.checkpoints(jobId).catch(() => undefined);
      if (cp && cp.counts.completed > 0) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new FloeError('FLOE_DEPLOY_FAILED', `job ${jobId} completed no checkpoint within ${this.verifyTimeoutMs} ms`);
  }

  /** Applies a plan: one ledger entry per acting model, written before each step; a failure rolls every model back. */
  async apply(models: readonly StreamingModel[], planned: readonly PlannedModel[], allowStateReset: boolean): Promise<Array<{ model: string; jobName: string; jobId: string; action: string }>> {
    const acting = planned.filter((p) => p.change !== 'unchanged' && p.change !== 'orphan');
    const ledger: Ledger = { id: randomUUID(), startedAt: new Date().toISOString(), status: 'in-progress', models: [] };
    for (const p of acting) {
      const m = models.find((x) => x.name === p.model)!;
      const file = this.planFileFor(p, p.nextPlan);
      this.state.savePlan(file, p.nextPlan);
      ledger.models.push({
        model: p.model,
        jobName: p.jobName,
        change: p.change,
        previous: p.runningJobId ? this.state.record(p.jobName) : undefined,
        previousJobId: p.runningJobId,
        nextChecksum: m.checksum,
        nextPlanFile: file,
        resetState: p.change === 'state-incompatible' && allowStateReset,
        step: 'planned',
      });
    }
    const save = () => this.state.saveLedger(ledger);
    save();
    const done: Array<{ model: string; jobName: string; jobId: string; action: string }> = [];
    for (const e of ledger.models) {
      const m = models.find((x) => x.name === e.model)!;
      try {
        if (e.previousJobId) {
          e.step = 'stopping';
          save();
          this.host.log(`${e.model}: stop ${e.previousJobId} with a savepoint`);
          e.savepoint = await this.host.jobmanager.stopJobWithSavepoint(e.previousJobId, { timeoutMs: this.verifyTimeoutMs });
          e.step = 'stopped';
          save();
          this.host.log(`${e.model}: savepoint ${e.savepoint}`);
          crashPoint('stopped');
        }
        e.step = 'starting';
        save();
        const restore = e.resetState ? undefined : e.savepoint;
        this.host.log(`${e.model}: start ${e.change} version${restore ? ` from ${restore}` : e.previousJobId ? ' with empty state (--allow-state-reset)' : ''}`);
        const jobId = await this.launch(
          { name: e.model, planFile: e.nextPlanFile, prelude: this.preludeOf(m), properties: m.job.properties, checksum: e.nextChecksum, savepoint: restore },
          (id) => {
            e.newJobId = id;
            save();
          },
        );
        e.step = 'verified';
        save();
        this.state.saveRecord({ model: e.model, jobName: e.jobName, jobId, checksum: e.nextChecksum, planFile: e.nextPlanFile, deployedAt: new Date().toISOString(), prelude: this.preludeOf(m), properties: m.job.properties });
        this.host.log(`${e.model}: job ${jobId} RUNNING and checkpointed`);
        done.push({ model: e.model, jobName: e.jobName, jobId, action: e.previousJobId ? 'upgraded' : 'started' });
      } catch (err) {
        ledger.error = `${e.model}: ${(err as Error).message}`;
        save();
        this.host.log(`${e.model} failed (${(err as Error).message}); rolling back ${ledger.models.filter((x) => x.step !== 'planned').length} model(s)`);
        await this.rollback(ledger);
        throw new FloeError('FLOE_DEPLOY_FAILED', `deployment failed at ${e.model}: ${(err as Error).message}; every model was returned to its previous version`, {
          hint: 'See `floe status`; fix the model and deploy again.',
          cause: err,
        });
      }
    }
    ledger.status = 'done';
    save();
    return done;
  }

  /** Returns every model of the ledger that was touched to its recorded previous version (reverse order). */
  async rollback(ledger: Ledger): Promise<void> {
    const save = () => this.state.saveLedger(ledger);
    const failures: string[] = [];
    for (const e of [...ledger.models].reverse()) {
      if (e.step === 'planned' || e.step === 'rolled-back') continue;
      try {
        await this.rollbackOne(e, save);
      } catch (err) {
        failures.push(`${e.model}: ${(err as Error).message}`);
      }
    }
    ledger.status = failures.length ? 'failed' : 'rolled-back';
    if (failures.length) ledger.error = `${ledger.error ?? ''}; rollback: ${failures.join('; ')}`;
    save();
    if (failures.length) throw new FloeError('FLOE_DEPLOY_FAILED', `rollback incomplete: ${failures.join('; ')}`, { hint: `The ledger ${path.join(this.state.root, 'ledger.json')} records each model's savepoint.` });
  }

  private async rollbackOne(e: LedgerModel, save: () => void): Promise<void> {
    const jm = this.host.jobmanager;
    e.step = 'rolling-back';
    save();
    // The state to go back with: the new job's own savepoint when it ran, else the previous job's.
    let savepoint = e.savepoint;
    if (!e.newJobId) {
      // Died between submitting the new version and recording its id: find it by name.
      const stray = (await jm.listJobs()).find((j) => j.name === e.jobName && j.id !== e.previousJobId && !['FAILED', 'CANCELED', 'FINISHED'].includes(j.state));
      if (stray) e.newJobId = stray.id;
    }
    if (e.newJobId) {
      const j = await jm.job(e.newJobId);
      if (j && j.state === 'RUNNING' && e.previous && !e.resetState) {
        savepoint = await jm.stopJobWithSavepoint(e.newJobId, { timeoutMs: this.verifyTimeoutMs }).catch(async () => {
          await jm.cancel(e.newJobId!).catch(() => undefined);
          return e.savepoint;
        });
      } else if (j && !['FAILED', 'CANCELED', 'FINISHED'].includes(j.state)) {
        await jm.cancel(e.newJobId).catch(() => undefined);
        await jm.waitForJobState(e.newJobId, ['CANCELED', 'FAILED', 'FINISHED'], 60_000).catch(() => undefined);
      }
    }
    if (!e.previous || !e.previousJobId) {
      e.step = 'rolled-back';
      save();
      return; // a new model: its job is gone, as before the deployment
    }
    if (!savepoint) {
      // Died while stopping: the previous job still runs, or its savepoint is in the JobManager's history.
      const old = await jm.job(e.previousJobId);
      if (old && old.state === 'RUNNING') {
        e.step = 'rolled-back';
        save();
        return;
      }
      savepoint = (await jm.checkpoints(e.previousJobId).catch(() => undefined))?.latestCompleted?.externalPath;
      if (!savepoint) throw new FloeError('FLOE_DEPLOY_FAILED', `${e.model}: previous job ${e.previousJobId} is stopped and no savepoint of it is known`);
    }
    const p = e.previous;
    this.host.log(`${e.model}: restart previous version from ${savepoint}`);
    const jobId = await this.launch({ name: e.model, planFile: p.planFile, prelude: p.prelude, properties: p.properties, checksum: p.checksum, savepoint }, () => undefined);
    this.state.saveRecord({ ...p, jobId, deployedAt: new Date().toISOString() });
    e.step = 'rolled-back';
    save();
  }

  /** A ledger left in progress by a deployer that died: roll it back before planning anew. */
  async recover(): Promise<boolean> {
    const l = this.state.ledger();
    if (!l || l.status !== 'in-progress') return false;
    this.host.log(`deployment ${l.id} (started ${l.startedAt}) did not finish; rolling it back from the ledger`);
    await this.rollback(l);
    return true;
  }
}

/** The innermost `Caused by:` of a Java stack trace (the first line when there is none), shortened. */
export function innermostCause(trace: string | undefined): string | undefined {
  if (!trace) return undefined;
  const causes = trace.split('\n').filter((l) => l.startsWith('Caused by: '));
  return (causes.length ? causes[causes.length - 1]!.slice('Caused by: '.length) : trace.split('\n')[0]!).slice(0, 300);
}

/** Test hook: FLOE_TEST_CRASH_AT=<step> makes the deployer SIGKILL itself right after that ledger step (fault tests only). */
function crashPoint(step: string): void {
  if (process.env.FLOE_TEST_CRASH_AT === step) process.kill(process.pid, 'SIGKILL');
}

export type { DeployedRecord };
