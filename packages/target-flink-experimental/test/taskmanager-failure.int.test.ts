// Issue 8, scenario 2, on the real local stack: the TaskManager is SIGKILLed while a
// job with delivery='exactly-once' streams; the job recovers from its last checkpoint
// on a fresh TaskManager and the sink (read_committed) holds every record exactly once.
// Runs with FLOE_E2E=1. It kills the TaskManager of this checkout's stack only.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFloe, type FloeRun } from './support/floe-in-process';
import { createKafkaClient, JobManagerClient, type KafkaClient } from '../src';
import { devPlatformYaml, repoRoot, stackDown, stackUp } from './support/dev-stack';

const run = Date.now().toString(36);
const SOURCE = `tm-in-${run}`;
const SINK = `tm-out-${run}`;
const PROJECT = `tm-${run}`;
const JOB = `floe.${PROJECT}.dev.copy`;
const N = 300;

let wasRunning = false;
let kafka: KafkaClient;
let jm: JobManagerClient;
let dir: string;

const floe = (args: string[]): Promise<FloeRun> => runFloe([...args, '--project-dir', dir]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The TaskManager of this checkout's stack, checked by its command line before anything is killed. */
function taskManagerPid(): number {
  const file = path.join(repoRoot, 'target/dev/flink/taskmanager.pid');
  if (!existsSync(file)) throw new Error(`no TaskManager pid file at ${file}`);
  const pid = (JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid;
  const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (!cmd.includes('TaskManagerRunner') || !cmd.includes(path.join(repoRoot, 'target/dev'))) throw new Error(`pid ${pid} is not this stack's TaskManager`);
  return pid;
}

beforeAll(async () => {
  const up = await stackUp('6s');
  wasRunning = up.wasRunning;
  kafka = createKafkaClient({ brokers: [up.endpoints.kafkaBootstrap], clientId: 'floe-e2e-tm' });
  jm = new JobManagerClient({ url: up.endpoints.flinkRest });
  await kafka.createTopics([{ name: SOURCE, partitions: 1 }], { ifNotExists: true });
  dir = mkdtempSync(path.join(tmpdir(), 'floe-tm-'));
  mkdirSync(path.join(dir, 'models'));
  writeFileSync(
    path.join(dir, 'floe.yaml'),
    `apiVersion: floe.dev/v1\nkind: Project\nmetadata: { name: ${PROJECT}, version: 0.1.0 }\ncompute: stream\nexperimental: [flink]\nsources:\n  - name: events\n    tables:\n      - name: clicks\n        stream:\n          kafka: { topic: ${SOURCE}, format: json, start: earliest }\n        columns:\n          - { name: n, type: bigint }\n          - { name: user_id, type: string }\n`,
  );
  writeFileSync(
    path.join(dir, 'platform.yaml'),
    devPlatformYaml(up.endpoints),
  );
  writeFileSync(path.join(dir, 'models/copy.sql'), `{{ config(materialized='streaming_table', topic='${SINK}', delivery='exactly-once', restart_attempts=100, restart_delay='1s') }}\nselect n, user_id from {{ source('events', 'clicks') }}\n`);
  writeFileSync(path.join(dir, 'models/schema.yml'), `version: 2\nmodels:\n  - name: copy\n    columns:\n      - { name: n, data_type: bigint }\n      - { name: user_id, data_type: string }\n`);
}, 600_000);

afterAll(async () => {
  for (const j of (await jm?.listJobs().catch(() => [])) ?? []) if (j.name === JOB && j.state === 'RUNNING') await jm.cancel(j.id).catch(() => undefined);
  await kafka?.deleteTopics([SOURCE, SINK]).catch(() => undefined);
  await kafka?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (!wasRunning) await stackDown();
}, 180_000);

test('scenario 2: the TaskManager dies mid-stream; the job recovers from its checkpoint and the exactly-once sink holds each record once', async () => {
  const d = await floe(['deploy', '--json']);
  expect({ code: d.code, err: d.err }).toEqual({ code: 0, err: '' });
  const jobId = (JSON.parse(d.out) as { models: { jobId: string }[] }).models[0]!.jobId;
  const produce = async (from: number, to: number) => {
    for (let i = from; i < to; i += 10) {
      await kafka.produce(SOURCE, Array.from({ length: Math.min(10, to - i) }, (_, k) => ({ value: JSON.stringify({ n: i + k, user_id: `u${(i + k) % 7}` }) })));
      await sleep(50);
    }
  };
  await produce(0, N / 2);
  // Let some output commit, then kill the TaskManager while records keep arriving.
  for (let i = 0; i < 60 && (await kafka.readAll(SINK, { timeoutMs: 10_000 })).length === 0; i++) await sleep(500);
  const t0 = Date.now();
  const killing = produce(N / 2, N);
  process.kill(taskManagerPid(), 'SIGKILL');
  await killing;
  const up = await stackUp('6s'); // starts a fresh TaskManager
  console.log(`TaskManager restarted in ${(up.ms / 1000).toFixed(1)} s`);
  let values: number[] = [];
  for (let i = 0; i < 240 && Date.now() - t0 < 240_000; i++) {
    values = (await kafka.readAll(SINK, { timeoutMs: 15_000 })).map((r) => (JSON.parse(r.value!.toString('utf8')) as { n: number }).n);
    if (values.length >= N) break;
    await sleep(1_000);
  }
  console.log(`all ${N} records committed ${((Date.now() - t0) / 1000).toFixed(1)} s after the kill`);
  expect(values.length).toBe(N);
  expect(new Set(values).size).toBe(N); // none doubled
  expect(Math.min(...values)).toBe(0);
  expect(Math.max(...values)).toBe(N - 1); // none lost
  const job = await jm.job(jobId);
  expect(job?.state).toBe('RUNNING');
  // The job failed over (rather than never noticing the kill): its exception history records the
  // lost TaskManager at or after the kill. The history is written on failover, unlike the numRestarts
  // metric, which Flink caches and refreshes lazily (it read 0 for 30 s once under CI load).
  let failovers: { timestamp: number; exceptionName: string }[] = [];
  for (let i = 0; i < 30 && failovers.length === 0; i++) {
    failovers = (await jm.exceptions(jobId)).history.filter((e) => e.timestamp >= t0 - 1_000);
    if (failovers.length === 0) await sleep(1_000);
  }
  console.log(`failovers recorded: ${failovers.map((e) => e.exceptionName).join(', ')}`);
  expect(failovers.length).toBeGreaterThanOrEqual(1);
  const st = await floe(['status', '--json']);
  expect(JSON.parse(st.out).models[0]).toMatchObject({ state: 'RUNNING', current: true });
}, 480_000);
