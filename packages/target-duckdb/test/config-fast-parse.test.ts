import { z } from 'zod';
import { DuckDbConfigSchema } from '../src';
import { buildDuckDbConfigSchema, fastParseDuckDbConfig } from '../src/config';

// The schema itself, built with zod here: DuckDbConfigSchema.parse tries the fast parse first.
const zodSchema = buildDuckDbConfigSchema(z);

// fastParseDuckDbConfig lets `floe compile` accept an ordinary DuckDB entry without loading zod.
// It must return exactly what the zod schema returns (keys in the same order) or give up.
const inputs: unknown[] = [
  { type: 'duckdb' },
  { type: 'duckdb', path: 'bench.duckdb', threads: 4 },
  { threads: 2, type: 'duckdb', schema: 'analytics', path: ':memory:' },
  { type: 'duckdb', memory_limit: '4GB', extensions: ['json', 'parquet'], attach: [] },
  { type: 'duckdb', memory_limit: '1.5 gib' },
  { type: 'duckdb', extensions: ['json', 'json'] },
  // refused by zod
  { type: 'duckdb', path: '' },
  { type: 'duckdb', threads: 0 },
  { type: 'duckdb', threads: 1.5 },
  { type: 'duckdb', threads: '4' },
  { type: 'duckdb', memory_limit: 'lots' },
  { type: 'duckdb', extensions: ['httpfs'] },
  { type: 'duckdb', pathh: 'x' },
  { type: 'postgres' },
  { type: 'duckdb', schema: '' },
  [],
  null,
  'duckdb',
  // left to zod although valid
  { type: 'duckdb', attach: [{ path: 'other.duckdb', alias: 'o' }] },
  { type: 'duckdb', path: undefined },
  { type: 'duckdb', threads: 2 ** 60 },
];

describe('fastParseDuckDbConfig', () => {
  test.each(inputs.map((i) => [JSON.stringify(i) ?? String(i), i]))('%s: same result as the zod schema, or undecided', (_label, input) => {
    const fast = fastParseDuckDbConfig(input);
    const zod = zodSchema.safeParse(input);
    if (fast !== undefined) {
      expect(zod.success).toBe(true);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
      expect(fast).toEqual(zod.data);
    }
  });

  test('the six ordinary valid entries above are decided without zod', () => {
    expect(inputs.slice(0, 6).map((i) => fastParseDuckDbConfig(i) !== undefined)).toEqual([true, true, true, true, true, true]);
  });

  test('an ordinary profiles.yml entry takes the fast path, with new arrays', () => {
    const input = { type: 'duckdb', path: 'bench.duckdb', threads: 4, extensions: ['json'] };
    const out = fastParseDuckDbConfig(input);
    expect(out).toEqual({ type: 'duckdb', path: 'bench.duckdb', threads: 4, extensions: ['json'], attach: [], schema: 'main' });
    expect(out?.extensions).not.toBe(input.extensions);
    expect(fastParseDuckDbConfig({ type: 'duckdb', attach: [{ path: 'a', alias: 'a' }] })).toBeUndefined();
  });

  test('parse and safeParse use it, and zod still words the errors', () => {
    expect(DuckDbConfigSchema.safeParse({ type: 'duckdb', threads: 4 })).toEqual({ success: true, data: { type: 'duckdb', path: 'target/floe.duckdb', threads: 4, extensions: [], attach: [], schema: 'main' } });
    expect(() => DuckDbConfigSchema.parse({ type: 'duckdb', threads: -1 })).toThrow(/Too small/);
    const r = DuckDbConfigSchema.safeParse({ type: 'duckdb', extensions: ['httpfs'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/built-in extensions parquet, json, icu/);
  });
});
