/**
 * The generated Flink health sensor against the real local Flink
 * (tools/dev-stack): a small job is submitted through the SQL Gateway under
 * the pipeline.name Floe gives test/projects/clicks' streaming model; the
 * sensor, from the location `floe orchestrate dagster` wrote, reads job state,
 * last checkpoint age and restarts from the JobManager named in platform.yaml.
 * Runs with FLOE_E2E=1; starts the stack when it is not running and stops it
 * afterwards.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JobManagerClient, SqlGatewayClient } from '@floe/target-flink-experimental';
import { ensureDagsterVenv, floeCli, orchestrate, PACKAGE_ROOT, REPO_ROOT, runAsync } from './helpers/python-env';

const JOBMANAGER = 'http://127.0.0.1:8081'; // test/projects/clicks/platform.yaml
const GATEWAY = 'http://127.0.0.1:8083';
const JOB_NAME = 'clicks.dev.clicks_per_minute'; // <project>.<environment>.<model>
const execFileP = promisify(execFile);

let venv = '';
let work = '';
let outDir = '';
let startedStack = false;
const jm = new JobManagerClient({ url: JOBMANAGER });
const gateway = new SqlGatewayClient({ url: GATEWAY });

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3_000) })).ok;
  } catch {
    return false;
  }
}

async function stack(args: string[], timeoutMs: number): Promise<void> {
  await execFileP(process.execPath, [join(REPO_ROOT, 'tools/dev-stack/stack.mjs'), ...args], { cwd: REPO_ROOT, timeout: timeoutMs });
}

/** Cancels every running job with our name (a leftover of an interrupted run would be found instead of ours). */
async function cancelOurJobs(): Promise<void> {
  for (const j of await jm.listJobs()) {
    if (j.name === JOB_NAME && !['FINISHED', 'FAILED', 'CANCELED'].includes(j.state)) {
      await jm.cancel(j.id);
      await jm.waitForJobState(j.id, ['CANCELED'], 60_000);
    }
  }
}

