import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isCompiledPlan, type CompiledPlan } from './compiled-plan';
import type { ChangeKind, DeployedRecord } from './upgrade-plan';

/**
 * The deployment state directory (default `<project>/target/flink`):
 * - `jobs/<job name>.json`: what each model's job runs (DeployedRecord);
 * - `plans/<job name>.<hash>.json`: compiled plans as executed (EXECUTE PLAN reads them,
 *   so the directory must be visible to the SQL Gateway at the same path);
 * - `ledger.json`: the deployment in progress, written before each step, so a
 *   deployer that dies anywhere leaves enough for the next one to roll back.
 */
export type LedgerStep =
  | 'planned' // nothing touched yet
  | 'stopping' // stop-with-savepoint requested for the previous job
  | 'stopped' // previous job stopped; `savepoint` holds its state
  | 'starting' // new version submitted
  | 'verified' // new version RUNNING and checkpointed
  | 'rolling-back'
  | 'rolled-back';

export interface LedgerModel {
  model: string;
  jobName: string;
  change: ChangeKind;
  previous: DeployedRecord | undefined;
  /** The running job being replaced (may be undefined for a new model). */
  previousJobId: string | undefined;
  nextChecksum: string;
  nextPlanFile: string;
  resetState: boolean;
  step: LedgerStep;
  savepoint?: string;
  newJobId?: string;
}

export interface Ledger {
  id: string;
  startedAt: string;
  status: 'in-progress' | 'done' | 'rolled-back' | 'failed';
  models: LedgerModel[];
  error?: string;
}

export class StateDir {
  constructor(readonly root: string) {}

  get plansDir(): string {
    return path.join(this.root, 'plans');
  }

  private write(file: string, value: unknown): void {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
    renameSync(tmp, file); // atomic: a reader sees the old or the new ledger, never half of one
  }

  private read<T>(file: string): T | undefined {
    if (!existsSync(file)) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  }

  ledger(): Ledger | undefined {
    return this.read<Ledger>(path.join(this.root, 'ledger.json'));
  }

  saveLedger(l: Ledger): void {
    this.write(path.join(this.root, 'ledger.json'), l);
  }

  record(jobName: string): DeployedRecord | undefined {
    return this.read<DeployedRecord>(path.join(this.root, 'jobs', `${jobName}.json`));
  }

  saveRecord(r: DeployedRecord): void {
    this.write(path.join(this.root, 'jobs', `${r.jobName}.json`), r);
  }

  plan(file: string): CompiledPlan | undefined {
    const p = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
    return isCompiledPlan(p) ? p : undefined;
  }

  savePlan(file: string, plan: CompiledPlan): void {
    this.write(file, plan);
  }
}
