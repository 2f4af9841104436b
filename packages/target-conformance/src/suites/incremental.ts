import { describe, expect } from '@jest/globals';
import type { ArtifactsBuilder, SqlContext } from '../artifacts-builder';
import { suiteContext } from '../define';
import type { ConformanceOptions, Harness } from '../harness';
import { statusOf } from '../harness';

// Every batch is in the file from the start; the `phase` seed says how many batches are visible.
const EVENTS = `id,k2,batch,val,updated_at
1,a,1,10,2024-01-01 00:00:00
2,a,1,20,2024-01-01 00:00:00
2,b,1,21,2024-01-01 00:00:00
3,a,1,30,2024-01-01 00:00:00
2,a,2,200,2024-01-02 00:00:00
4,a,2,40,2024-01-02 00:00:00
3,b,2,31,2024-01-02 00:00:00
`;

function eventsProject(h: Harness, models: (b: ArtifactsBuilder) => ArtifactsBuilder) {
  h.write('seeds/events.csv', EVENTS);
  const b = h.builder().seed('events', { file: 'seeds/events.csv', columnTypes: { k2: 'string', updated_at: 'timestamp' } }).seed('phase', { file: 'seeds/phase.csv' });
  return models(b).build();
}

const visible = (c: SqlContext, extra = '') =>
  `select id, k2, val, updated_at from ${c.ref('events')} where batch <= (select max(n) from ${c.ref('phase')})${extra}`;
const newer = (c: SqlContext, extra = '') => `${visible(c, extra)} and updated_at > (select max(updated_at) from ${c.this})`;

async function twoPhases(h: Harness, a: ReturnType<typeof eventsProject>) {
  h.write('seeds/phase.csv', 'n\n1\n');
  const r1 = await h.run(a);
  expect(Object.values(statusOf(r1)).every((s) => s === 'success')).toBe(true);
  h.write('seeds/phase.csv', 'n\n2\n');
  const r2 = await h.run(a);
  expect(Object.values(statusOf(r2)).every((s) => s === 'success')).toBe(true);
  return r2;
}

/** The newest row per key among the visible batches, computed independently of the target's incremental logic. */
const latestPer = (h: Harness, keys: string, where = '') =>
  `select id, k2, val, updated_at from (select e.*, row_number() over (partition by ${keys} order by updated_at desc) as rn from ${h.rel('events')} as e where batch <= 2 ${where}) as x where rn = 1`;

