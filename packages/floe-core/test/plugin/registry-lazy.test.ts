import { PluginRegistry, registerLazyPlugin } from '../../src/internal';
import { isFloeError } from '../../src';
import { testBatchTarget } from '../compile/test-targets';

/** A registry with one lazily registered target whose loader counts its calls. */
function lazyRegistry(load: () => unknown = () => testBatchTarget) {
  const calls = { n: 0 };
  const registry = registerLazyPlugin(new PluginRegistry(), 'target', 'duckdb', () => {
    calls.n++;
    return load();
  });
  return { registry, calls };
}

describe('registerLazyPlugin', () => {
  test('hasTarget and originOf answer without loading; findTarget loads once', () => {
    const { registry, calls } = lazyRegistry();
    expect(registry.hasTarget('duckdb')).toBe(true);
    expect(registry.originOf('target', 'duckdb')).toBe('built-in plugin "duckdb"');
    expect(calls.n).toBe(0);
    expect(registry.findTarget('duckdb')).toBe(testBatchTarget);
    expect(registry.getTarget('duckdb')).toBe(testBatchTarget);
    expect(registry.targets()).toEqual([testBatchTarget]);
    expect(calls.n).toBe(1);
  });

  test('an unknown name lists lazy names without loading them', () => {
    const { registry, calls } = lazyRegistry();
    expect(() => registry.getTarget('duckdbb')).toThrow(/unknown target type "duckdbb"; did you mean "duckdb"\? \(known: duckdb\)/);
    expect(registry.findTarget('snowflake')).toBeUndefined();
    expect(calls.n).toBe(0);
  });

  test('a plugin registered later under a lazy name is a duplicate, as with an eager built-in', () => {
    const { registry, calls } = lazyRegistry();
    let err: unknown;
    try {
      registry.register(testBatchTarget, 'package "floe-duckdb"');
    } catch (e) {
      err = e;
    }
    expect(isFloeError(err) && err.code).toBe('FLOE_PLUGIN_DUPLICATE');
    expect((err as Error).message).toBe('target "duckdb" is registered twice (built-in plugin "duckdb" and package "floe-duckdb")');
    expect(() => registerLazyPlugin(registry, 'target', 'duckdb', () => testBatchTarget)).toThrow(/registered twice/);
    expect(calls.n).toBe(0);
  });

  test('targets() keeps registration order across lazy and eager plugins', () => {
    const other = { ...testBatchTarget, name: 'other' } as typeof testBatchTarget;
    const registry = new PluginRegistry();
    registerLazyPlugin(registry, 'target', 'duckdb', () => testBatchTarget);
    registry.register(other, 'package "other"');
    expect(registry.findTarget('other')).toBe(other);
    expect(registry.targets().map((t) => t.name)).toEqual(['duckdb', 'other']);
  });

  test('a loader returning something that is not that plugin fails with FLOE_PLUGIN_INVALID on use', () => {
    const notAPlugin = lazyRegistry(() => ({ name: 'duckdb' }));
    expect(() => notAPlugin.registry.findTarget('duckdb')).toThrow(/built-in plugin "duckdb" does not export a Floe plugin/);
    const wrongName = registerLazyPlugin(new PluginRegistry(), 'target', 'snowflake', () => testBatchTarget);
    expect(() => wrongName.getTarget('snowflake')).toThrow('built-in plugin "snowflake" was registered as target "snowflake" but exports target "duckdb"');
    expect(() => wrongName.orchestrators()).not.toThrow();
  });
});
