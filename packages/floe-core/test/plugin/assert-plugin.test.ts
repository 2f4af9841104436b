import { assertPlugin, defineOrchestrator, defineTarget, PLUGIN_API_VERSION } from '../../src';
import { lazySchema } from '../../src/util/lazy-schema';

// assertPlugin accepts a well-formed plugin without zod and lets zod word every refusal:
// these are the messages zod wrote before the fast path existed.
const base = {
  name: 'duckdb',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'stable' as const,
  configSchema: { safeParse() {} },
  capabilities: { executionModel: 'batch', materializations: ['view', 'table'] },
  createDialect() {},
  connect() {},
};
const cases: [string, Record<string, unknown>, string][] = [
  ['ok', {}, 'ok'],
  ['extra capability keys', { capabilities: { executionModel: 'streaming', materializations: [], extra: 1 } }, 'ok'],
  ['bad name', { name: 'Duck' }, 'name: a lowercase name like "duckdb"'],
  ['name not a string', { name: 5 }, 'name: Invalid input: expected string, received number'],
  ['bad apiVersion', { apiVersion: 'v1' }, 'apiVersion: major.minor, e.g. "1.0"'],
  ['bad stability', { stability: 'beta' }, 'stability: Invalid option: expected one of "stable"|"experimental"'],
  ['no configSchema', { configSchema: undefined }, 'configSchema: a zod schema'],
  ['configSchema without safeParse', { configSchema: {} }, 'configSchema: a zod schema'],
  ['capabilities an array', { capabilities: [] }, 'capabilities: Invalid input: expected object, received array'],
  ['bad executionModel', { capabilities: { executionModel: 'x', materializations: [] } }, 'capabilities.executionModel: Invalid option: expected one of "batch"|"streaming"'],
  ['materialization not a string', { capabilities: { executionModel: 'batch', materializations: ['view', 3] } }, 'capabilities.materializations.1: Invalid input: expected string, received number'],
  // eslint-disable-next-line no-sparse-arrays
  ['sparse materializations', { capabilities: { executionModel: 'batch', materializations: [, 'x'] } }, 'capabilities.materializations.0: Invalid input: expected string, received undefined'],
  ['connect not a function', { connect: 1 }, 'connect: a function'],
  ['no createDialect', { createDialect: undefined }, 'createDialect: a function'],
];

function outcome(plugin: unknown, origin: string): string {
  try {
    assertPlugin(plugin, origin);
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('assertPlugin', () => {
  test.each(cases)('%s', (_name, change, expected) => {
    const got = outcome(defineTarget({ ...base, ...change } as never), 'pkg "x"');
    expect(got).toBe(expected === 'ok' ? 'ok' : `pkg "x" exports an invalid plugin: ${expected}`);
  });

  test('orchestrators', () => {
    const orch = { name: 'dag', apiVersion: PLUGIN_API_VERSION, stability: 'stable' as const, configSchema: { safeParse() {} } };
    expect(outcome(defineOrchestrator({ ...orch, emit: 3 } as never), 'o')).toBe('o exports an invalid plugin: emit: a function');
    expect(outcome(defineOrchestrator({ ...orch, emit: () => [] } as never), 'o')).toBe('ok');
  });

  test('a lazySchema config schema passes without being built', () => {
    let builds = 0;
    const configSchema = lazySchema((z) => {
      builds++;
      return z.object({ type: z.string() });
    });
    expect(outcome(defineTarget({ ...base, configSchema } as never), 'x')).toBe('ok');
    expect(builds).toBe(0);
  });
});