export function incrementalSuite(options: ConformanceOptions): void {
  describe('incremental', () => {
    const t = suiteContext(options, 'incremental');
    const cols = 'id, k2, val, updated_at';

    t.test('append adds only the new batch', async (h) => {
      const a = eventsProject(h, (b) =>
        b.model('inc', { materialized: 'incremental', config: { incremental_strategy: 'append' }, sql: (c) => visible(c), incrementalSql: (c) => newer(c) }),
      );
      const r2 = await twoPhases(h, a);
      expect(r2.results.find((r) => r.uniqueId.endsWith('.inc'))?.rowsAffected).toBe(3);
      expect(await h.sorted(`select ${cols} from ${h.rel('inc')}`)).toEqual(await h.sorted(`select ${cols} from ${h.rel('events')} where batch <= 2`));
    });

    t.test('merge with a single unique_key updates and inserts', async (h) => {
      const a = eventsProject(h, (b) =>
        b.model('inc', {
          materialized: 'incremental',
          config: { incremental_strategy: 'merge', unique_key: 'id' },
          sql: (c) => visible(c, ` and k2 = 'a'`),
          incrementalSql: (c) => newer(c, ` and k2 = 'a'`),
        }),
      );
      await twoPhases(h, a);
      expect(await h.sorted(`select ${cols} from ${h.rel('inc')}`)).toEqual(await h.sorted(latestPer(h, 'id', `and k2 = 'a'`)));
    });

    t.test('merge with a composite unique_key', async (h) => {
      const a = eventsProject(h, (b) =>
        b.model('inc', { materialized: 'incremental', config: { incremental_strategy: 'merge', unique_key: ['id', 'k2'] }, sql: (c) => visible(c), incrementalSql: (c) => newer(c) }),
      );
      await twoPhases(h, a);
      expect(await h.sorted(`select ${cols} from ${h.rel('inc')}`)).toEqual(await h.sorted(latestPer(h, 'id, k2')));
    });

    t.test('delete+insert replaces the rows of each key in the batch', async (h) => {
      const a = eventsProject(h, (b) =>
        b.model('inc', {
          materialized: 'incremental',
          config: { incremental_strategy: 'delete+insert', unique_key: ['id', 'k2'] },
          sql: (c) => visible(c),
          incrementalSql: (c) => newer(c),
        }),
      );
      await twoPhases(h, a);
      expect(await h.sorted(`select ${cols} from ${h.rel('inc')}`)).toEqual(await h.sorted(latestPer(h, 'id, k2')));
    });

    t.test('--full-refresh rebuilds from the full SQL', async (h) => {
      const a = eventsProject(h, (b) =>
        // No incremental filter: each incremental run appends everything again.
        b.model('inc', { materialized: 'incremental', config: { incremental_strategy: 'append' }, sql: (c) => visible(c) }),
      );
      await twoPhases(h, a);
      const visibleNow = `select ${cols} from ${h.rel('events')} where batch <= 2`;
      expect((await h.query(`select count(*) as n from ${h.rel('inc')}`))[0]).toEqual({ n: 4 + 7 });
      await h.run(a, { select: ['inc'], fullRefresh: true });
      expect(await h.sorted(`select ${cols} from ${h.rel('inc')}`)).toEqual(await h.sorted(visibleNow));
    });
  });

  describe('on_schema_change', () => {
    const t = suiteContext(options, 'on_schema_change');
    const phase1 = `select 1 as id, 'a1' as a, 'b1' as b`;
    const phase2 = `select 2 as id, 'b2' as b, 'c2' as c`;
    const build = (h: Harness, mode: string, sql: string) =>
      h.builder().model('inc', { materialized: 'incremental', config: { incremental_strategy: 'append', on_schema_change: mode }, sql: () => sql }).build();
    const runBoth = async (h: Harness, mode: string) => {
      expect(statusOf(await h.run(build(h, mode, phase1)))).toEqual({ inc: 'success' });
      return h.run(build(h, mode, phase2));
    };

    t.test('ignore keeps the table\'s columns', async (h) => {
      expect(statusOf(await runBoth(h, 'ignore'))).toEqual({ inc: 'success' });
      expect(await h.sorted(`select * from ${h.rel('inc')}`)).toEqual([
        { id: 1, a: 'a1', b: 'b1' },
        { id: 2, a: null, b: 'b2' },
      ]);
    });

    t.test('fail refuses the batch and leaves the table unchanged', async (h) => {
      const r = await runBoth(h, 'fail');
      expect(statusOf(r)).toEqual({ inc: 'error' });
      expect(r.results[0]?.message).toMatch(/on_schema_change/);
      expect(await h.sorted(`select * from ${h.rel('inc')}`)).toEqual([{ id: 1, a: 'a1', b: 'b1' }]);
    });

    t.test('append_new_columns adds new columns and keeps removed ones', async (h) => {
      expect(statusOf(await runBoth(h, 'append_new_columns'))).toEqual({ inc: 'success' });
      expect(await h.sorted(`select * from ${h.rel('inc')}`)).toEqual([
        { id: 1, a: 'a1', b: 'b1', c: null },
        { id: 2, a: null, b: 'b2', c: 'c2' },
      ]);
    });

    t.test('sync_all_columns adds new columns and drops removed ones', async (h) => {
      expect(statusOf(await runBoth(h, 'sync_all_columns'))).toEqual({ inc: 'success' });
      expect(await h.sorted(`select * from ${h.rel('inc')}`)).toEqual([
        { id: 1, b: 'b1', c: null },
        { id: 2, b: 'b2', c: 'c2' },
      ]);
    });
  });
}
