import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect } from '@jest/globals';
import { suiteContext } from '../define';
import type { ConformanceOptions } from '../harness';
import type { CompiledArtifacts, RunResults } from '@floe/core';

/** Where the fixture projects live (compiled with floe-core's real compiler). */
export const FIXTURES_DIR = findFixtures(__dirname);

// src/suites/ in the sources, dist/ in the published package: walk up to the package's fixtures/.
function findFixtures(from: string): string {
  let dir = from;
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'fixtures', 'compiled-basic'))) return join(dir, 'fixtures');
  }
  return join(from, '..', '..', 'fixtures');
}

/** Status by node name; generic tests with long generated names are shortened to their kind. */
const byName = (a: CompiledArtifacts, r: RunResults) =>
  Object.fromEntries(r.results.map((x) => [(a.nodes[x.uniqueId]?.name ?? x.uniqueId).replace(/^(accepted_values|relationships)_.*$/, '$1'), x.status]));

export function compiledProjectSuite(options: ConformanceOptions): void {
  describe('compiled fixture project', () => {
    const t = suiteContext(options, 'compiled fixture project');
    t.test('builds a compiled project in two phases: seeds, ephemeral, incremental merge, view, table, snapshot, tests', async (h) => {
      const artifacts = await h.compileFixture(join(FIXTURES_DIR, 'compiled-basic'));
      const r1 = await h.run(artifacts);
      expect(byName(artifacts, r1)).toEqual({
        raw_events: 'success',
        phase: 'success',
        events_merged: 'success',
        events_view: 'success',
        event_totals: 'success',
        events_snapshot: 'success',
        unique_events_merged_id: 'pass',
        not_null_events_merged_id: 'pass',
        accepted_values: 'pass',
        relationships: 'pass',
        assert_totals_positive: 'pass',
      });
      expect(await h.query(`select n, total from ${h.rel('event_totals')}`)).toEqual([{ n: 3, total: 60 }]);

      h.write('seeds/phase.csv', 'n\n2\n');
      const artifacts2 = await h.recompile();
      const r2 = await h.run(artifacts2);
      // batch 2 brings values outside 10/20/30: the warn-severity test warns, nothing fails
      expect(byName(artifacts2, r2)).toMatchObject({ events_merged: 'success', accepted_values: 'warn', event_totals: 'success', events_snapshot: 'success' });
      expect(r2.success).toBe(true);
      const latest = `select id, val from (select id, val, row_number() over (partition by id order by updated_at desc) as rn from ${h.rel('raw_events')} where batch <= 2 and k2 = 'a') as x where rn = 1`;
      expect(await h.sorted(`select id, val from ${h.rel('events_merged')}`)).toEqual(await h.sorted(latest));
      expect(await h.sorted(`select id, val from ${h.rel('events_view')}`)).toEqual(await h.sorted(latest));
      expect(await h.query(`select n, total from ${h.rel('event_totals')}`)).toEqual([{ n: 4, total: 10 + 200 + 30 + 40 }]);
      // id 2 changed: two versions; ids 1 and 3 unchanged; id 4 new
      expect(await h.sorted(`select id, count(*) as versions, count(valid_to) as closed from ${h.rel('events_snapshot')} group by id`)).toEqual([
        { id: 1, versions: 1, closed: 0 },
        { id: 2, versions: 2, closed: 1 },
        { id: 3, versions: 1, closed: 0 },
        { id: 4, versions: 1, closed: 0 },
      ]);
    });
  });
}
