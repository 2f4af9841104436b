// Safe streaming upgrades (issue 8) on the real local stack: `floe plan` classifies
// changes through Flink compiled plans; `floe deploy` upgrades through savepoints,
// refuses state-incompatible changes, and recovers from a deployer killed between
// stop-with-savepoint and start. Runs with FLOE_E2E=1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runFloe, type FloeRun } from './support/floe-in-process';
import { createKafkaClient, JobManagerClient, type KafkaClient, type KafkaRecord } from '../src';
import { devPlatformYaml, stackDown, stackUp } from './support/dev-stack';
import { runCli } from './support/cli-process';

const run = Date.now().toString(36);
const SOURCE = `up-clicks-${run}`;
const SINK = `up-counts-${run}`;
const PROJECT = `up-${run}`;
const JOB = `floe.${PROJECT}.dev.counts`;

let wasRunning = false;
let kafka: KafkaClient;
let jm: JobManagerClient;
let dir: string;

const floe = (args: string[]): Promise<FloeRun> => runFloe([...args, '--project-dir', dir]);

const V1 = `select user_id, window_start, window_end, count(*) as clicks
from table(tumble(table {{ source('events', 'clicks') }}, descriptor(ts), interval '1' minute))
group by user_id, window_start, window_end`;
// Projection-only change after the aggregate (scenario 4).
const V2 = `select user_id, window_start, window_end, clicks, upper(user_id) as user_label from (\n${V1}\n) as c`;
// Regrouping the windowed aggregate (scenario 3): the key changes from user_id to url.
const V3 = `select url as user_id, window_start, window_end, count(*) as clicks
from table(tumble(table {{ source('events', 'clicks') }}, descriptor(ts), interval '1' minute))
group by url, window_start, window_end`;

function writeModel(sql: string): void {
  const cols = [['user_id', 'string'], ['window_start', 'timestamp(3)'], ['window_end', 'timestamp(3)'], ['clicks', 'bigint'], ...(sql.includes('user_label') ? [['user_label', 'string']] : [])];
  writeFileSync(path.join(dir, 'models/schema.yml'), `version: 2\nmodels:\n  - name: counts\n    columns:\n${cols.map(([n, t]) => `      - { name: ${n}, data_type: '${t}' }`).join('\n')}\n`);
  writeFileSync(path.join(dir, 'models/counts.sql'), `{{ config(materialized='streaming_table', topic='${SINK}', unique_key=['user_id', 'window_start'], state_ttl='1h') }}\n${sql}\n`);
}

async function clicks(user: string, n: number, minute: number, second0: number): Promise<void> {
  const base = Date.parse('2026-01-01T00:00:00Z') + minute * 60_000;
  await kafka.produce(SOURCE, Array.from({ length: n }, (_, i) => ({ value: JSON.stringify({ user_id: user, url: `/p${i % 2}`, ts: new Date(base + (second0 + i) * 1000).toISOString().replace('T', ' ').replace('Z', '') }) })));
}

function table(records: KafkaRecord[]): Map<string, Record<string, unknown>> {
  const t = new Map<string, Record<string, unknown>>();
  for (const r of records) {
    const k = r.key?.toString('utf8') ?? '';
    if (r.value === null) t.delete(k);
    else t.set(k, JSON.parse(r.value.toString('utf8')) as Record<string, unknown>);
  }
  return t;
}

async function sinkRow(user: string, minute: number, want: (row: Record<string, unknown> | undefined) => boolean): Promise<Record<string, unknown> | undefined> {
  const ws = `2026-01-01 00:0${minute}:00`;
  let row: Record<string, unknown> | undefined;
  for (let i = 0; i < 60; i++) {
    const t = table(await kafka.readAll(SINK, { timeoutMs: 15_000 }));
    row = [...t.values()].find((v) => v.user_id === user && String(v.window_start).startsWith(ws));
    if (want(row)) return row;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return row;
}

/** Waits until the job has read everything produced so far and checkpointed it (its consumer group lag is 0). */
async function caughtUp(): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const s = await floe(['status', '--json']);
    const m = (JSON.parse(s.out) as { models: { consumerLag?: number; lastCheckpointAgeMs?: number }[] }).models[0];
    if (m?.consumerLag === 0) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error('job did not catch up within 60 s');
}

const running = async () => (await jm.listJobs()).filter((j) => j.name === JOB && j.state === 'RUNNING');

