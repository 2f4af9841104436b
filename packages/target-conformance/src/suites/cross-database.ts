import { join } from 'node:path';
import { describe, expect } from '@jest/globals';
import { suiteContext } from '../define';
import type { ConformanceOptions, Harness, Row } from '../harness';
import { FIXTURES_DIR } from './compiled-project';

/** Compiles the fixture, builds one of its models and reads the model's rows back. */
async function built(h: Harness, model: string): Promise<Row[]> {
  const artifacts = await h.compileFixture(join(FIXTURES_DIR, 'cross-database'));
  const r = await h.run(artifacts, { select: [model] });
  // with the message, so a failure shows the target's error
  expect(r.results.map((x) => [x.status, x.message ?? ''])).toEqual([['success', expect.any(String)]]);
  return h.query(`select * from ${h.rel(model)}`);
}

/**
 * dbt's cross-database macros (`dbt.dateadd`, `dbt.listagg` ...) compiled with the real
 * compiler for this target (its `Dialect.macros`, else Floe's defaults) and run on it: every
 * target must give the same values. The fixture casts each value to text so they compare.
 */
export function crossDatabaseSuite(options: ConformanceOptions): void {
  describe('cross-database macros', () => {
    const t = suiteContext(options, 'cross-database macros');

    t.test('dates, strings, casts and set operators give the same values on every target', async (h) => {
      expect(await built(h, 'xdb_scalar')).toEqual([
        {
          plus_13_days: '2024-03-01',
          minus_1_month: '2024-01-17',
          months_between: '1',
          days_between: '17',
          month_start: '2024-02-01',
          month_end: '2024-02-29',
          quarter_end: '2024-03-31',
          bad_int: null,
          good_bigint: '43',
          concatenated: 'concat',
          md5_of_a: '0cc175b9c0f1b6a831c399e269772661',
          right_2: 'oe',
          o_at: '3',
          floe_length: '4',
          replaced: 'flat',
          second_part: 'b',
          escaped: "it's",
          true_text: 'true',
          numeric_ok: 'true',
          float_ok: 'true',
          boolean_cast: 'true',
          timestamp_day: '2024-02-17',
          now_after_2024: 'true',
          except_rows: 1,
          intersect_rows: 1,
        },
      ]);
    });

    t.test('listagg, bool_or and any_value aggregate the same way on every target', async (h) => {
      expect(await built(h, 'xdb_agg')).toEqual([{ listed: 'c,b,a', any_above_2: 'true', any_value_ok: 'true' }]);
    });

    t.test('array_construct, array_concat and array_append build the same arrays on every target', async (h) => {
      expect(await built(h, 'xdb_array')).toEqual([{ constructed: 'a,b', concatenated: 'a,b,c', appended: 'a,z' }]);
    });
  });
}
