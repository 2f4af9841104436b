import { basename } from 'node:path';
import { runTargetConformance } from '@floe/target-conformance';
import snowflake, { statementListeners } from '../../src';
import { adminSql, startFakesnow, type Emulator } from './fakesnow';
import { parseWithSqlglot } from './sqlglot';

/**
 * The shared conformance suite against fakesnow (Snowflake's protocol,
 * DuckDB underneath) through the official snowflake-sdk. Each test gets its
 * own schema in one database.
 */
let emu: Emulator;
const DATABASE = 'FLOE_E2E';
/** The password is a planted canary: it must appear in no statement the target sends. */
const CANARY = 'canary-5d1e0a77-NEVER-IN-SQL';
const sent: string[] = [];
statementListeners.add((sql) => sent.push(sql));

beforeAll(async () => {
  emu = await startFakesnow();
  await adminSql(emu.url, [`CREATE DATABASE IF NOT EXISTS ${DATABASE}`]);
  process.env['FLOE_SF_E2E_PASSWORD'] = CANARY; // fakesnow accepts any password
}, 600_000);

afterAll(async () => {
  await emu?.stop();
});

runTargetConformance({
  name: 'snowflake (fakesnow)',
  plugin: snowflake,
  makeConfig: (dir) => ({
    type: 'snowflake',
    account: 'floe',
    user: 'floe_ci',
    password: { env: 'FLOE_SF_E2E_PASSWORD' },
    database: DATABASE,
    schema: `T_${basename(dir).replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`,
    access_url: emu.url,
    connect_timeout_seconds: 20,
    threads: 4,
  }),
  skip: [
    ...['snapshot', 'compiled fixture project'].map((test) => ({
      test,
      reason:
        'fakesnow 0.12.1 rewrites MERGE into its own candidates table and drops source columns used only in ON, so the snapshot MERGE fails there (Binder Error: ... FLOE_MERGE_KEY); covered at level 2 by test/e2e/snapshot-level2.int.test.ts (the same statements via sqlglot on DuckDB)',
    })),
    {
      test: 'cancellation',
      reason:
        "fakesnow 0.12.1 answers /queries/v1/abort-request with success but does not interrupt DuckDB, so a cancelled statement keeps running in the emulator; Floe's side (statement.cancel() sends abort-request, FLOE_RUN_CANCELLED, dependants skipped) is covered by test/e2e/cancel.int.test.ts",
    },
  ],
});

describe('statements sent during the conformance run', () => {
  it('all parse with sqlglot (snowflake) and none carries the secret', () => {
    expect(sent.length).toBeGreaterThan(100);
    expect(sent.filter((s) => s.includes(CANARY))).toEqual([]);
    const distinct = [...new Set(sent)];
    const report = parseWithSqlglot(distinct);
    // eslint-disable-next-line no-console
    console.info(`[sqlglot ${report.sqlglot}] ${report.parsed}/${distinct.length} distinct statements sent to fakesnow parse as Snowflake SQL`);
    expect(report.failures).toEqual([]);
  });
});
