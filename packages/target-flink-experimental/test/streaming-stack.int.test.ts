// End-to-end: the local stack (Kafka KRaft + Flink session cluster + SQL Gateway),
// driven only through the typed clients. Runs with FLOE_E2E=1 (npm run test:e2e).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isFloeError } from '@floe/core';
import {
  createKafkaClient,
  FlinkStatementError,
  JobManagerClient,
  SqlGatewayClient,
  type KafkaClient,
  type KafkaRecord,
} from '../src/clients';
import { stackDown, stackUp, type StackEndpoints } from './support/dev-stack';

const IDLE_TIMEOUT_S = 6;
const run = Date.now().toString(36);
const SRC = `floe_e2e_events_${run}`;
const SINK = `floe_e2e_counts_${run}`;
const GROUP = `floe-e2e-${run}`;
const BASE = Date.parse('2026-01-01T00:00:00Z');

let endpoints: StackEndpoints;
let wasRunning = false;
let kafka: KafkaClient;
let gateway: SqlGatewayClient;
let jm: JobManagerClient;

beforeAll(async () => {
  const up = await stackUp(`${IDLE_TIMEOUT_S}s`);
  endpoints = up.endpoints;
  wasRunning = up.wasRunning;
  console.log(`dev stack ${wasRunning ? 'reused' : 'started'} in ${(up.ms / 1000).toFixed(1)} s`);
  kafka = createKafkaClient({ brokers: [endpoints.kafkaBootstrap], clientId: 'floe-e2e' });
  gateway = new SqlGatewayClient({ url: endpoints.sqlGateway });
  jm = new JobManagerClient({ url: endpoints.flinkRest });
}, 600_000);

afterAll(async () => {
  await kafka?.deleteTopics([SRC, SINK]).catch(() => undefined);
  await kafka?.close();
  if (!wasRunning) await stackDown();
}, 120_000);

const fmt = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** 60 events over three 10 s tumbling windows, users u0..u2, alternating between the 2 partitions. */
function events() {
  return Array.from({ length: 60 }, (_, i) => ({ user_id: `u${i % 3}`, amount: i, ts: BASE + i * 500, partition: i % 2 }));
}

