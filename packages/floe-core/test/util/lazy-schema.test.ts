import { z } from 'zod';
import { memo } from '../../src/util/lazy';
import { isLazySchema, lazySchema } from '../../src/util/lazy-schema';
import { CompiledArtifactsSchema, NodeSchema, SecretRefSchema, EnvRefSchema, valueOrEnv } from '../../src';

describe('lazySchema', () => {
  test('builds on first use only, once, and behaves as the schema it builds', () => {
    let builds = 0;
    const S = lazySchema((zz) => {
      builds++;
      return zz.object({ a: zz.string().min(1) }).strict();
    });
    expect(builds).toBe(0);
    expect(isLazySchema(S)).toBe(true);
    expect(builds).toBe(0);
    expect(S.parse({ a: 'x' })).toEqual({ a: 'x' });
    const bad = S.safeParse({ a: '' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['a']);
    expect(S instanceof z.ZodObject).toBe(true);
    expect(Object.keys(S.shape)).toEqual(['a']);
    expect(z.array(S).safeParse([{ a: 'x' }, { a: 1 }]).success).toBe(false);
    expect(S.optional().parse(undefined)).toBeUndefined();
    expect(builds).toBe(1);
  });

  test('isLazySchema is false for plain schemas and non-objects', () => {
    expect(isLazySchema(z.string())).toBe(false);
    expect(isLazySchema(null)).toBe(false);
    expect(isLazySchema('x')).toBe(false);
  });

  test('memo builds once, also when the value is undefined', () => {
    let n = 0;
    const m = memo(() => {
      n++;
      return undefined;
    });
    m();
    m();
    expect(n).toBe(1);
  });

  test('the public schemas keep their identities across composition', () => {
    expect(SecretRefSchema.options[0]).toBe(EnvRefSchema);
    expect(CompiledArtifactsSchema.shape.nodes.valueType).toBe(NodeSchema);
    expect(valueOrEnv(z.string()).safeParse({ env: 'X' }).success).toBe(true);
    expect(SecretRefSchema.safeParse({ token: 'x' }).success).toBe(false);
  });
});
