import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { compareDatabases, typeFamily, type RelationSpec } from './compare-tables';

/** The dbt comparison's own check: it must see real differences and forgive only the allowed ones. */

async function database(path: string, statements: string[]): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  for (const s of statements) await c.run(s);
  c.closeSync();
  db.closeSync();
}

const SNAPSHOT: RelationSpec = { resourceType: 'snapshot', name: 's', schema: 'snap', identifier: 's', strategy: 'check', uniqueKey: ['id'] };
const TABLE: RelationSpec = { resourceType: 'model', name: 't', schema: 'main', identifier: 't' };
const VIEW: RelationSpec = { resourceType: 'model', name: 'v', schema: 'main', identifier: 'v' };

function snapshotRows(t1: string, t2: string, plan2: string): string[] {
  return [
    'create schema snap',
    'create table snap.s (id integer, plan varchar, dbt_scd_id varchar, dbt_updated_at timestamp, dbt_valid_from timestamp, dbt_valid_to timestamp)',
    `insert into snap.s values (1, 'a', 'x', '${t1}', '${t1}', '${t2}'), (1, '${plan2}', 'y', '${t2}', '${t2}', null), (2, 'b', 'z', '${t1}', '${t1}', null)`,
  ];
}

describe('compareDatabases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-cmp-self-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('equal contents match despite INTEGER vs BIGINT, row order and check-snapshot run times; views are read in their own catalog', async () => {
    const a = join(dir, 'a', 'same.duckdb');
    const b = join(dir, 'b', 'same.duckdb');
    for (const p of [a, b]) rmSync(p, { force: true });
    mkdirSync(join(dir, 'a'), { recursive: true });
    mkdirSync(join(dir, 'b'), { recursive: true });
    await database(a, ['create table t (id integer, v double)', 'insert into t values (1, 0.1 + 0.2), (2, 3)', 'create view v as select * from same.main.t', ...snapshotRows('2024-01-01', '2024-02-01', 'c')]);
    await database(b, ['create table t (id bigint, v double)', 'insert into t values (2, 3), (1, 0.3)', 'create view v as select * from same.main.t', ...snapshotRows('2025-06-01 10:00', '2025-06-01 11:00', 'c')]);
    const r = await compareDatabases({ dbtDatabase: a, floeDatabase: b, relations: [TABLE, VIEW, SNAPSHOT], workDir: join(dir, 'w1') });
    expect(r.tables.map((t) => [t.relation.name, t.matched, t.problems])).toEqual([
      ['t', true, []],
      ['v', true, []],
      ['s', true, []],
    ]);
    expect(r.tables[0]!.notes).toEqual(['id INTEGER/BIGINT']);
  });

  test('a changed value, a missing row, a type family change and a different version chain are all reported', async () => {
    const a = join(dir, 'c.duckdb');
    const b = join(dir, 'd.duckdb');
    await database(a, ['create table t (id integer, v double, s varchar)', "insert into t values (1, 1.5, 'x'), (2, 3, 'y'), (3, 4, 'z')", ...snapshotRows('2024-01-01', '2024-02-01', 'c')]);
    await database(b, ['create table t (id integer, v double, s integer)', 'insert into t values (1, 1.5, 1), (2, 3, 2)', ...snapshotRows('2024-01-01', '2024-02-01', 'd')]);
    const r = await compareDatabases({ dbtDatabase: a, floeDatabase: b, relations: [TABLE, SNAPSHOT, VIEW], workDir: join(dir, 'w2') });
    const [t, s, v] = r.tables;
    expect(t!.matched).toBe(false);
    expect(t!.problems.join('\n')).toContain('column s: type VARCHAR in dbt, INTEGER in floe');
    expect(t!.problems.join('\n')).toContain('row count: dbt 3, floe 2');
    expect(t!.problems.join('\n')).toContain('"v":1.5');
    expect(s!.matched).toBe(false);
    expect(s!.problems.join('\n')).toContain('rows only in floe');
    expect(v!.problems).toEqual(["missing in dbt's database"]);
  });

  test('type families', () => {
    expect(typeFamily('HUGEINT')).toBe(typeFamily('INTEGER'));
    expect(typeFamily('DECIMAL(12,2)')).toBe(typeFamily('DOUBLE'));
    expect(typeFamily('TIMESTAMP WITH TIME ZONE')).not.toBe(typeFamily('TIMESTAMP'));
    expect(typeFamily('DATE')).not.toBe(typeFamily('TIMESTAMP'));
  });
});
