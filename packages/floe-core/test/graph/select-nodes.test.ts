import { DependencyGraph, resolveSelection, selectNodes, type SelectOptions } from '../../src/graph';
import { isFloeError } from '../../src/errors';
import { generatedNodes, shopNodes } from './fixtures';

const graph = new DependencyGraph(shopNodes());
const nameOf = (id: string) => graph.get(id)!.name;

/** Selected node names, sorted (order is tested separately). */
function pick(select: string | string[] | undefined, more: Omit<SelectOptions, 'select'> = {}): string[] {
  const s = select === undefined ? undefined : Array.isArray(select) ? select : [select];
  return selectNodes(graph, { ...(s ? { select: s } : {}), ...more })
    .map(nameOf)
    .sort();
}

const ORDERS_TESTS = ['not_null_orders_order_id', 'relationships_orders_customer_id'];
const ALL = shopNodes().map((n) => n.name).sort();

describe('selectNodes: names, fqn, wildcards', () => {
  it('selects a model by name, with its tests (eager)', () => {
    expect(pick('orders')).toEqual(['not_null_orders_order_id', 'orders', 'relationships_orders_customer_id']);
    expect(pick('fqn:orders')).toEqual(pick('orders'));
  });

  it('selects by fqn path, with or without the package', () => {
    expect(pick('staging.stg_orders')).toEqual(['stg_orders']);
    expect(pick('shop.staging.stg_orders')).toEqual(['stg_orders']);
    expect(pick('shop.marts', { resourceTypes: ['model'] })).toEqual(['customers', 'order_facts', 'orders']);
    expect(pick('marts.reporting', { resourceTypes: ['model'] })).toEqual(['order_facts']);
    expect(pick('marts.*', { resourceTypes: ['model'] })).toEqual(['customers', 'order_facts', 'orders']);
    // a bare glob matches nested leaf names (dbt Fusion behaviour; dbt-core 1.x matches top-level nodes only)
    expect(pick('stg_*', { indirectSelection: 'empty' })).toEqual(['stg_customers', 'stg_orders', 'stg_payments']);
    expect(pick('fqn:*.stg_*', { indirectSelection: 'empty' })).toEqual(['stg_customers', 'stg_orders', 'stg_payments']);
    expect(pick('st?_orders')).toEqual(['stg_orders']);
    expect(pick('nope')).toEqual([]);
  });

  it('"*" selects every node but sources (as in dbt); no selector selects everything', () => {
    expect(pick('*')).toEqual(ALL.filter((n) => !['payments', 'events', 'accounts'].includes(n)));
    expect(pick(undefined)).toEqual(ALL);
    expect(pick([])).toEqual(ALL);
  });

  it('selects by file name', () => {
    expect(pick('file:orders.sql', { indirectSelection: 'empty' })).toEqual(['orders']);
    expect(pick('file:stg_orders', { indirectSelection: 'empty' })).toEqual(['stg_orders']);
    expect(pick('stg_orders.sql', { indirectSelection: 'empty' })).toEqual(['stg_orders']);
    expect(pick('file:raw_*.csv')).toEqual(['raw_customers', 'raw_orders']);
  });
});

