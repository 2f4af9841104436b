import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { PluginRegistry, canEstimate, closeAll, connectComputes, envSecretResolver, isFloeError, serializeArtifacts, silentLogger } from '@floe/core/internal';
import { Harness, statusOf } from '@floe/target-conformance';
import bigquery from '../../src';
import { EMULATOR_PROJECT, startEmulator, type Emulator } from './emulator';

// BigQuery-specific features against bqemulator: partitioning/clustering, insert_overwrite,
// dry-run estimates (what `floe plan` prints), labels and byte cap, and a planted key-file canary.
let emulator: Emulator | undefined;
const port = Number(process.env['FLOE_BQ_EMULATOR_PORT'] ?? 0);
const endpoint = () => emulator?.endpoint ?? `http://127.0.0.1:${port}`;
const exporter = new InMemorySpanExporter();
const CANARY = 'CANARY-7f3a9c1e-bq-secret';
let n = 0;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  if (!port) emulator = await startEmulator();
}, 660_000);
afterAll(async () => {
  trace.disable();
  context.disable();
  await emulator?.stop();
});

function harness(extra: Record<string, unknown> = {}) {
  return new Harness({
    name: 'bigquery-features',
    plugin: bigquery,
    config: { type: 'bigquery', project: EMULATOR_PROJECT, dataset: `feat_${process.pid}_${++n}`, api_endpoint: endpoint(), connect_timeout_seconds: 10, ...extra },
  });
}

