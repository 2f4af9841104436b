import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { PluginRegistry, runArtifacts, type CompiledArtifacts, type TargetPlugin, type TargetConfigBase } from '@floe/core';
import { ArtifactsBuilder, normalizeRow, sortRows } from '@floe/target-conformance';
import { duckdbTarget, createDuckDbDialect } from '@floe/target-duckdb';
import snowflake, { createSnowflakeDialect, statementListeners } from '../../src';
import { quoteLiteral } from '../../src/dialect';
import { adminSql, fakesnowVenv, startFakesnow, type Emulator } from './fakesnow';

/**
 * Level 2 for snapshots (fakesnow 0.12.1 cannot run the snapshot MERGE):
 * the exact statements the Snowflake target sent — captured while it ran the
 * scenario against fakesnow — are transpiled by sqlglot (snowflake → duckdb)
 * and replayed in order on DuckDB; the resulting snapshot table must equal
 * what target-duckdb builds from the same seeds.
 */
const V1 = 'id,name,updated_at\n1,alice,2024-01-01 00:00:00\n2,bob,2024-01-01 00:00:00\n3,carol,2024-01-01 00:00:00\n';
const V2 = 'id,name,updated_at\n1,alicia,2024-01-02 00:00:00\n2,bob,2024-01-01 00:00:00\n4,dave,2024-01-02 00:00:00\n';
const DATABASE = 'FLOE_L2';
const SCHEMA = 'SNAP';

let emu: Emulator;
beforeAll(async () => {
  emu = await startFakesnow();
  await adminSql(emu.url, [`CREATE DATABASE IF NOT EXISTS ${DATABASE}`]);
}, 600_000);
afterAll(async () => {
  await emu?.stop();
});

function project(dialect: ArtifactsBuilder extends never ? never : ReturnType<typeof createSnowflakeDialect>, targetType: string, computeConfig: Record<string, unknown>, config: Record<string, unknown>): CompiledArtifacts {
  const mode = config['mode'] === 'dbt' ? 'dbt' : 'native';
  const { mode: _m, ...snapshotConfig } = config;
  return new ArtifactsBuilder({ dialect, targetType, computeConfig, mode })
    .seed('customers', { file: 'seeds/customers.csv', columnTypes: { updated_at: 'timestamp' } })
    .snapshot('customers_snapshot', { sql: (c) => `select id, name, updated_at from ${c.ref('customers')}`, config: { unique_key: 'id', ...snapshotConfig } })
    .build();
}

async function twoRuns(plugin: TargetPlugin<TargetConfigBase>, a: CompiledArtifacts, dir: string) {
  const run = () => runArtifacts({ artifacts: a, registry: new PluginRegistry([plugin]), projectDir: dir, nodeIds: Object.keys(a.nodes), threads: 1, failFast: false, fullRefresh: false });
  writeFileSync(join(dir, 'seeds/customers.csv'), V1);
  const r1 = await run();
  writeFileSync(join(dir, 'seeds/customers.csv'), V2);
  const r2 = await run();
  return [r1, r2];
}

