import { describe, expect } from '@jest/globals';
import { suiteContext } from '../define';
import type { ConformanceOptions } from '../harness';
import { statusOf } from '../harness';

export function seedSuite(options: ConformanceOptions): void {
  describe('seed', () => {
    const t = suiteContext(options, 'seed');

    t.test('loads quoted fields, a custom delimiter and column_types overrides', async (h) => {
      h.write('seeds/people.csv', 'code;name;note;amount\n007;"Smith; John";"said ""hi""";1.5\n010;Ann;;2.25\n');
      const a = h.builder().seed('people', { file: 'seeds/people.csv', delimiter: ';', columnTypes: { code: 'string' } }).build();
      const r = await h.run(a);
      expect(statusOf(r)).toEqual({ people: 'success' });
      expect(r.results[0]?.rowsAffected).toBe(2);
      expect(await h.sorted(`select code, name, note from ${h.rel('people')}`)).toEqual([
        { code: '007', name: 'Smith; John', note: 'said "hi"' },
        { code: '010', name: 'Ann', note: null },
      ]);
      // inferred as a number: arithmetic works
      expect(await h.query(`select sum(amount) * 4 as s from ${h.rel('people')}`)).toEqual([{ s: 15 }]);
    });

    t.test('honors a custom quote character', async (h) => {
      h.write('seeds/q.csv', "id,text\n1,'a,b'\n2,'it''s'\n");
      await h.run(h.builder().seed('q', { file: 'seeds/q.csv', quote: "'" }).build());
      expect(await h.sorted(`select id, text from ${h.rel('q')}`)).toEqual([
        { id: 1, text: 'a,b' },
        { id: 2, text: "it's" },
      ]);
    });

    t.test('reloading replaces the whole content', async (h) => {
      h.write('seeds/s.csv', 'id\n1\n2\n3\n');
      const a = h.builder().seed('s', { file: 'seeds/s.csv' }).build();
      await h.run(a);
      h.write('seeds/s.csv', 'id,extra\n9,x\n');
      await h.run(a);
      expect(await h.query(`select * from ${h.rel('s')}`)).toEqual([{ id: 9, extra: 'x' }]);
    });
  });
}
