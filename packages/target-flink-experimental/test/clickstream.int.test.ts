// Acceptance for the Flink target (issue 7), on the real local stack: the
// clickstream example is deployed with `floe deploy`, its upsert topic holds
// exact per-window counts, `floe test` passes after the gateway's session idle
// timeout, and the compile-time refusals exit 2. Runs with FLOE_E2E=1.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runFloe } from './support/floe-in-process';
import duckdb from '@floe/target-duckdb';
import { createKafkaClient, JobManagerClient, type KafkaClient, type KafkaRecord } from '../src';
import { stackDown, stackUp, repoRoot, type StackEndpoints } from './support/dev-stack';

const IDLE_TIMEOUT_S = 6; // the gateway's session idle timeout in this run (the other e2e file uses the same)
const run = Date.now().toString(36);
const example = path.join(repoRoot, 'examples/clickstream');
const SOURCE_TOPIC = `clicks-${run}`;
const SINK_TOPIC = `clicks_per_minute-${run}`;
const PROJECT = `cs-${run}`;
const JOB = `floe.${PROJECT}.dev.clicks_per_minute`;

let endpoints: StackEndpoints;
let wasRunning = false;
let kafka: KafkaClient;
let jm: JobManagerClient;
let dir: string;
let expected: Record<string, number>;

const floe = runFloe;

/** The example, copied, with per-run topic and project names so reruns on a long-lived stack never see old data or jobs. */
function copyExample(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'floe-clickstream-'));
  cpSync(example, d, { recursive: true, filter: (src) => !src.split(path.sep).includes('target') });
  const edit = (rel: string, f: (s: string) => string) => writeFileSync(path.join(d, rel), f(readFileSync(path.join(d, rel), 'utf8')));
  edit('floe.yaml', (s) => s.replace('name: clickstream', `name: ${PROJECT}`).replace('topic: clicks,', `topic: ${SOURCE_TOPIC},`).replace('topic: clicks_per_minute,', `topic: ${SINK_TOPIC},`));
  edit('models/streaming/clicks_per_minute.sql', (s) => s.replace("topic='clicks_per_minute'", `topic='${SINK_TOPIC}'`));
  return d;
}

/** The upsert topic's current table: the last value per key; a tombstone deletes. */
function materialize(records: KafkaRecord[]): Map<string, number> {
  const table = new Map<string, number>();
  for (const r of records) {
    const key = r.key?.toString('utf8') ?? '';
    if (r.value === null) {
      table.delete(key);
      continue;
    }
    const v = JSON.parse(r.value.toString('utf8')) as { user_id: string; window_start: string; clicks: number };
    table.set(`${v.user_id}|${v.window_start}`, v.clicks);
  }
  return table;
}

beforeAll(async () => {
  const up = await stackUp(`${IDLE_TIMEOUT_S}s`);
  endpoints = up.endpoints;
  wasRunning = up.wasRunning;
  console.log(`dev stack ${wasRunning ? 'reused' : 'started'} in ${(up.ms / 1000).toFixed(1)} s`);
  kafka = createKafkaClient({ brokers: [endpoints.kafkaBootstrap], clientId: 'floe-e2e-clickstream' });
  jm = new JobManagerClient({ url: endpoints.flinkRest });
  dir = copyExample();
  // The example's own generator: a fixed event set with event-time timestamps.
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(example, 'scripts/generate-clicks.mjs'), '--brokers', endpoints.kafkaBootstrap, '--topic', SOURCE_TOPIC], { timeout: 60_000 });
  const gen = JSON.parse(stdout) as { produced: number; expected: Record<string, number> };
  expected = gen.expected;
  expect(gen.produced).toBe(401);
}, 600_000);

afterAll(async () => {
  for (const j of (await jm?.listJobs().catch(() => [])) ?? []) if (j.name === JOB && j.state === 'RUNNING') await jm.cancel(j.id).catch(() => undefined);
  await kafka?.deleteTopics([SOURCE_TOPIC, SINK_TOPIC]).catch(() => undefined);
  await kafka?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (!wasRunning) await stackDown();
}, 120_000);