function transpile(statements: string[]): string[] {
  const out = execFileSync(`${fakesnowVenv()}/bin/python`, [resolve(__dirname, '../../../../tools/python/sqlglot_transpile.py'), 'snowflake', 'duckdb'], {
    input: JSON.stringify(statements),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(out) as string[];
}

/** Array binds become literal rows (DuckDB gets the same values the driver sent). */
function inlineBinds(sql: string, binds: unknown[][] | unknown[] | undefined): string[] {
  if (!binds) return [sql];
  const rows = (Array.isArray(binds[0]) ? binds : [binds]) as unknown[][];
  return rows.map((row) => {
    let i = 0;
    return sql.replace(/\?/g, () => {
      const v = row[i++];
      return v === null || v === undefined ? 'NULL' : quoteLiteral(String(v));
    });
  });
}

describe.each<[string, Record<string, unknown>]>([
  ['timestamp', { strategy: 'timestamp', updated_at: 'updated_at' }],
  ['check', { strategy: 'check', check_cols: ['name'] }],
  ['invalidate', { strategy: 'timestamp', updated_at: 'updated_at', hard_deletes: 'invalidate' }],
  ['dbt', { strategy: 'check', check_cols: 'all', mode: 'dbt' }],
])('snapshot (%s strategy): Snowflake statements via sqlglot on DuckDB equal target-duckdb', (_label, config) => {
  it('same versions, same validity windows', async () => {
    const [vfCol, vtCol] = config['mode'] === 'dbt' ? ['dbt_valid_from', 'dbt_valid_to'] : ['valid_from', 'valid_to'];
    // 1. the Snowflake target against fakesnow, recording every statement it sends
    const dir = mkdtempSync(join(tmpdir(), 'floe-sf-l2-'));
    mkdirSync(join(dir, 'seeds'));
    const sent: { sql: string; binds?: unknown[][] | unknown[] }[] = [];
    const listen = (sql: string, binds?: unknown[][] | unknown[]) => void sent.push({ sql, ...(binds ? { binds } : {}) });
    statementListeners.add(listen);
    const sfRaw = { type: 'snowflake', account: 'floe', user: 'ci', password: 'not-checked-by-fakesnow', database: DATABASE, schema: `${SCHEMA}_${_label.toUpperCase()}`, access_url: emu.url };
    const sfDialect = createSnowflakeDialect({ database: DATABASE, schema: sfRaw.schema });
    try {
      await twoRuns(snowflake as unknown as TargetPlugin<TargetConfigBase>, project(sfDialect, 'snowflake', sfRaw, config), dir);
    } finally {
      statementListeners.delete(listen);
    }
    expect(sent.some((s) => s.sql.startsWith('MERGE INTO'))).toBe(true);

    // 2. replay them on DuckDB through sqlglot; SHOW (metadata reads) has no DuckDB form and is skipped
    const replay = sent.filter((s) => !/^SHOW\s/i.test(s.sql)).flatMap((s) => inlineBinds(s.sql, s.binds));
    const duck = transpile(replay);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run(`ATTACH ':memory:' AS "${DATABASE}"`);
    await con.run(`CREATE SCHEMA "${DATABASE}"."${sfRaw.schema}"`);
    await con.run(`USE "${DATABASE}"."${sfRaw.schema}"`);
    for (const [i, s] of duck.entries()) {
      try {
        await con.run(s);
      } catch (e) {
        throw new Error(`replay of statement ${i} failed: ${(e as Error).message}\nSnowflake: ${replay[i]}\nDuckDB: ${s}`);
      }
    }
    const viaSqlglot = sortRows(
      (await (await con.runAndReadAll(`SELECT id, name, CAST(${vfCol} AS VARCHAR) AS vf, CAST(${vtCol} AS VARCHAR) AS vt FROM "${DATABASE}"."${sfRaw.schema}"."CUSTOMERS_SNAPSHOT"`)).getRowObjectsJS()).map(normalizeRow),
    );
    con.closeSync();

    // 3. target-duckdb on the same seeds
    const ddir = mkdtempSync(join(tmpdir(), 'floe-duck-l2-'));
    mkdirSync(join(ddir, 'seeds'));
    const dRaw = { type: 'duckdb', path: join(ddir, 'ref.duckdb') };
    const [, d2] = await twoRuns(duckdbTarget as unknown as TargetPlugin<TargetConfigBase>, project(createDuckDbDialect({ path: dRaw.path, schema: 'main' }) as never, 'duckdb', dRaw, config), ddir);
    expect(d2!.success).toBe(true);
    const ref = await DuckDBInstance.create(dRaw.path);
    const rc = await ref.connect();
    const viaDuckdb = sortRows(
      (await (await rc.runAndReadAll(`SELECT id, name, CAST(${vfCol} AS VARCHAR) AS vf, CAST(${vtCol} AS VARCHAR) AS vt FROM main.customers_snapshot`)).getRowObjectsJS()).map(normalizeRow),
    );
    rc.closeSync();

    const dateOnly = (rows: Record<string, unknown>[]) =>
      rows.map((r) => ({ id: Number(r['id']), name: r['name'], vf: config['strategy'] === 'timestamp' ? String(r['vf']).slice(0, 10) : 'now', vt: r['vt'] === null ? null : config['strategy'] === 'timestamp' ? String(r['vt']).slice(0, 10) : 'closed' }));
    expect(viaSqlglot.length).toBeGreaterThan(3);
    expect(dateOnly(viaSqlglot)).toEqual(dateOnly(viaDuckdb));
  });
});