describe('selectNodes: graph operators', () => {
  it('+m selects all ancestors (and their tests)', () => {
    expect(pick('+orders')).toEqual(
      [
        'assert_positive_payments',
        'not_null_orders_order_id',
        'orders',
        'payments',
        'raw_orders',
        'relationships_orders_customer_id',
        'source_not_null_raw_payments_id',
        'stg_orders',
        'stg_payments',
      ].sort(),
    );
  });

  it('n+m limits the ancestor depth', () => {
    expect(pick('1+orders', { resourceTypes: ['model'] })).toEqual(['orders', 'stg_orders', 'stg_payments']);
    expect(pick('2+order_facts', { resourceTypes: ['model'] })).toEqual(['order_facts', 'orders', 'stg_orders', 'stg_payments']);
  });

  it('m+ and m+n select descendants', () => {
    expect(pick('orders+')).toEqual(['not_null_orders_order_id', 'order_facts', 'orders', 'relationships_orders_customer_id']);
    expect(pick('stg_orders+1', { resourceTypes: ['model', 'snapshot'] })).toEqual(['customers', 'orders', 'orders_snapshot', 'stg_orders']);
    expect(pick('stg_orders+', { resourceTypes: ['model', 'snapshot'] })).toEqual(['customers', 'order_facts', 'orders', 'orders_snapshot', 'stg_orders']);
  });

  it('@m selects m, its descendants and all their ancestors', () => {
    const all = pick('@stg_payments');
    expect(all).toEqual(ALL.filter((n) => !['orders_snapshot', 'events', 'accounts'].includes(n)));
  });

  it('+m+ combines both directions', () => {
    expect(pick('+orders+', { resourceTypes: ['model'] })).toEqual(['order_facts', 'orders', 'stg_orders', 'stg_payments']);
  });
});

describe('selectNodes: methods', () => {
  it('tag:', () => {
    expect(pick('tag:daily')).toEqual(['customers', 'orders', 'unique_customers_customer_id', ...ORDERS_TESTS].sort());
    expect(pick('tag:fin*', { indirectSelection: 'empty' })).toEqual(['customers']);
    expect(pick('tag:raw', { resourceTypes: ['seed', 'source'] })).toEqual(['payments', 'raw_orders']);
  });

  it('path: folder prefix, file, glob, trailing slash and the bare-path shorthand', () => {
    const staging = ['accounts', 'assert_positive_payments', 'events', 'payments', 'source_not_null_raw_payments_id', 'stg_customers', 'stg_orders', 'stg_payments'];
    expect(pick('path:models/staging')).toEqual(staging);
    expect(pick('path:models/staging/')).toEqual(staging);
    expect(pick('models/staging')).toEqual(staging);
    expect(pick('path:./models/staging')).toEqual(staging);
    expect(pick('path:models/marts/orders.sql', { indirectSelection: 'empty' })).toEqual(['orders']);
    expect(pick('path:models/marts/*', { resourceTypes: ['model'] })).toEqual(['customers', 'order_facts', 'orders']);
    expect(pick('path:models/**/order_facts.sql', { resourceTypes: ['model'] })).toEqual(['order_facts']);
    expect(pick('path:models/stag', { indirectSelection: 'empty' })).toEqual([]);
    expect(pick('path:seeds', { resourceTypes: ['seed'] })).toEqual(['raw_customers', 'raw_orders']);
  });

  it('config.KEY:VALUE, nested keys, booleans, numbers, case-insensitive severity', () => {
    expect(pick('config.materialized:view', { resourceTypes: ['model'] })).toEqual(['stg_customers', 'stg_orders', 'stg_payments']);
    expect(pick('config.materialized:table', { indirectSelection: 'empty' })).toEqual(['customers', 'orders']);
    expect(pick('config.materialized:TABLE')).toEqual([]);
    expect(pick('config.meta.owner:ana', { indirectSelection: 'empty' })).toEqual(['customers']);
    expect(pick('config.enabled:true', { indirectSelection: 'empty' })).toEqual(['customers']);
    expect(pick('config.threads:4')).toEqual(['order_facts']);
    expect(pick('config.severity:WARN')).toEqual(['not_null_orders_order_id']);
    expect(pick('config.nope.deeper:x')).toEqual([]);
  });

  it('resource_type:', () => {
    expect(pick('resource_type:seed')).toEqual(['raw_customers', 'raw_orders']);
    expect(pick('resource_type:snapshot')).toEqual(['orders_snapshot']);
    expect(pick('resource_type:source')).toEqual(['accounts', 'events', 'payments', 'source_not_null_raw_payments_id']);
    expect(pick('resource_type:test')).toHaveLength(5);
  });

  it('source: by source, by table, with package and wildcards, with graph operators', () => {
    expect(pick('source:raw', { indirectSelection: 'empty' })).toEqual(['events', 'payments']);
    expect(pick('source:raw.payments')).toEqual(['payments', 'source_not_null_raw_payments_id']);
    expect(pick('source:shop.crm.*')).toEqual(['accounts']);
    expect(pick('source:*.accounts')).toEqual(['accounts']);
    expect(pick('source:other.raw.payments')).toEqual([]);
    expect(pick('source:raw.payments+', { resourceTypes: ['model'] })).toEqual(['customers', 'order_facts', 'orders', 'stg_payments']);
  });

  it('package:, test_type:, test_name:', () => {
    expect(pick('package:shop')).toEqual(ALL);
    expect(pick('package:sh*')).toEqual(ALL);
    expect(pick('package:dbt_utils')).toEqual([]);
    expect(pick('test_type:singular')).toEqual(['assert_positive_payments']);
    expect(pick('test_type:data')).toEqual(['assert_positive_payments']);
    expect(pick('test_type:generic')).toEqual(['not_null_orders_order_id', 'relationships_orders_customer_id', 'source_not_null_raw_payments_id', 'unique_customers_customer_id']);
    expect(pick('test_name:not_null')).toEqual(['not_null_orders_order_id', 'source_not_null_raw_payments_id']);
    expect(pick('test_name:rel*')).toEqual(['relationships_orders_customer_id']);
  });
});

