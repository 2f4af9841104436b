import { describe, expect } from '@jest/globals';
import { suiteContext } from '../define';
import type { ConformanceOptions } from '../harness';
import { statusOf } from '../harness';

export function viewAndTableSuite(options: ConformanceOptions): void {
  describe('view', () => {
    const t = suiteContext(options, 'view');
    t.test('creates a view that reads its upstream live, and replaces it', async (h) => {
      h.write('seeds/nums.csv', 'n\n1\n2\n3\n');
      const a = h
        .builder()
        .seed('nums', { file: 'seeds/nums.csv' })
        .model('doubled', { materialized: 'view', sql: (c) => `select n, n * 2 as twice from ${c.ref('nums')}` })
        .build();
      expect(statusOf(await h.run(a))).toEqual({ nums: 'success', doubled: 'success' });
      expect(await h.sorted(`select n, twice from ${h.rel('doubled')}`)).toEqual([
        { n: 1, twice: 2 },
        { n: 2, twice: 4 },
        { n: 3, twice: 6 },
      ]);
      h.write('seeds/nums.csv', 'n\n10\n');
      await h.run(a, { select: ['nums'] });
      expect(await h.query(`select twice from ${h.rel('doubled')}`)).toEqual([{ twice: 20 }]);
      // re-running replaces the view in place
      expect(statusOf(await h.run(a, { select: ['doubled'] }))).toEqual({ doubled: 'success' });
    });

    t.test('replaces a table of the same name with a view', async (h) => {
      const asTable = h.builder().model('thing', { materialized: 'table', sql: () => `select 1 as v` }).build();
      const asView = h.builder().model('thing', { materialized: 'view', sql: () => `select 2 as v` }).build();
      await h.run(asTable);
      expect(statusOf(await h.run(asView))).toEqual({ thing: 'success' });
      expect(await h.query(`select v from ${h.rel('thing')}`)).toEqual([{ v: 2 }]);
    });
  });

  describe('table + atomic swap', () => {
    const t = suiteContext(options, 'table');
    t.test('builds a table and rebuilds it with new content', async (h) => {
      const v1 = h.builder().model('t', { materialized: 'table', sql: () => `select 1 as id, 'v1' as version union all select 2, 'v1'` }).build();
      const r1 = await h.run(v1);
      expect(statusOf(r1)).toEqual({ t: 'success' });
      expect(r1.results[0]?.rowsAffected).toBe(2);
      const v2 = h.builder().model('t', { materialized: 'table', sql: () => `select 3 as id, 'v2' as version` }).build();
      await h.run(v2);
      expect(await h.sorted(`select id, version from ${h.rel('t')}`)).toEqual([{ id: 3, version: 'v2' }]);
    });

    t.test('a rebuild that fails at run time leaves the previous version intact', async (h) => {
      const good = h.builder().model('t', { materialized: 'table', sql: () => `select 1 as id, 'old' as version` }).build();
      await h.run(good);
      const bad = h
        .builder()
        .model('t', { materialized: 'table', sql: () => `select cast(x as integer) as id, 'new' as version from (select 'not a number' as x) as s` })
        .build();
      const r = await h.run(bad);
      expect(statusOf(r)).toEqual({ t: 'error' });
      expect(r.results[0]?.message).toContain('t');
      expect(await h.query(`select id, version from ${h.rel('t')}`)).toEqual([{ id: 1, version: 'old' }]);
    });

    t.test('replaces a view of the same name with a table', async (h) => {
      await h.run(h.builder().model('thing', { materialized: 'view', sql: () => `select 1 as v` }).build());
      expect(statusOf(await h.run(h.builder().model('thing', { materialized: 'table', sql: () => `select 2 as v` }).build()))).toEqual({ thing: 'success' });
      expect(await h.query(`select v from ${h.rel('thing')}`)).toEqual([{ v: 2 }]);
    });
  });

  describe('ephemeral', () => {
    const t = suiteContext(options, 'ephemeral');
    t.test('is inlined into its dependants and never created', async (h) => {
      const a = h
        .builder()
        .model('base', { materialized: 'ephemeral', sql: () => `select 1 as id union all select 2` })
        .model('final', { materialized: 'table', sql: (c) => `select id * 10 as id from ${c.ref('base')}` })
        .build();
      const r = await h.run(a);
      expect(statusOf(r)).toEqual({ final: 'success' });
      expect(await h.sorted(`select id from ${h.rel('final')}`)).toEqual([{ id: 10 }, { id: 20 }]);
      await expect(h.query(`select * from ${h.rel('base')}`)).rejects.toThrow();
    });
  });
}