beforeAll(async () => {
  const up = await stackUp('6s');
  wasRunning = up.wasRunning;
  kafka = createKafkaClient({ brokers: [up.endpoints.kafkaBootstrap], clientId: 'floe-e2e-upgrades' });
  jm = new JobManagerClient({ url: up.endpoints.flinkRest });
  await kafka.createTopics([{ name: SOURCE, partitions: 1 }], { ifNotExists: true });
  dir = mkdtempSync(path.join(tmpdir(), 'floe-upgrades-'));
  mkdirSync(path.join(dir, 'models'));
  writeFileSync(
    path.join(dir, 'floe.yaml'),
    `apiVersion: floe.dev/v1\nkind: Project\nmetadata: { name: ${PROJECT}, version: 0.1.0 }\ncompute: stream\nexperimental: [flink]\nsources:\n  - name: events\n    tables:\n      - name: clicks\n        stream:\n          kafka: { topic: ${SOURCE}, format: json, start: earliest }\n          watermark: { column: ts, delay: 5s }\n        columns:\n          - { name: user_id, type: string }\n          - { name: url, type: string }\n          - { name: ts, type: timestamp(3) }\n`,
  );
  writeFileSync(
    path.join(dir, 'platform.yaml'),
    devPlatformYaml(up.endpoints),
  );
  writeModel(V1);
}, 600_000);

afterAll(async () => {
  for (const j of (await jm?.listJobs().catch(() => [])) ?? []) if (j.name === JOB && j.state === 'RUNNING') await jm.cancel(j.id).catch(() => undefined);
  await kafka?.deleteTopics([SOURCE, SINK]).catch(() => undefined);
  await kafka?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (!wasRunning) await stackDown();
}, 120_000);

