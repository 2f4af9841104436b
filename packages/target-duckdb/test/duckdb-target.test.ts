import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry, runArtifacts, type CompiledNode, type ConnectContext } from '@floe/core';
import { ArtifactsBuilder } from '@floe/target-conformance';
import { DuckDbConfigSchema, createDuckDbDialect, duckdbTarget, mapType } from '../src';
import { auditPlace } from '../src/materialize/data-test';

const ctx = (projectDir: string): ConnectContext => ({ projectDir, resolveSecret: () => '', logger: { debug() {}, info() {}, warn() {} } });

describe('DuckDB config', () => {
  it('fills defaults', () => {
    expect(DuckDbConfigSchema.parse({ type: 'duckdb' })).toEqual({ type: 'duckdb', path: 'target/floe.duckdb', extensions: [], attach: [], schema: 'main' });
    expect(duckdbTarget.defaultConfig?.('/p')).toMatchObject({ path: 'target/floe.duckdb' });
  });
  it('writes out the same default config the schema fills in, key order included (it lands in the artifacts)', () => {
    const a = duckdbTarget.defaultConfig!('/p');
    expect(JSON.stringify(a)).toBe(JSON.stringify(DuckDbConfigSchema.parse({ type: 'duckdb' })));
    expect(duckdbTarget.defaultConfig!('/p')).not.toBe(a);
  });
  it('refuses extensions that would be downloaded, and unknown keys', () => {
    const r = DuckDbConfigSchema.safeParse({ type: 'duckdb', extensions: ['json', 'httpfs'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/built-in extensions parquet, json, icu/);
    expect(DuckDbConfigSchema.safeParse({ type: 'duckdb', pathh: 'x' }).success).toBe(false);
    expect(DuckDbConfigSchema.safeParse({ type: 'duckdb', memory_limit: 'lots' }).success).toBe(false);
  });
});

describe('DuckDB dialect', () => {
  const d = createDuckDbDialect({ path: 'target/floe.duckdb', schema: 'analytics' });
  it('quotes and renders relations, omitting the default database', () => {
    expect(d.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(d.quoteLiteral("it's")).toBe("'it''s'");
    expect(d.defaultSchema).toBe('analytics');
    expect(d.defaultDatabase).toBe('floe');
    expect(d.renderRelation({ schema: 's', identifier: 't' })).toBe('"s"."t"');
    expect(d.renderRelation({ database: 'floe', schema: 's', identifier: 't' })).toBe('"s"."t"');
    expect(d.renderRelation({ database: 'other', schema: 's', identifier: 't' })).toBe('"other"."s"."t"');
  });
  it('maps logical types', () => {
    expect(mapType('string')).toBe('VARCHAR');
    expect(mapType('decimal(10, 2)')).toBe('DECIMAL(10,2)');
    expect(mapType('timestamp(3)')).toBe('TIMESTAMP');
    expect(mapType('timestamp_tz')).toBe('TIMESTAMPTZ');
    expect(mapType('bigint')).toBe('BIGINT');
    expect(mapType('array<int>')).toBe('INTEGER[]');
    expect(mapType('HUGEINT')).toBe('HUGEINT');
  });
});

describe('DuckDB connection', () => {
  it('maps a lock held by another process to FLOE_DATABASE_LOCKED naming its PID', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-lock-'));
    const db = join(dir, 'held.duckdb');
    const api = require.resolve('@duckdb/node-api');
    const holder = spawn(
      process.execPath,
      // The holder writes to the file before it says ready, so its lock is certainly taken, and keeps
      // the instance reachable: a collected instance closes the database and frees the lock (seen on Node 22).
      ['-e', `const d = require(${JSON.stringify(api)}); d.DuckDBInstance.create(${JSON.stringify(db)}).then(async (i) => { const c = await i.connect(); await c.run('create table held(x integer)'); globalThis.held = [i, c]; console.log('ready'); setInterval(() => {}, 1000); })`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('holder did not start in 15 s')), 15_000);
        holder.stdout?.on('data', (b: Buffer) => {
          if (b.toString().includes('ready')) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      const config = DuckDbConfigSchema.parse({ type: 'duckdb', path: db });
      await expect(duckdbTarget.connect(config, ctx(dir))).rejects.toMatchObject({
        code: 'FLOE_DATABASE_LOCKED',
        message: expect.stringContaining(`PID ${holder.pid}`),
      });
    } finally {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
      holder.stdout?.destroy();
    }
  });

  it('maps an unopenable path to FLOE_CONNECTION_FAILED', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-bad-'));
    writeFileSync(join(dir, 'a-file'), '');
    const config = DuckDbConfigSchema.parse({ type: 'duckdb', path: 'a-file/x.duckdb' });
    await expect(duckdbTarget.connect(config, ctx(dir))).rejects.toMatchObject({ code: 'FLOE_CONNECTION_FAILED' });
    writeFileSync(join(dir, 'not-a-db.duckdb'), 'this is not a DuckDB file, just text that is long enough to have a header');
    const config2 = DuckDbConfigSchema.parse({ type: 'duckdb', path: 'not-a-db.duckdb' });
    await expect(duckdbTarget.connect(config2, ctx(dir))).rejects.toMatchObject({ code: 'FLOE_CONNECTION_FAILED' });
  });

  it('reports SQL errors as FLOE_NODE_FAILED with the node name and DuckDB\'s message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-err-'));
    const raw = { type: 'duckdb', path: join(dir, 'x.duckdb') };
    const a = new ArtifactsBuilder({ dialect: createDuckDbDialect(DuckDbConfigSchema.parse(raw)), targetType: 'duckdb', computeConfig: raw })
      .model('bad_model', { materialized: 'table', sql: () => 'select no_such_column from (select 1 as x)' })
      .build();
    const r = await runArtifacts({ artifacts: a, registry: new PluginRegistry([duckdbTarget]), projectDir: dir, nodeIds: Object.keys(a.nodes), threads: 1, failFast: false, fullRefresh: false });
    expect(r.results[0]?.status).toBe('error');
    expect(r.results[0]?.message).toMatch(/^FLOE_NODE_FAILED: bad_model: .*no_such_column/s);
  });

  it('creates schemas as needed and attaches other database files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-attach-'));
    const other = duckdbTarget.configSchema.parse({ type: 'duckdb', path: join(dir, 'other.duckdb') });
    const c1 = await duckdbTarget.connect(other, ctx(dir));
    await c1.execute('create table ext as select 42 as answer');
    await c1.close();
    const cfg = duckdbTarget.configSchema.parse({ type: 'duckdb', path: join(dir, 'main.duckdb'), attach: [{ path: 'other.duckdb', alias: 'lake', read_only: true }], extensions: ['json'] });
    const c2 = await duckdbTarget.connect(cfg, ctx(dir));
    try {
      expect((await c2.execute('select answer from lake.main.ext')).rows).toEqual([{ answer: 42 }]);
    } finally {
      await c2.close();
    }
  });
});

describe('store_failures audit table', () => {
  it('is named after the test alias (dbt\'s short name for names of 64+ characters)', () => {
    const node = {
      name: 'relationships_stg_rides_start_station_id__station_id__ref_stg_stations_',
      relation: null,
      config: { alias: 'relationships_stg_rides_79798dcaa730c291499e618cfc02dc05' },
    } as unknown as CompiledNode;
    expect(auditPlace(node, 'main')).toEqual({ database: null, schema: 'main_dbt_test__audit', identifier: 'relationships_stg_rides_79798dcaa730c291499e618cfc02dc05' });
    expect(auditPlace({ ...node, config: {} } as unknown as CompiledNode, 'main').identifier).toBe(node.name);
  });
});