async function tableMeta(h: Harness, name: string): Promise<Record<string, unknown>> {
  const ds = (h.rawConfig as { dataset: string }).dataset;
  const r = await fetch(`${endpoint()}/bigquery/v2/projects/${EMULATOR_PROJECT}/datasets/${ds}/tables/${name}`);
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

describe('BigQuery features on the emulator', () => {
  it('CREATE OR REPLACE TABLE carries partition_by and cluster_by', async () => {
    const h = harness();
    const a = h
      .builder()
      .model('t', {
        materialized: 'table',
        config: { partition_by: { field: 'day', data_type: 'date' }, cluster_by: ['k'] },
        sql: () => `select date '2024-01-01' as day, 'a' as k, 1 as v union all select date '2024-01-02', 'b', 2`,
      })
      .build();
    expect(statusOf(await h.run(a))).toEqual({ t: 'success' });
    const meta = await tableMeta(h, 't');
    expect(meta['timePartitioning']).toMatchObject({ field: 'day' });
    // bqemulator 1.4.0 accepts CLUSTER BY but does not report clustering in tables.get (the clause is checked by golden SQL)
    // a different layout is applied on rebuild (BigQuery refuses to CREATE OR REPLACE across layouts, so the target drops first)
    const b = h.builder().model('t', { materialized: 'table', config: { cluster_by: 'v' }, sql: () => `select date '2024-01-03' as day, 'c' as k, 3 as v` }).build();
    expect(statusOf(await h.run(b))).toEqual({ t: 'success' });
    expect((await tableMeta(h, 't'))['timePartitioning']).toBeUndefined();
    expect(await h.query(`select k from ${h.rel('t')}`)).toEqual([{ k: 'c' }]);
  });

  it('insert_overwrite replaces exactly the partitions the batch touches, in one transaction', async () => {
    const h = harness();
    h.write('seeds/ev.csv', 'day,k,v,batch\n2024-01-01,a,1,1\n2024-01-02,b,2,1\n2024-01-02,c,3,1\n2024-01-02,b,20,2\n2024-01-03,d,4,2\n');
    const model = (phase: number) =>
      h
        .builder()
        .seed('ev', { file: 'seeds/ev.csv' })
        .model('io', {
          materialized: 'incremental',
          config: { incremental_strategy: 'insert_overwrite', partition_by: { field: 'day', data_type: 'date' } },
          sql: (c) => `select day, k, v from ${c.ref('ev')} where batch <= ${phase}`,
          incrementalSql: (c) => `select day, k, v from ${c.ref('ev')} where batch = ${phase}`,
        })
        .build();
    expect(statusOf(await h.run(model(1)))).toEqual({ ev: 'success', io: 'success' });
    const r2 = await h.run(model(2));
    expect(statusOf(r2)).toEqual({ ev: 'success', io: 'success' });
    // day 1 untouched; day 2 holds only the batch's rows (c is gone); day 3 added
    expect(await h.sorted(`select cast(day as string) as day, k, v from ${h.rel('io')}`)).toEqual([
      { day: '2024-01-01', k: 'a', v: 1 },
      { day: '2024-01-02', k: 'b', v: 20 },
      { day: '2024-01-03', k: 'd', v: 4 },
    ]);
  });

  it('delete+insert (DELETE then INSERT in one multi-statement transaction) replaces the key', async () => {
    const h = harness();
    const good = h.builder().model('u', { materialized: 'incremental', config: { incremental_strategy: 'delete+insert', unique_key: 'id' }, sql: () => `select 1 as id, 'old' as v` }).build();
    await h.run(good);
    const bad = h
      .builder()
      .model('u', { materialized: 'incremental', config: { incremental_strategy: 'delete+insert', unique_key: 'id' }, sql: () => `select 1 as id, 'new' as v`, incrementalSql: () => `select 1 as id, 'new' as v` })
      .build();
    expect(statusOf(await h.run(bad))).toEqual({ u: 'success' });
    expect(await h.query(`select v from ${h.rel('u')}`)).toEqual([{ v: 'new' }]);
  });

  it('dry-run estimates per node: what floe plan prints', async () => {
    const h = harness({ labels: { team: 'data' }, maximum_bytes_billed: 1_000_000_000 });
    h.write('seeds/nums.csv', 'n\n1\n2\n3\n');
    const a = h
      .builder()
      .seed('nums', { file: 'seeds/nums.csv' })
      .model('sq', { materialized: 'table', sql: (c) => `select n, n * n as sq from ${c.ref('nums')}` })
      .model('broken', { materialized: 'table', sql: (c) => `select no_such_column from ${c.ref('nums')}` })
      .build();
    const r = await h.run(a);
    expect(statusOf(r)).toEqual({ nums: 'success', sq: 'success', broken: 'error' });
    const conns = await connectComputes({ artifacts: a, registry: new PluginRegistry([bigquery]), projectDir: h.dir, computes: Object.keys(a.computes), resolveSecret: envSecretResolver, logger: silentLogger });
    try {
      const conn = [...conns.values()][0]!;
      expect(canEstimate(conn)).toBe(true);
      if (!canEstimate(conn)) return;
      const est = await conn.estimateNode(Object.values(a.nodes).find((x) => x.name === 'sq')!, { artifacts: a, fullRefresh: false, projectDir: h.dir });
      expect(est.summary).toMatch(/scanned/);
      expect(typeof est.bytesProcessed).toBe('number');
      const broken = await conn.estimateNode(Object.values(a.nodes).find((x) => x.name === 'broken')!, { artifacts: a, fullRefresh: false, projectDir: h.dir });
      expect(broken.summary).toMatch(/no estimate: broken: .*no_such_column/i);
    } finally {
      await closeAll(conns, silentLogger);
    }
  });

  it('a key-file canary never leaks: artifacts, run results, spans, files, emulator log, connection-failure error', async () => {
    // A real RSA key: the client signs with it, then tries the token endpoint, which this machine cannot reach.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    process.env['FLOE_BQ_TEST_KEY'] = JSON.stringify({ type: 'service_account', client_email: 'floe@floe-test.iam.gserviceaccount.com', private_key: pem, private_key_id: CANARY, client_id: CANARY });
    const pemLine = pem.split('\n')[1] as string;
    const h = harness({ keyfile: { secret: 'FLOE_BQ_TEST_KEY' } });
    exporter.reset();
    const a = h.builder().model('m', { materialized: 'table', sql: () => `select 1 as x` }).build();
    const t0 = Date.now();
    let err: unknown;
    try {
      await h.run(a);
    } catch (e) {
      err = e;
    }
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(isFloeError(err) && err.code).toBe('FLOE_CONNECTION_FAILED');
    const text = `${(err as Error).message}\n${(err as { hint?: string }).hint}\n${JSON.stringify(err)}\n${(err as Error).stack}`;
    expect(text).toMatch(/service-account key file/);
    const spans = JSON.stringify(exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
    expect(spans.length).toBeGreaterThan(20);
    for (const haystack of [text, spans, serializeArtifacts(a), emulator ? emulator.log() : '']) {
      expect(haystack).not.toContain(CANARY);
      expect(haystack).not.toContain(pemLine);
    }
    for (const f of readdirSync(h.dir, { recursive: true }) as string[]) {
      try {
        expect(readFileSync(join(h.dir, f), 'utf8')).not.toContain(CANARY);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EISDIR') throw e;
      }
    }
  });
});