describe('selectNodes: set operations', () => {
  it('unions space-separated terms and separate arguments alike', () => {
    const expected = ['customers', 'orders', 'unique_customers_customer_id', ...ORDERS_TESTS].sort();
    expect(pick('orders customers')).toEqual(expected);
    expect(pick(['orders', 'customers'])).toEqual(expected);
  });

  it('intersects comma-joined terms', () => {
    expect(pick('tag:daily,config.materialized:table', { resourceTypes: ['model'] })).toEqual(['customers', 'orders']);
    expect(pick('tag:daily,tag:finance')).toEqual(['customers', 'relationships_orders_customer_id', 'unique_customers_customer_id']);
    expect(pick('path:models/marts,+order_facts', { resourceTypes: ['model'] })).toEqual(['order_facts', 'orders']);
    expect(pick('tag:daily,resource_type:seed')).toEqual([]);
  });

  it('excludes after selecting, expanding tests of excluded nodes (eager)', () => {
    expect(pick('+orders', { exclude: ['stg_payments'] })).toEqual(
      ['not_null_orders_order_id', 'orders', 'payments', 'raw_orders', 'relationships_orders_customer_id', 'source_not_null_raw_payments_id', 'stg_orders'].sort(),
    );
    // relationships tests customers too, so eager exclusion of customers removes it
    expect(pick('tag:daily', { exclude: ['customers'] })).toEqual(['not_null_orders_order_id', 'orders']);
    expect(pick(undefined, { exclude: ['tag:daily', 'resource_type:source'] })).toEqual(
      ['assert_positive_payments', 'order_facts', 'orders_snapshot', 'raw_customers', 'raw_orders', 'stg_customers', 'stg_orders', 'stg_payments'].sort(),
    );
    expect(pick('orders', { exclude: ['orders'] })).toEqual([]);
  });
});

