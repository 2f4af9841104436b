import { sha256, stableStringify } from '../../src/artifacts/serialize';
import { FolderConfigs, folderConfig } from '../../src/compile/merge-config';
import { genericTestHash } from '../../src/compile/test-names';
import { workNode } from '../../src/compile/work-nodes';
import type { ConfigTree } from '../../src/project/types';

const leaf = (config: Record<string, unknown>, children: Record<string, ConfigTree> = {}): ConfigTree => ({ config, children });

describe('FolderConfigs (folder configs cached per folder)', () => {
  const tree = leaf({ materialized: 'view', tags: ['root'] }, {
    staging: leaf({ tags: ['staging'], meta: { a: 1 } }, {
      orders: leaf({ meta: { b: 2 } }, { stg_orders: leaf({ materialized: 'table', tags: ['own'] }) }),
    }),
    marts: leaf({ materialized: 'table' }),
    stg_top: leaf({ enabled: false }),
  });
  const paths = [
    [],
    ['stg_top'],
    ['staging', 'orders', 'stg_orders'],
    ['staging', 'orders', 'stg_other'],
    ['staging', 'stg_x'],
    ['staging', 'missing', 'stg_orders'],
    ['marts', 'fct'],
    ['nowhere', 'orders', 'stg_orders'],
  ];

  test('gives folderConfig\'s value for every path, asked in any order and twice', () => {
    const cached = new FolderConfigs(tree);
    for (const p of [...paths, ...[...paths].reverse()]) expect({ p, config: cached.get(p) }).toEqual({ p, config: folderConfig(tree, p) });
  });

  test('a resource-level block merges over its folder without changing what the folder gives its siblings', () => {
    const cached = new FolderConfigs(tree);
    expect(cached.get(['staging', 'orders', 'stg_orders'])).toEqual({ materialized: 'table', tags: ['root', 'staging', 'own'], meta: { a: 1, b: 2 } });
    expect(cached.get(['staging', 'orders', 'stg_other'])).toEqual({ materialized: 'view', tags: ['root', 'staging'], meta: { a: 1, b: 2 } });
  });
});

describe('generic test hash', () => {
  test('is the first 10 hex characters of sha256 over owner, column, test, args and config', () => {
    const cases: [string, string | undefined, string, Record<string, unknown>, Record<string, unknown>][] = [
      ['orders', 'id', 'unique', {}, {}],
      ['orders', undefined, 'accepted_values', { values: ['a', 'b'], quote: false }, { severity: 'warn' }],
      ['raw_orders', 'customer_id', 'relationships', { to: "ref('customers')", field: 'id' }, {}],
    ];
    for (const [owner, column, test, args, config] of cases) {
      const expected = sha256(`${owner}|${column ?? ''}|${test}|${stableStringify(args)}|${stableStringify(config)}`).slice(0, 10);
      expect(genericTestHash(owner, column, test, args, config)).toBe(expected);
    }
  });
});

describe('workNode', () => {
  test('every node has the same keys in the same order, whatever optional fields it starts with', () => {
    const base = { id: 'model.p.a', resourceType: 'model' as const, name: 'a', path: 'models/a.sql', at: { file: 'models/a.sql', line: 1, column: 1 }, fqn: ['p', 'a'], rawCode: '', baseConfig: {}, config: {}, description: '', columns: [], tags: [], meta: {}, testDecls: [], dependsOn: new Set<string>() };
    const plain = workNode(base);
    const test = workNode({ ...base, resourceType: 'test', rendered: 'select 1', tokens: [1], relation: null });
    expect(Object.keys(test)).toEqual(Object.keys(plain));
    expect(test.rendered).toBe('select 1');
    expect(plain.rendered).toBeUndefined();
  });
});
