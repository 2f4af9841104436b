import { describe, expect } from '@jest/globals';
import { suiteContext } from '../define';
import type { ConformanceOptions, Harness } from '../harness';
import { statusOf } from '../harness';

const V1 = `id,name,updated_at
1,alice,2024-01-01 00:00:00
2,bob,2024-01-01 00:00:00
3,carol,2024-01-01 00:00:00
`;

function project(h: Harness, mode: 'native' | 'dbt', config: Record<string, unknown>) {
  return h
    .builder(mode)
    .seed('customers', { file: 'seeds/customers.csv', columnTypes: { updated_at: 'timestamp' } })
    .snapshot('customers_snapshot', { sql: (c) => `select id, name, updated_at from ${c.ref('customers')}`, config: { unique_key: 'id', ...config } })
    .build();
}

export function snapshotSuite(options: ConformanceOptions): void {
  describe('snapshot', () => {
    const t = suiteContext(options, 'snapshot');

    t.test('timestamp strategy versions changed rows and keeps unchanged ones', async (h) => {
      const a = project(h, 'native', { strategy: 'timestamp', updated_at: 'updated_at' });
      h.write('seeds/customers.csv', V1);
      expect(statusOf(await h.run(a))).toEqual({ customers: 'success', customers_snapshot: 'success' });
      // alice changes, bob stays, carol disappears (hard deletes ignored), dave is new
      h.write('seeds/customers.csv', `id,name,updated_at\n1,alicia,2024-01-02 00:00:00\n2,bob,2024-01-01 00:00:00\n4,dave,2024-01-02 00:00:00\n`);
      const r2 = await h.run(a);
      expect(r2.results.find((r) => r.uniqueId.endsWith('customers_snapshot'))?.rowsAffected).toBe(2);
      const rows = await h.sorted(
        `select id, name, cast(valid_from as varchar(30)) as vf, cast(valid_to as varchar(30)) as vt from ${h.rel('customers_snapshot')}`,
      );
      expect(rows.map((r) => [r['id'], r['name'], String(r['vf']).slice(0, 10), r['vt'] === null ? null : String(r['vt']).slice(0, 10)])).toEqual([
        [1, 'alice', '2024-01-01', '2024-01-02'],
        [1, 'alicia', '2024-01-02', null],
        [2, 'bob', '2024-01-01', null],
        [3, 'carol', '2024-01-01', null],
        [4, 'dave', '2024-01-02', null],
      ]);
      // a third run without changes adds nothing
      const r3 = await h.run(a);
      expect(r3.results.find((r) => r.uniqueId.endsWith('customers_snapshot'))?.rowsAffected).toBe(0);
      expect((await h.query(`select count(*) as n from ${h.rel('customers_snapshot')}`))[0]).toEqual({ n: 5 });
    });

    t.test('check strategy versions rows whose checked columns changed', async (h) => {
      const a = project(h, 'native', { strategy: 'check', check_cols: ['name'] });
      h.write('seeds/customers.csv', V1);
      await h.run(a);
      // alice's name changes (same updated_at); bob only gets a new updated_at (not checked)
      h.write('seeds/customers.csv', `id,name,updated_at\n1,alicia,2024-01-01 00:00:00\n2,bob,2024-05-05 00:00:00\n3,carol,2024-01-01 00:00:00\n`);
      await h.run(a);
      const rows = await h.sorted(`select id, name, case when valid_to is null then 1 else 0 end as is_current from ${h.rel('customers_snapshot')}`);
      expect(rows).toEqual([
        { id: 1, name: 'alice', is_current: 0 },
        { id: 1, name: 'alicia', is_current: 1 },
        { id: 2, name: 'bob', is_current: 1 },
        { id: 3, name: 'carol', is_current: 1 },
      ]);
      const closed = await h.query(
        `select count(*) as n from ${h.rel('customers_snapshot')} as o join ${h.rel('customers_snapshot')} as c on o.id = c.id where o.valid_to = c.valid_from`,
      );
      expect(closed[0]).toEqual({ n: 1 });
    });

    t.test('check_cols all and dbt column names in dbt mode', async (h) => {
      const a = project(h, 'dbt', { strategy: 'check', check_cols: 'all' });
      h.write('seeds/customers.csv', V1);
      await h.run(a);
      h.write('seeds/customers.csv', `id,name,updated_at\n1,alice,2024-01-01 00:00:00\n2,bob,2024-05-05 00:00:00\n3,carol,2024-01-01 00:00:00\n`);
      await h.run(a);
      const rows = await h.sorted(
        `select id, count(*) as versions, count(dbt_scd_id) as ids, count(dbt_updated_at) as upd, count(dbt_valid_from) as vf, count(dbt_valid_to) as vt from ${h.rel('customers_snapshot')} group by id`,
      );
      expect(rows).toEqual([
        { id: 1, versions: 1, ids: 1, upd: 1, vf: 1, vt: 0 },
        { id: 2, versions: 2, ids: 2, upd: 2, vf: 2, vt: 1 },
        { id: 3, versions: 1, ids: 1, upd: 1, vf: 1, vt: 0 },
      ]);
    });
  });
}