beforeAll(async () => {
  venv = ensureDagsterVenv();
  // Reuse a running stack (possibly another checkout's: the ports are fixed), else start one.
  if (!((await answers(`${JOBMANAGER}/overview`)) && (await answers(`${GATEWAY}/v1/info`)))) {
    const t = Date.now();
    await stack(['up', '--only', 'flink', '--timeout', '180s'], 600_000);
    startedStack = true;
    console.log(`dev stack (flink) started in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  await cancelOurJobs();
  work = mkdtempSync(join(tmpdir(), 'floe-flink-health-'));
  const project = join(work, 'clicks');
  cpSync(join(PACKAGE_ROOT, 'test', 'projects', 'clicks'), project, { recursive: true });
  outDir = orchestrate(await floeCli(work), project, ['--config', '{flink: {maxCheckpointAgeSeconds: 30}}']);
}, 900_000);

afterAll(async () => {
  await cancelOurJobs().catch(() => undefined);
  if (startedStack) await stack(['down', '--only', 'flink'], 120_000);
}, 180_000);

interface HealthEvent {
  asset_key: string;
  check_name: string;
  passed: boolean;
  description: string;
  metadata: Record<string, unknown>;
}

/** Two sensor ticks (the second with the first's cursor), in real Dagster. */
async function sensorTicks(): Promise<{ first: HealthEvent[]; second: HealthEvent[] }> {
  const env = { FLOE_FLINK_JOBMANAGER_URL: '' }; // the URL must come from platform.yaml
  const r = await runAsync(join(venv, 'bin', 'python'), [join(PACKAGE_ROOT, 'test', 'fixtures', 'flink_health.py'), 'definitions.py'], { cwd: outDir, env, timeoutMs: 180_000 });
  if (r.status !== 0) throw new Error(`flink_health.py exited ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout) as { first: HealthEvent[]; second: HealthEvent[] };
}

it('a running job with recent checkpoints is healthy (state, job id, checkpoint age, restarts); cancelled, it is unhealthy', async () => {
  // No Kafka needed: datagen → blackhole, checkpointing every 2 s.
  const jobId = await gateway.withSession(
    {
      sessionName: 'floe-dagster-health',
      heartbeatMs: 5_000,
      properties: { 'execution.runtime-mode': 'streaming', 'execution.checkpointing.interval': '2s', 'pipeline.name': JOB_NAME },
    },
    async (s) => {
      await s.execute(`CREATE TEMPORARY TABLE clicks_src (user_id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5', 'fields.user_id.min' = '1', 'fields.user_id.max' = '9')`, { timeoutMs: 60_000 });
      await s.execute(`CREATE TEMPORARY TABLE clicks_sink (user_id INT, clicks BIGINT) WITH ('connector' = 'blackhole')`, { timeoutMs: 60_000 });
      const r = await s.execute('INSERT INTO clicks_sink SELECT user_id, COUNT(*) FROM clicks_src GROUP BY user_id', { timeoutMs: 120_000 });
      return r.jobId as string;
    },
  );
  expect(jobId).toMatch(/^[0-9a-f]{32}$/);
  expect(await jm.waitForJobState(jobId, ['RUNNING'], 90_000)).toBe('RUNNING');
  const deadline = Date.now() + 90_000;
  let cp = await jm.checkpoints(jobId);
  for (let i = 0; i < 180 && !cp.latestCompleted && Date.now() < deadline; i++) {
    await new Promise((r) => setTimeout(r, 500));
    cp = await jm.checkpoints(jobId);
  }
  expect(cp.latestCompleted).toBeDefined();
  // The JobManager serves job metrics from a cache refreshed every 10 s
  // (metrics.fetcher.update-interval): wait until numRestarts is there.
  let restarts: unknown[] = [];
  for (let i = 0; i < 60 && restarts.length === 0 && Date.now() < deadline + 30_000; i++) {
    restarts = (await (await fetch(`${JOBMANAGER}/jobs/${jobId}/metrics?get=numRestarts`)).json()) as unknown[];
    if (restarts.length === 0) await new Promise((r) => setTimeout(r, 1_000));
  }
  expect(restarts).toEqual([{ id: 'numRestarts', value: '0' }]);

  let ticks = await sensorTicks();
  expect(ticks.first).toHaveLength(1);
  const healthy = ticks.first[0]!;
  expect(healthy).toMatchObject({ asset_key: 'clicks_per_minute', check_name: 'flink_job_health', passed: true });
  expect(healthy.description).toMatch(/^running, last checkpoint \d+s ago$/);
  expect(healthy.metadata).toMatchObject({ state: 'RUNNING', job_id: jobId, job_name: JOB_NAME, restarts: 0, jobmanager: JOBMANAGER });
  expect(healthy.metadata.last_checkpoint_age_seconds as number).toBeGreaterThanOrEqual(0);
  expect(healthy.metadata.last_checkpoint_age_seconds as number).toBeLessThan(30);
  // Failed checkpoints happen on a busy machine; the sensor reports Flink's own count.
  expect(healthy.metadata.failed_checkpoints as number).toBeGreaterThanOrEqual(0);
  expect(healthy.metadata.failed_checkpoints as number).toBeLessThanOrEqual((await jm.checkpoints(jobId)).counts.failed);
  // Unchanged health: the second tick records nothing (the cursor remembers it).
  expect(ticks.second).toEqual([]);

  await jm.cancel(jobId);
  expect(await jm.waitForJobState(jobId, ['CANCELED'], 60_000)).toBe('CANCELED');
  ticks = await sensorTicks();
  expect(ticks.first).toHaveLength(1);
  expect(ticks.first[0]).toMatchObject({ passed: false, description: `job ${JOB_NAME} is CANCELED`, metadata: { state: 'CANCELED', job_id: jobId } });
}, 600_000);
