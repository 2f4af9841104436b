/**
 * The streaming path of test/projects/clicks, for real: `dagster asset
 * materialize` of the streaming asset runs the floe CLI (bundled from source)
 * through Pipes, whose `floe deploy` starts the Flink job on the local Kafka +
 * Flink stack (tools/dev-stack; global setup starts or reuses it); a second
 * materialize adopts the running job; the generated health sensor reads it
 * from the JobManager named in platform.yaml: healthy while it runs, unhealthy
 * once cancelled. Runs with FLOE_E2E=1.
 */
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafkaClient, JobManagerClient } from '@floe/target-flink-experimental';
import { ensureDagsterVenv, expectOk, floeCli, orchestrate, PACKAGE_ROOT, runAsync, runEvents, type FloeCli, type RunEvents } from './helpers/python-env';

// test/projects/clicks: platform.yaml and models/staging/sources.yml.
const JOBMANAGER = 'http://127.0.0.1:8081';
const BROKERS = ['127.0.0.1:9092'];
const SOURCE_TOPIC = 'floe_dagster_e2e_clicks';
const SINK_TOPIC = 'clicks.clicks_per_minute'; // <project>.<model>
const JOB_NAME = 'floe.clicks.dev.clicks_per_minute'; // floe.<project>.<environment>.<model>
const LIVE = ['CREATED', 'INITIALIZING', 'RUNNING', 'RESTARTING', 'RECONCILING', 'FAILING', 'CANCELLING'];

let venv = '';
let work = '';
let outDir = '';
let cli: FloeCli;
// Events of this run only (the topics outlive it): user ids carry a run tag.
const tag = `r${Date.now().toString(36)}`;
const jm = new JobManagerClient({ url: JOBMANAGER });
const kafka = createKafkaClient({ brokers: BROKERS, clientId: 'floe-dagster-e2e' });

async function liveJobs(): Promise<{ id: string; state: string }[]> {
  return (await jm.listJobs()).filter((j) => j.name === JOB_NAME && LIVE.includes(j.state));
}

/** Cancels every live job with our name (a leftover of an interrupted run would be adopted instead of started). */
async function cancelOurJobs(): Promise<void> {
  for (const j of await liveJobs()) {
    await jm.cancel(j.id);
    await jm.waitForJobState(j.id, ['CANCELED'], 60_000);
  }
}

beforeAll(async () => {
  venv = ensureDagsterVenv();
  await cancelOurJobs();
  work = mkdtempSync(join(tmpdir(), 'floe-dagster-streaming-'));
  const project = join(work, 'clicks');
  cpSync(join(PACKAGE_ROOT, 'test', 'projects', 'clicks'), project, { recursive: true });
  cli = await floeCli(work);
  outDir = orchestrate(cli, project, ['--config', '{flink: {maxCheckpointAgeSeconds: 30}}']);
  // `floe deploy` refuses a missing source topic: create it and produce a few clicks.
  await kafka.createTopics([{ name: SOURCE_TOPIC, partitions: 1 }], { ifNotExists: true });
  const clicks = [`${tag}-a`, `${tag}-b`, `${tag}-a`, `${tag}-a`, `${tag}-b`];
  await kafka.produce(SOURCE_TOPIC, clicks.map((user_id, i) => ({ value: JSON.stringify({ user_id, url: `/p${i}` }) })));
}, 900_000);

afterAll(async () => {
  await cancelOurJobs().catch(() => undefined);
  await kafka.close();
}, 180_000);

/** `dagster asset materialize --select clicks_per_minute` with the bundled CLI; what the run recorded. */
async function materialize(name: string): Promise<RunEvents> {
  const home = join(work, name);
  mkdirSync(home, { recursive: true });
  const r = await runAsync(join(venv, 'bin', 'dagster'), ['asset', 'materialize', '-f', 'definitions.py', '--select', 'clicks_per_minute'], {
    cwd: outDir,
    env: { ...cli.env, DAGSTER_HOME: home },
    timeoutMs: 300_000,
  });
  expectOk(r, 'dagster asset materialize');
  return runEvents(venv, home);
}

const meta = (events: RunEvents, key: string) => Object.fromEntries(Object.entries(events.materializations[key] ?? {}).map(([k, v]) => [k, v[1]]));

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

let jobId = '';

it('materializing the streaming asset runs `floe deploy`: the Flink job RUNS under its deterministic name, reported with its job id, and the health check passes', async () => {
  const t = Date.now();
  const events = await materialize('home-deploy');
  console.log(`first materialize (deploy, job started) took ${((Date.now() - t) / 1000).toFixed(1)} s`);
  expect(events.status).toBe('SUCCESS');
  expect(events.logs.some((l) => /^running .* deploy --select clicks_per_minute --project-dir .*clicks --env dev$/.test(l))).toBe(true);
  const m = meta(events, 'clicks_per_minute');
  expect(m).toMatchObject({ materialized: 'streaming_table', deploy_action: 'started', flink_job_name: JOB_NAME, topic: SINK_TOPIC });
  jobId = m.flink_job_id as string;
  expect(jobId).toMatch(/^[0-9a-f]{32}$/);
  expect(m.flink_job_url).toBe(`${JOBMANAGER}/#/job/running/${jobId}/overview`);
  expect(await jm.waitForJobState(jobId, ['RUNNING'], 90_000)).toBe('RUNNING');
  expect(await liveJobs()).toEqual([expect.objectContaining({ id: jobId })]);
  // The health check runs with the asset, right after the deploy.
  const health = events.checks['clicks_per_minute:flink_job_health'];
  expect(health?.passed).toBe(true);
  expect(health?.metadata.job_id).toEqual(['TextMetadataValue', jobId]);
  expect(health?.metadata.job_name).toEqual(['TextMetadataValue', JOB_NAME]);

  // The job really counts: the upsert topic ends at a=3, b=2 for this run's users.
  const deadline = Date.now() + 90_000;
  let counts: Record<string, number> = {};
  for (let i = 0; i < 60 && Date.now() < deadline && !(counts[`${tag}-a`] === 3 && counts[`${tag}-b`] === 2); i++) {
    counts = {};
    for (const r of await kafka.readAll(SINK_TOPIC, { timeoutMs: 20_000 })) {
      const v = r.value ? (JSON.parse(r.value.toString('utf8')) as { user_id: string; clicks: number }) : undefined;
      if (v?.user_id.startsWith(tag)) counts[v.user_id] = v.clicks;
    }
    if (!(counts[`${tag}-a`] === 3 && counts[`${tag}-b`] === 2)) await new Promise((r) => setTimeout(r, 1_500));
  }
  expect(counts).toEqual({ [`${tag}-a`]: 3, [`${tag}-b`]: 2 });
}, 420_000);

it('a second materialize adopts the running job: same job id, no second job', async () => {
  expect(jobId).not.toBe('');
  const events = await materialize('home-adopt');
  expect(events.status).toBe('SUCCESS');
  expect(meta(events, 'clicks_per_minute')).toMatchObject({ deploy_action: 'adopted', flink_job_id: jobId, flink_job_name: JOB_NAME });
  expect(await liveJobs()).toEqual([expect.objectContaining({ id: jobId, state: 'RUNNING' })]);
}, 300_000);

it('the health sensor reports the running job healthy (state, job id, checkpoint age, restarts); cancelled, unhealthy', async () => {
  expect(jobId).not.toBe('');
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
}, 300_000);
