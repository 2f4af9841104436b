import { describe, expect } from '@jest/globals';
import { suiteContext } from '../define';
import type { ConformanceOptions } from '../harness';
import { statusOf } from '../harness';

export function isolationSuite(options: ConformanceOptions): void {
  describe('failure isolation', () => {
    const t = suiteContext(options, 'failure isolation');
    t.test('a failing model skips only its dependants', async (h) => {
      const a = h
        .builder()
        .model('root', { materialized: 'table', sql: () => `select 1 as id` })
        .model('broken', { materialized: 'table', sql: (c) => `select cast('oops' as integer) as id from ${c.ref('root')}` })
        .model('after_broken', { materialized: 'table', sql: (c) => `select id from ${c.ref('broken')}` })
        .model('sibling', { materialized: 'table', sql: (c) => `select id + 1 as id from ${c.ref('root')}` })
        .model('after_sibling', { materialized: 'view', sql: (c) => `select id from ${c.ref('sibling')}` })
        .build();
      const r = await h.run(a, { threads: 2 });
      expect(statusOf(r)).toEqual({ root: 'success', broken: 'error', after_broken: 'skipped', sibling: 'success', after_sibling: 'success' });
      expect(r.results.find((x) => x.uniqueId.endsWith('.broken'))?.message).toContain('broken');
      expect(await h.query(`select id from ${h.rel('after_sibling')}`)).toEqual([{ id: 2 }]);
    });
  });

  describe('cancellation', () => {
    const t = suiteContext(options, 'cancellation');
    t.test('aborting cancels the running statement, keeps the old version and skips the rest', async (h) => {
      h.write('seeds/k.csv', 'k\n' + Array.from({ length: 1000 }, (_, i) => i).join('\n') + '\n');
      const fast = h
        .builder()
        .seed('k', { file: 'seeds/k.csv' })
        .model('slow', { materialized: 'table', sql: (c) => `select count(*) as n from ${c.ref('k')}` })
        .model('after', { materialized: 'table', sql: (c) => `select n from ${c.ref('slow')}` })
        .build();
      await h.run(fast);
      // 10^12 joined rows: runs for minutes unless interrupted.
      const heavy = h
        .builder()
        .seed('k', { file: 'seeds/k.csv' })
        .model('slow', {
          materialized: 'table',
          sql: (c) => `select count(*) as n from ${c.ref('k')} as a cross join ${c.ref('k')} as b cross join ${c.ref('k')} as c cross join ${c.ref('k')} as d where a.k + b.k + c.k + d.k >= 0`,
        })
        .model('after', { materialized: 'table', sql: (c) => `select n from ${c.ref('slow')}` })
        .build();
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), 1500);
      const t0 = Date.now();
      const r = await h.run(heavy, { select: ['slow', 'after'], signal: ac.signal });
      clearTimeout(timer);
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(r.cancelled).toBe(true);
      expect(statusOf(r)).toEqual({ slow: 'error', after: 'skipped' });
      expect(r.results.find((x) => x.uniqueId.endsWith('.slow'))?.message).toMatch(/cancel/i);
      expect(await h.query(`select n from ${h.rel('slow')}`)).toEqual([{ n: 1000 }]);
    });
  });
}