describe('selectNodes: indirect test selection', () => {
  it('eager takes a test when any parent is selected', () => {
    expect(pick('orders', { indirectSelection: 'eager' })).toEqual(['not_null_orders_order_id', 'orders', 'relationships_orders_customer_id']);
  });

  it('cautious takes a test only when all its parents are selected', () => {
    expect(pick('orders', { indirectSelection: 'cautious' })).toEqual(['not_null_orders_order_id', 'orders']);
    // selected across a union, the two-parent test comes in
    expect(pick('orders customers', { indirectSelection: 'cautious' })).toEqual(
      ['customers', 'not_null_orders_order_id', 'orders', 'relationships_orders_customer_id', 'unique_customers_customer_id'].sort(),
    );
    expect(pick(['orders', 'customers'], { indirectSelection: 'cautious' })).toEqual(pick('orders customers', { indirectSelection: 'cautious' }));
    // an intersection keeps only tests whose parents survive it
    expect(pick('tag:daily,tag:finance', { indirectSelection: 'cautious' })).toEqual(['customers', 'unique_customers_customer_id']);
  });

  it('cautious exclusion removes a test only when all its parents are excluded (dbt)', () => {
    expect(pick('tag:daily', { exclude: ['customers'], indirectSelection: 'cautious' })).toEqual(['not_null_orders_order_id', 'orders', 'relationships_orders_customer_id']);
  });

  it('empty takes no tests unless selected directly or by a graph operator', () => {
    expect(pick('orders', { indirectSelection: 'empty' })).toEqual(['orders']);
    expect(pick('orders test_name:unique', { indirectSelection: 'empty' })).toEqual(['orders', 'unique_customers_customer_id']);
    expect(pick('orders+', { indirectSelection: 'empty' })).toEqual(pick('orders+'));
  });

  it('tests of sources follow the source', () => {
    expect(pick('source:raw.payments', { indirectSelection: 'cautious' })).toEqual(['payments', 'source_not_null_raw_payments_id']);
  });
});

describe('selectNodes: state', () => {
  const base = Object.fromEntries(shopNodes().map((n) => [n.id, { checksum: n.checksum ?? 'none', config: { ...n.config } }]));
  delete base['model.shop.stg_payments']; // new since the previous run
  base['model.shop.orders']!.checksum = 'o0'; // SQL changed
  base['model.shop.order_facts']!.config = { materialized: 'table' }; // config changed
  const state = { nodes: base };
  const models = { state, resourceTypes: ['model' as const] };

  it('state:new and state:old', () => {
    expect(pick('state:new', { state })).toEqual(['assert_positive_payments', 'stg_payments']);
    expect(pick('state:old', models)).toEqual(['customers', 'order_facts', 'orders', 'stg_customers', 'stg_orders']);
  });

  it('state:modified includes new nodes, body and config changes', () => {
    expect(selectNodes(graph, { select: ['state:modified'], ...models }).map(nameOf)).toEqual(['stg_payments', 'orders', 'order_facts']);
    expect(pick('state:modified.body', models)).toEqual(['orders', 'stg_payments']);
    expect(pick('state:modified.configs', models)).toEqual(['order_facts', 'stg_payments']);
    expect(pick('state:unmodified', models)).toEqual(['customers', 'stg_customers', 'stg_orders']);
    expect(pick('state:modified+', models)).toEqual(['customers', 'order_facts', 'orders', 'stg_payments']);
    expect(pick('state:modified,tag:daily', models)).toEqual(['orders']);
  });

  it('a node without a checksum is compared by config', () => {
    const s = { nodes: { ...base, 'seed.shop.raw_orders': { checksum: 'whatever', config: {} } } };
    expect(pick('state:modified', { state: s, resourceTypes: ['seed'] })).toEqual([]);
  });

  it('state: without state fails with FLOE_STATE_INVALID', () => {
    expect(() => pick('state:modified')).toThrow(expect.objectContaining({ code: 'FLOE_STATE_INVALID', message: 'state:modified needs --state' }));
  });

  it('state:modified.configs needs configs in the state', () => {
    const s = { nodes: { 'model.shop.orders': { checksum: 'o1' } } };
    expect(() => pick('state:modified.configs', { state: s })).toThrow(expect.objectContaining({ code: 'FLOE_STATE_INVALID' }));
    // plain state:modified works without configs
    expect(pick('state:modified', { state: s, resourceTypes: ['model'] })).toEqual(['customers', 'order_facts', 'stg_customers', 'stg_orders', 'stg_payments']);
  });
});

