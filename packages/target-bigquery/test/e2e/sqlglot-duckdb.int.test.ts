import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { NATIVE_SCD_COLUMNS } from '@floe/core';
import { Harness, sortRows, statusOf, type Row } from '@floe/target-conformance';
import { duckdbTarget } from '@floe/target-duckdb';
import { bigquerySql } from '../../src';
import { snapshotApply, snapshotChangesSelect, snapshotInitialSelect, snapshotSource, type SnapshotSpec } from '../../src/sql/snapshot';
import { seedSelect } from '../../src/sql/seed';
import { render, type Place } from '../../src/sql/quote';

// Level 2: the exact statements the BigQuery target sends for merge and snapshots, transpiled
// by sqlglot (bigquery → duckdb) and run on DuckDB, compared with target-duckdb on the same data.
// An independent check of the SQL semantics, apart from the emulator's own translation.
const ROOT = join(__dirname, '..', '..', '..', '..');
const EVENTS = [
  ['1', 'a', '1', '10', '2024-01-01 00:00:00'],
  ['2', 'a', '1', '20', '2024-01-01 00:00:00'],
  ['3', 'a', '1', '30', '2024-01-01 00:00:00'],
  ['2', 'a', '2', '200', '2024-01-02 00:00:00'],
  ['4', 'a', '2', '40', '2024-01-02 00:00:00'],
];
const HEADER = ['id', 'k2', 'batch', 'val', 'updated_at'];
const TYPES = ['INT64', 'STRING', 'INT64', 'INT64', 'TIMESTAMP'];

function runOnDuckDb(statements: string[], finalQuery: string): Row[] {
  const venv = execFileSync('bash', [join(ROOT, 'tools/python/ensure-venv.sh'), 'bigquery', join(ROOT, 'tools/python/requirements-bigquery.txt')], { encoding: 'utf8', timeout: 600_000 }).trim();
  const script = `
import json, sys, duckdb, sqlglot
job = json.load(sys.stdin)
con = duckdb.connect()
con.execute("ATTACH ':memory:' AS p")
con.execute("CREATE SCHEMA p.d")
for s in job["statements"]:
    for t in sqlglot.transpile(s, read="bigquery", write="duckdb"):
        con.execute(t)
cur = con.execute(sqlglot.transpile(job["final"], read="bigquery", write="duckdb")[0])
cols = [c[0] for c in cur.description]
print(json.dumps([dict(zip(cols, r)) for r in cur.fetchall()], default=str))
`;
  const out = execFileSync(join(venv, 'bin', 'python'), ['-c', script], { input: JSON.stringify({ statements, final: finalQuery }), encoding: 'utf8', timeout: 120_000 });
  return sortRows((JSON.parse(out) as Row[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]))));
}

const P = (identifier: string): Place => ({ project: 'p', dataset: 'd', identifier });
const events = P('events');
const visible = (phase: number) => `select id, k2, val, updated_at from ${render(events)} where batch <= ${phase}`;
const newer = (phase: number, target: Place) => `${visible(phase)} and updated_at > (select max(updated_at) from ${render(target)})`;
const loadEvents = bigquerySql.createOrReplaceTable(events, seedSelect(HEADER, TYPES, EVENTS));

function duckHarness() {
  const h = new Harness({ name: 'duckdb-reference', plugin: duckdbTarget, makeConfig: (dir) => ({ type: 'duckdb', path: `${dir}/ref.duckdb` }) });
  h.write('seeds/events.csv', [HEADER.join(','), ...EVENTS.map((r) => r.join(','))].join('\n') + '\n');
  return h;
}

describe('BigQuery statements via sqlglot on DuckDB agree with target-duckdb', () => {
  it('incremental merge on unique_key over two batches', async () => {
    const target = P('inc');
    const batch = P('inc__floe_batch');
    const cols = ['id', 'k2', 'val', 'updated_at'];
    const bq = runOnDuckDb(
      [loadEvents, bigquerySql.createOrReplaceTable(target, visible(1)), bigquerySql.createOrReplaceTable(batch, newer(2, target)), bigquerySql.mergeInto(target, batch, cols, ['id']), bigquerySql.dropTable(batch)],
      `select id, val from ${render(target)}`,
    );

    const h = duckHarness();
    const build = (phase: number) =>
      h
        .builder()
        .seed('events', { file: 'seeds/events.csv', columnTypes: { updated_at: 'timestamp' } })
        .model('inc', {
          materialized: 'incremental',
          config: { incremental_strategy: 'merge', unique_key: 'id' },
          sql: (c) => `select id, k2, val, updated_at from ${c.ref('events')} where batch <= ${phase}`,
          incrementalSql: (c) => `select id, k2, val, updated_at from ${c.ref('events')} where batch <= ${phase} and updated_at > (select max(updated_at) from ${c.this})`,
        })
        .build();
    expect(Object.values(statusOf(await h.run(build(1))))).toEqual(['success', 'success']);
    expect(Object.values(statusOf(await h.run(build(2))))).toEqual(['success', 'success']);
    const duck = await h.sorted(`select id, val from ${h.rel('inc')}`);
    expect(duck).toEqual([{ id: 1, val: 10 }, { id: 2, val: 200 }, { id: 3, val: 30 }, { id: 4, val: 40 }]);
    expect(bq).toEqual(duck);
  }, 660_000);

  it('snapshot (timestamp strategy) over two batches', async () => {
    const target = P('snap');
    const src = P('snap__floe_snapshot_src');
    const changes = P('snap__floe_snapshot_changes');
    const spec: SnapshotSpec = { keys: ['id'], strategy: 'timestamp', updatedAt: 'updated_at', scd: NATIVE_SCD_COLUMNS };
    const srcCols = ['id', 'k2', 'val', 'updated_at'];
    const bq = runOnDuckDb(
      [
        loadEvents,
        bigquerySql.createOrReplaceTable(target, snapshotInitialSelect(spec, visible(1))),
        bigquerySql.createOrReplaceTable(src, snapshotSource(spec, visible(2))),
        bigquerySql.createOrReplaceTable(changes, snapshotChangesSelect(spec, target, src, srcCols)),
        bigquerySql.transaction(snapshotApply(spec, target, src, changes, srcCols, false)),
      ],
      `select id, count(*) as versions, count(valid_to) as closed from ${render(target)} group by id`,
    );

    const h = duckHarness();
    const build = (phase: number) =>
      h
        .builder()
        .seed('events', { file: 'seeds/events.csv', columnTypes: { updated_at: 'timestamp' } })
        .snapshot('snap', { config: { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' }, sql: (c) => `select id, k2, val, updated_at from ${c.ref('events')} where batch <= ${phase}` })
        .build();
    await h.run(build(1));
    await h.run(build(2));
    const duck = await h.sorted(`select id, count(*) as versions, count(valid_to) as closed from ${h.rel('snap')} group by id`);
    expect(duck).toEqual([
      { id: 1, versions: 1, closed: 0 },
      { id: 2, versions: 2, closed: 1 },
      { id: 3, versions: 1, closed: 0 },
      { id: 4, versions: 1, closed: 0 },
    ]);
    expect(bq).toEqual(duck);
  }, 660_000);
});