function expectedCounts(rows: Array<{ user_id: string; ts: number }>): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.user_id}|${fmt(Math.floor((r.ts - BASE) / 10_000) * 10_000 + BASE).slice(0, 19)}`;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

/** The upsert topic's current table: last value per key, tombstones delete. */
function materialize(records: KafkaRecord[]): Map<string, number> {
  const table = new Map<string, number>();
  for (const r of records) {
    const key = r.key?.toString('utf8') ?? '';
    if (r.value === null) { table.delete(key); continue; }
    const v = JSON.parse(r.value.toString('utf8')) as { user_id: string; window_start: string; cnt: number };
    table.set(`${v.user_id}|${v.window_start.slice(0, 19)}`, v.cnt);
  }
  return table;
}

async function pollSink(wantKeys: number, timeoutMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let table = new Map<string, number>();
  for (let i = 0; i < 120 && Date.now() < deadline; i++) {
    table = materialize(await kafka.readAll(SINK, { timeoutMs: 20_000 }));
    if (table.size >= wantKeys) return table;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return table;
}

test('the gateway reports its Flink version and the cluster has a TaskManager with free slots', async () => {
  const info = await gateway.info();
  expect(info.productName).toBe('Apache Flink');
  const ov = await jm.overview();
  expect(ov.flinkVersion).toBe(info.version);
  expect(ov.taskmanagers).toBeGreaterThanOrEqual(1);
  expect(ov.slotsTotal).toBeGreaterThanOrEqual(4);
  const tms = await jm.taskManagers();
  expect(tms.length).toBe(ov.taskmanagers);
});

test('a failing statement raises FLOE_FLINK_STATEMENT_FAILED with Flink\'s validation message', async () => {
  await gateway.withSession({}, async (s) => {
    let caught: unknown;
    try {
      await s.execute('SELECT * FROM no_such_table_xyz', { timeoutMs: 30_000 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FlinkStatementError);
    const err = caught as FlinkStatementError;
    expect(isFloeError(err) && err.code).toBe('FLOE_FLINK_STATEMENT_FAILED');
    expect(err.message).toContain("Object 'no_such_table_xyz' not found");
    expect(err.message).toMatch(/line 1, column 15/);
    expect(err.flink.rootCause?.className).toBe('org.apache.calcite.sql.validate.SqlValidatorException');
  });
});

test('a session expires after the idle timeout unless it is heartbeated', async () => {
  const idle = await gateway.openSession({ sessionName: 'idle' });
  const kept = await gateway.openSession({ sessionName: 'kept' });
  kept.startHeartbeat(1_000);
  await new Promise((r) => setTimeout(r, (IDLE_TIMEOUT_S + 4) * 1000));
  await expect(kept.execute('SELECT 1', { timeoutMs: 30_000 })).resolves.toMatchObject({ complete: true, rows: [{ kind: 'INSERT', fields: [1] }] });
  await expect(idle.execute('SELECT 1', { timeoutMs: 30_000 })).rejects.toMatchObject({ code: expect.stringMatching(/^FLOE_FLINK_(REQUEST|STATEMENT)_FAILED$/) });
  await kept.close();
  await idle.close(); // already gone: not an error
}, 60_000);

test('kafka → windowed INSERT through the gateway → upsert-kafka: exact counts, checkpoints, lag, stop-with-savepoint (drain)', async () => {
  // Topics and input.
  expect(await kafka.createTopics([{ name: SRC, partitions: 2, config: { 'retention.ms': '-1' } }, { name: SINK, partitions: 1, config: { 'cleanup.policy': 'compact' } }])).toEqual([SRC, SINK]);
  expect(await kafka.createTopics([{ name: SRC, partitions: 2 }], { ifNotExists: true })).toEqual([]);
  expect(await kafka.listTopics()).toEqual(expect.arrayContaining([SRC, SINK]));
  const input = events();
  // One late event per partition moves the watermark past the three windows; its own window closes only on drain.
  const advance = [0, 1].map((partition) => ({ user_id: 'wm', amount: 0, ts: BASE + 60_000, partition }));
  await kafka.produce(SRC, [...input, ...advance].map((e) => ({
    key: e.user_id,
    value: JSON.stringify({ user_id: e.user_id, amount: e.amount, ts: fmt(e.ts) }),
    timestamp: e.ts,
    partition: e.partition,
  })));
  const offs = await kafka.offsets(SRC);
  expect(offs.map((o) => Number(o.high) - Number(o.low))).toEqual([31, 31]);

  const jobId = await gateway.withSession({
    sessionName: `e2e-${run}`,
    heartbeatMs: 1_000, // the gateway's idle timeout is 6 s in this test run
    properties: { 'execution.runtime-mode': 'streaming', 'execution.checkpointing.interval': '2s', 'pipeline.name': `floe-e2e-${run}` },
  }, async (s) => {
    await s.execute(`CREATE TABLE events (user_id STRING, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (
      'connector' = 'kafka', 'topic' = '${SRC}', 'properties.bootstrap.servers' = '${endpoints.kafkaBootstrap}',
      'properties.group.id' = '${GROUP}', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')`);
    await s.execute(`CREATE TABLE counts (user_id STRING, window_start TIMESTAMP(3), cnt BIGINT, PRIMARY KEY (user_id, window_start) NOT ENFORCED) WITH (
      'connector' = 'upsert-kafka', 'topic' = '${SINK}', 'properties.bootstrap.servers' = '${endpoints.kafkaBootstrap}',
      'key.format' = 'json', 'value.format' = 'json')`);
    // Wait more than the idle timeout inside the session: the heartbeat must keep it alive.
    await new Promise((r) => setTimeout(r, (IDLE_TIMEOUT_S + 2) * 1000));
    const r = await s.execute(`INSERT INTO counts
      SELECT user_id, window_start, COUNT(*) AS cnt
      FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
      GROUP BY user_id, window_start, window_end`);
    expect(r.complete).toBe(true);
    expect(r.jobId).toMatch(/^[0-9a-f]{32}$/);
    return r.jobId as string;
  });

  expect(await jm.waitForJobState(jobId, ['RUNNING'], 60_000)).toBe('RUNNING');
  expect((await jm.listJobs()).find((j) => j.id === jobId)?.name).toBe(`floe-e2e-${run}`);

  // Exact counts in the sink: three windows × three users.
  const expected = expectedCounts(input);
  expect(expected.size).toBe(9);
  const table = await pollSink(expected.size, 90_000);
  expect(Object.fromEntries(table)).toEqual(Object.fromEntries(expected));

  // Checkpoints complete and are recent; the source committed its offsets on checkpoint, so the group has no lag.
  const deadline = Date.now() + 60_000;
  let cp = await jm.checkpoints(jobId);
  while (!cp.latestCompleted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    cp = await jm.checkpoints(jobId);
  }
  expect(cp.latestCompleted?.externalPath).toMatch(/^file:.*checkpoints/);
  expect(cp.latestCompleted?.ageMs).toBeLessThan(60_000);
  let lag = await kafka.consumerGroupLag(GROUP);
  for (let i = 0; i < 60 && (lag.length < 2 || lag.reduce((s, l) => s + l.lag, 0) !== 0); i++) {
    await new Promise((r) => setTimeout(r, 500));
    lag = await kafka.consumerGroupLag(GROUP);
  }
  expect(lag.map((l) => [l.topic, l.partition, l.lag])).toEqual([[SRC, 0, 0], [SRC, 1, 0]]);

  const ex = await jm.exceptions(jobId);
  expect(ex.history).toEqual([]);

  // Stop with a drained savepoint: MAX_WATERMARK closes the 'wm' window too.
  const location = await jm.stopJobWithSavepoint(jobId, { drain: true, timeoutMs: 120_000 });
  expect(location).toMatch(/^file:.*savepoints/);
  expect(existsSync(fileURLToPath(location.replace(/^file:(?!\/\/)/, 'file://')))).toBe(true);
  expect(await jm.waitForJobState(jobId, ['FINISHED'], 60_000)).toBe('FINISHED');
  const after = await pollSink(expected.size + 1, 60_000);
  expect(after.size).toBe(expected.size + 1);
  expect(after.get(`wm|${fmt(BASE + 60_000).slice(0, 19)}`)).toBe(2);
}, 400_000);
