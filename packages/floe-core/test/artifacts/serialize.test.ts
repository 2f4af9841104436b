import { sortKeys, stableStringify } from '../../src/artifacts/serialize';

/** The copying implementation that sortKeys replaced; the reference for equal bytes. */
function copyingSortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyingSortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (v !== undefined) out[key] = copyingSortKeys(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Seeded PRNG so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * 12);
  if (depth > 4 || k < 5) {
    const leaves: unknown[] = ['a', 'é"\\\n', 0, -0, 1.5, NaN, Infinity, true, null, undefined, 10n, () => 1, new Date(0)];
    return leaves[Math.floor(r() * leaves.length)];
  }
  if (k < 8) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const keys = ['b', 'a', '10', '9', 'z', 'ä', 'A', '__x', 'toJSONx'];
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(r() * 5); i++) obj[keys[Math.floor(r() * keys.length)]!] = randomValue(r, depth + 1);
  return obj;
}

describe('stableStringify', () => {
  it('gives the same bytes as the copying implementation for 2,000 random values', () => {
    const r = rng(7);
    for (let i = 0; i < 2000; i++) {
      const v = randomValue(r, 0);
      expect(stableStringify(v)).toBe(JSON.stringify(copyingSortKeys(v)));
      expect(stableStringify(v, 2)).toBe(JSON.stringify(copyingSortKeys(v), null, 2));
    }
  });

  it('returns an already sorted tree as it is, and copies only what must change', () => {
    const sorted = { a: [1, { b: 2, c: [3] }], d: { e: 'x' } };
    expect(sortKeys(sorted)).toBe(sorted);
    const mixed = { a: { x: 1 }, b: { z: 1, y: 2 }, c: undefined };
    const out = sortKeys(mixed) as Record<string, unknown>;
    expect(out).not.toBe(mixed);
    expect(out.a).toBe(mixed.a);
    expect(Object.keys(out.b as object)).toEqual(['y', 'z']);
    expect('c' in out).toBe(false);
  });

  it('reduces objects with toJSON to their own keys, as before', () => {
    class Box {
      constructor(public v = 1) {}
      toJSON() {
        return 'boxed';
      }
    }
    expect(stableStringify({ d: new Date(0), b: new Box() })).toBe('{"b":{"v":1},"d":{}}');
  });
});