test('floe deploy starts the job; the upsert topic holds every window\'s exact count; a second deploy adopts the job', async () => {
  const t0 = Date.now();
  const d = await floe(['deploy', '--project-dir', dir, '--json']);
  expect({ code: d.code, err: d.err }).toEqual({ code: 0, err: '' });
  const doc = JSON.parse(d.out) as { models: { model: string; jobName: string; jobId: string; action: string }[]; topicsCreated: string[] };
  expect(doc.topicsCreated).toEqual([SINK_TOPIC]);
  expect(doc.models).toEqual([{ model: 'clicks_per_minute', jobName: JOB, jobId: expect.stringMatching(/^[0-9a-f]{32}$/), action: 'started' }]);
  console.log(`deploy: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const want = Object.keys(expected).length;
  expect(want).toBe(20); // 5 users × 4 minutes
  let table = new Map<string, number>();
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < 120 && Date.now() < deadline && table.size < want; i++) {
    table = materialize(await kafka.readAll(SINK_TOPIC, { timeoutMs: 20_000 }));
    if (table.size < want) await new Promise((r) => setTimeout(r, 1_000));
  }
  console.log(`sink complete ${((Date.now() - t0) / 1000).toFixed(1)} s after deploy started`);
  // Every window exact; the "~watermark" closer's own window is still open, so it is absent.
  expect(Object.fromEntries(table)).toEqual(expected);

  const again = await floe(['deploy', '--project-dir', dir, '--json']);
  expect(again.code).toBe(0);
  const doc2 = JSON.parse(again.out) as { models: { jobId: string; action: string }[]; topicsCreated: string[] };
  expect(doc2.models).toEqual([{ model: 'clicks_per_minute', jobName: JOB, jobId: doc.models[0]!.jobId, action: 'adopted' }]);
  expect(doc2.topicsCreated).toEqual([]);
  expect((await jm.listJobs()).filter((j) => j.name === JOB && j.state === 'RUNNING')).toHaveLength(1);
}, 300_000);

test('floe status shows the job RUNNING with a recent checkpoint, no restarts and a watermark', async () => {
  let s: { code: number; out: string } = { code: -1, out: '' };
  let m: { state: string; current: boolean; lastCheckpointAgeMs?: number; restarts?: number; watermarkLagMs?: number; consumerLag?: number } | undefined;
  for (let i = 0; i < 30; i++) {
    s = await floe(['status', '--project-dir', dir, '--json']);
    m = (JSON.parse(s.out) as { models: (typeof m)[] }).models[0];
    if (m?.lastCheckpointAgeMs !== undefined && m.watermarkLagMs !== undefined && m.consumerLag === 0) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  expect(s.code).toBe(0);
  expect(m).toMatchObject({ state: 'RUNNING', current: true, restarts: 0, consumerLag: 0 });
  expect(m!.lastCheckpointAgeMs).toBeLessThan(60_000);
  // The replayed events are from 2026-01-01: the watermark sits at the closer's time minus the 5 s delay.
  expect(Date.now() - m!.watermarkLagMs!).toBeGreaterThan(Date.parse('2026-01-01T00:05:00Z') - 1000);
  expect(Date.now() - m!.watermarkLagMs!).toBeLessThan(Date.parse('2026-01-01T00:05:10Z') + 5000);
}, 120_000);

test('after the gateway session idle timeout, floe test passes on a bounded snapshot; a planted failing row fails every time', async () => {
  await new Promise((r) => setTimeout(r, (IDLE_TIMEOUT_S + 4) * 1000)); // every session of deploy/status is now long gone
  // floe run: the streaming model's job is adopted; the DuckDB model reads the upsert topic's snapshot.
  const r = await floe(['run', '--project-dir', dir, '--json']);
  expect({ code: r.code, out: r.code === 0 ? '' : r.out }).toEqual({ code: 0, out: '' });
  const ran = (JSON.parse(r.out) as { results: { unique_id: string; status: string; message?: string }[] }).results;
  expect(ran.map((x) => [x.unique_id.split('.').pop(), x.status])).toEqual(expect.arrayContaining([['clicks_per_minute', 'success'], ['user_activity', 'success']]));
  expect(ran.find((x) => x.unique_id.endsWith('clicks_per_minute'))?.message).toMatch(/^ADOPTED /);
  const db = await duckdb.connect(duckdb.configSchema.parse({ type: 'duckdb', path: path.join(dir, 'target/dev.duckdb') }), { projectDir: dir, resolveSecret: () => '', logger: { debug() {}, info() {}, warn() {} } });
  try {
    const q = await db.execute('select count(*) as users, sum(clicks) as clicks, min(active_minutes) as min_minutes, max(active_minutes) as max_minutes from main.user_activity');
    expect(q.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])))).toEqual([{ users: 5, clicks: 400, min_minutes: 4, max_minutes: 4 }]);
  } finally {
    await db.close();
  }

  const t = await floe(['test', '--project-dir', dir, '--json']);
  expect({ code: t.code, err: t.err }).toMatchObject({ code: 0 });
  const results = (JSON.parse(t.out) as { results: { unique_id: string; status: string; failures: number }[] }).results;
  expect(results).toHaveLength(5); // 3 on Flink (bounded snapshot of the upsert topic), 2 on DuckDB
  expect(results.map((x) => x.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);

  // A singular test that matches exactly one known window: 1 failing row, twice in a row.
  const [key, count] = Object.entries(expected)[0]!;
  const [user, windowStart] = key.split('|');
  writeFileSync(
    path.join(dir, 'tests/planted_window.sql'),
    `{{ config(compute='stream') }}\nselect * from {{ ref('clicks_per_minute') }}\nwhere user_id = '${user}' and window_start = timestamp '${windowStart}' and clicks = ${count}\n`,
  );
  for (let i = 0; i < 2; i++) {
    const p = await floe(['test', '--project-dir', dir, '--json', '--select', 'planted_window']);
    expect(p.code).toBe(1);
    const r = (JSON.parse(p.out) as { results: { status: string; failures: number }[] }).results;
    expect(r).toMatchObject([{ status: 'fail', failures: 1 }]);
  }
}, 300_000);

test('compile-time refusals exit 2: incremental and snapshot on Flink name the alternative; an updating query into an append-only topic', async () => {
  const model = path.join(dir, 'models/streaming/clicks_per_minute.sql');
  const original = readFileSync(model, 'utf8');
  try {
    writeFileSync(model, "{{ config(materialized='incremental', unique_key='user_id') }}\nselect user_id, count(*) as clicks from {{ source('events', 'clicks') }} group by user_id\n");
    let r = await floe(['deploy', '--project-dir', dir, '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toContain("target \\\"flink\\\" does not support materialized='incremental'");
    expect(r.out).toContain("materialized='streaming_table' with unique_key");

    writeFileSync(model, "{{ config(materialized='snapshot', unique_key='user_id', strategy='check', check_cols='all') }}\nselect user_id, url from {{ source('events', 'clicks') }}\n");
    r = await floe(['compile', '--project-dir', dir, '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/run snapshots on a batch compute/i);

    writeFileSync(model, "{{ config(materialized='streaming_table', topic='totals') }}\nselect user_id, cast(null as timestamp(3)) as window_start, cast(null as timestamp(3)) as window_end, count(*) as clicks\nfrom {{ source('events', 'clicks') }}\ngroup by user_id\n");
    r = await floe(['deploy', '--project-dir', dir, '--json']);
    expect(r.code).toBe(2);
    const d = (JSON.parse(r.out) as { diagnostics: { code: string; file: string; line: number; column: number; message: string }[] }).diagnostics.find((x) => x.code === 'FLOE_STREAMING_CHANGELOG');
    expect(d).toMatchObject({ file: 'models/streaming/clicks_per_minute.sql', line: 1, column: 4 });
    expect(d!.message).toMatch(/updating result .* append-only topic "totals"/);
  } finally {
    writeFileSync(model, original);
  }
  // Nothing reached Flink: still exactly one job for the model.
  expect((await jm.listJobs()).filter((j) => j.name === JOB && j.state === 'RUNNING')).toHaveLength(1);
}, 60_000);