test('plan says new; deploy starts the job through a compiled plan and records it', async () => {
  await clicks('u1', 3, 0, 10); // three clicks in minute 0, whose window stays open
  const p = await floe(['plan', '--json']);
  expect({ code: p.code, out: p.code === 0 ? '' : p.out + p.err }).toEqual({ code: 0, out: '' });
  expect(JSON.parse(p.out).streaming.models).toMatchObject([{ model: 'counts', change: 'new' }]);
  const t0 = Date.now();
  const d = await floe(['deploy', '--json']);
  expect({ code: d.code, err: d.err }).toEqual({ code: 0, err: '' });
  expect(JSON.parse(d.out).models).toMatchObject([{ model: 'counts', action: 'started' }]);
  console.log(`first deploy (compile plan, start, first checkpoint): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await caughtUp();
  const again = await floe(['plan', '--json']);
  expect(JSON.parse(again.out).streaming.models).toMatchObject([{ change: 'unchanged' }]);
}, 300_000);

test('scenario 4: a projection after the aggregate is state-compatible; window counts continue across the upgrade', async () => {
  writeModel(V2);
  const p = await floe(['plan', '--json']);
  const m = JSON.parse(p.out).streaming.models[0];
  console.log(`plan: ${m.change}: ${m.reason}`);
  expect(m).toMatchObject({ change: 'state-compatible' });
  const before = (await running())[0]!;
  const t0 = Date.now();
  const d = await floe(['deploy', '--json']);
  expect({ code: d.code, err: d.err }).toEqual({ code: 0, err: '' });
  expect(JSON.parse(d.out).models).toMatchObject([{ model: 'counts', action: 'upgraded' }]);
  console.log(`upgrade (savepoint, restore, first checkpoint): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const after = await running();
  expect(after).toHaveLength(1);
  expect(after[0]!.id).not.toBe(before.id);
  expect((await jm.checkpoints(after[0]!.id)).restored?.isSavepoint).toBe(true);
  // Two more clicks in the same window, then a later event closes it: 3 (before) + 2 (after) = 5.
  await clicks('u1', 2, 0, 40);
  await clicks('closer', 1, 2, 0);
  const row = await sinkRow('u1', 0, (r) => r !== undefined);
  expect(row).toMatchObject({ user_id: 'u1', clicks: 5, user_label: 'U1' });
}, 300_000);

test('scenario 3: regrouping the windowed aggregate is state-incompatible; deploy refuses without the flag and leaves the job untouched', async () => {
  writeModel(V3);
  const before = await running();
  expect(before).toHaveLength(1);
  const p = await floe(['plan', '--json']);
  expect(p.code).toBe(1);
  const m = JSON.parse(p.out).streaming.models[0];
  console.log(`plan: ${m.change}: ${m.reason}; replay ${JSON.stringify(m.replay)}`);
  expect(m.change).toBe('state-incompatible');
  expect(m.reason).toMatch(/window-aggregate/);
  expect(m.replay).toEqual([expect.objectContaining({ topic: SOURCE, from: expect.stringMatching(/^earliest offsets \(p0@0\)/), records: 6 })]);
  const human = await floe(['plan']);
  expect(human.out).toMatch(/counts\tstate-incompatible\t/);
  expect(human.out).toContain(`replays ${SOURCE} from earliest offsets (p0@0): 6 records`);
  const d = await floe(['deploy', '--json']);
  expect(d.code).not.toBe(0);
  expect(d.out + d.err).toMatch(/state-incompatible.*nothing was changed/);
  expect(d.out + d.err).toContain('--allow-state-reset');
  const after = await running();
  expect(after.map((j) => j.id)).toEqual(before.map((j) => j.id));
  writeModel(V2);
  expect(JSON.parse((await floe(['plan', '--json'])).out).streaming.models[0].change).toBe('unchanged');
}, 300_000);

test('scenario 1: the deployer is SIGKILLed between stop-with-savepoint and start; the next deploy restores from that savepoint, nothing lost or doubled', async () => {
  writeModel(V1); // back to the first version (dropping the projection keeps the aggregate's state)
  await clicks('u2', 4, 3, 5); // minute 3 stays open over the crash
  await caughtUp();
  const before = (await running())[0]!;
  const killed = await runCli(['deploy', '--project-dir', dir], { FLOE_TEST_CRASH_AT: 'stopped' });
  expect(killed.signal).toBe('SIGKILL');
  expect(await running()).toHaveLength(0); // stopped with a savepoint, nothing started
  const ledger = JSON.parse(require('node:fs').readFileSync(path.join(dir, 'target/flink/ledger.json'), 'utf8'));
  expect(ledger).toMatchObject({ status: 'in-progress', models: [{ model: 'counts', step: 'stopped', previousJobId: before.id, savepoint: expect.any(String) }] });
  const plan = JSON.parse((await floe(['plan', '--json'])).out) as { streaming: { interrupted?: { models: { model: string; step: string }[] } } };
  expect(plan.streaming.interrupted?.models).toMatchObject([{ model: 'counts', step: 'stopped' }]);
  await clicks('u2', 3, 3, 30); // arrives while nothing runs
  const t0 = Date.now();
  const d = await floe(['deploy', '--json']);
  expect({ code: d.code, err: d.err }).toEqual({ code: 0, err: '' });
  console.log(`recovery deploy (roll back from the ledger, then upgrade): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const now = await running();
  expect(now).toHaveLength(1);
  expect((await jm.checkpoints(now[0]!.id)).restored?.isSavepoint).toBe(true);
  await clicks('closer', 1, 5, 0);
  // 4 before the crash + 3 during = 7: none lost (state restored), none doubled (offsets restored with it).
  const row = await sinkRow('u2', 3, (r) => r !== undefined);
  expect(row).toMatchObject({ user_id: 'u2', clicks: 7 });
  expect(row).not.toHaveProperty('user_label');
  const st = await floe(['status', '--json']);
  expect(JSON.parse(st.out).models[0]).toMatchObject({ state: 'RUNNING', current: true });
}, 400_000);

test('--allow-state-reset deploys the regrouped version with empty state; the source is replayed from the earliest offsets', async () => {
  writeModel(V3);
  const d = await floe(['deploy', '--json', '--allow-state-reset']);
  expect({ code: d.code, err: d.err }).toEqual({ code: 0, err: '' });
  expect(JSON.parse(d.out).models).toMatchObject([{ model: 'counts', action: 'upgraded' }]);
  const now = await running();
  expect(now).toHaveLength(1);
  expect((await jm.checkpoints(now[0]!.id)).restored).toBeUndefined(); // nothing restored
  // Minute 0 held 5 clicks, 3 of them on /p0: only a replay from offset 0 can count them.
  const row = await sinkRow('/p0', 0, (r) => r !== undefined);
  expect(row).toMatchObject({ user_id: '/p0', clicks: 3 });
}, 300_000);