describe('selectNodes: output', () => {
  it('returns ids in topological order, ties broken by id', () => {
    expect(selectNodes(graph, { select: ['+order_facts'], resourceTypes: ['model', 'seed', 'source'] })).toEqual([
      'seed.shop.raw_orders',
      'model.shop.stg_orders',
      'source.shop.raw.payments',
      'model.shop.stg_payments',
      'model.shop.orders',
      'model.shop.order_facts',
    ]);
  });

  it('throws FLOE_SELECTOR_INVALID for a bad selector in select or exclude', () => {
    for (const opts of [{ select: ['tga:x'] }, { exclude: ['orders,'] }]) {
      let err: unknown;
      try {
        selectNodes(graph, opts);
      } catch (e) {
        err = e;
      }
      expect(isFloeError(err) && err.code).toBe('FLOE_SELECTOR_INVALID');
    }
  });

  it('still selects (in id order) when the graph has a cycle; the compiler reports the cycle', () => {
    const cyclic = new DependencyGraph(
      shopNodes().map((n) => (n.id === 'model.shop.stg_orders' ? { ...n, dependsOn: [...n.dependsOn, 'model.shop.order_facts'] } : n)),
    );
    expect('cycle' in cyclic.topologicalOrder()).toBe(true);
    expect(selectNodes(cyclic, { select: ['orders+'], resourceTypes: ['model', 'snapshot'] })).toEqual([
      'model.shop.customers',
      'model.shop.order_facts',
      'model.shop.orders',
      'model.shop.stg_orders',
      'snapshot.shop.orders_snapshot',
    ]);
  });

  it('lists select terms that match nothing, so the CLI can warn', () => {
    const r = resolveSelection(graph, { select: ['orders nope', 'tag:daily,resource_type:seed', 'customers'], exclude: ['ghost'], resourceTypes: ['seed'] });
    expect(r.unmatched).toEqual(['nope', 'tag:daily,resource_type:seed']);
    expect(r.ids).toEqual([]);
    expect(resolveSelection(graph, { select: ['orders'] }).unmatched).toEqual([]);
  });

  it('accepts pre-parsed selectors', () => {
    const { parseSelector } = jest.requireActual<typeof import('../../src/graph')>('../../src/graph');
    expect(selectNodes(graph, { select: [parseSelector('orders')] })).toEqual(selectNodes(graph, { select: ['orders'] }));
  });
});

describe('selectNodes on a generated 10,000-node graph', () => {
  const nodes = generatedNodes(10_000);
  const big = new DependencyGraph(nodes);

  it('m+ equals the node plus its descendants plus their tests', () => {
    const got = new Set(selectNodes(big, { select: ['m00100+'] }));
    const want = new Set(['model.big.m00100', ...big.descendants('model.big.m00100')]);
    for (const id of [...want]) for (const c of big.children(id)) if (big.get(c)!.resourceType === 'test') want.add(c);
    expect(got.size).toBe(want.size);
    expect([...got].filter((id) => !want.has(id))).toEqual([]);
    expect(got.size).toBeGreaterThan(1000);
  });

  it('tag and config intersection matches a direct filter', () => {
    const got = selectNodes(big, { select: ['tag:daily,config.materialized:table'], resourceTypes: ['model'] }).sort();
    const want = nodes.filter((n) => n.tags.includes('daily') && n.config['materialized'] === 'table').map((n) => n.id).sort();
    expect(got).toEqual(want);
    expect(want.length).toBeGreaterThan(100);
  });

  it('returns a topological order', () => {
    const got = selectNodes(big, { select: ['+m08999'] });
    const pos = new Map(got.map((id, i) => [id, i]));
    const late = got.filter((id) => big.parents(id).some((p) => pos.has(p) && pos.get(p)! > pos.get(id)!));
    expect(late).toEqual([]);
    expect(got.length).toBeGreaterThan(50);
  });
});
