import type { GraphNode, GraphResourceType } from '../../src/graph';

type Partial2 = Partial<GraphNode> & { id: string };

/** Builds a node with defaults derived from its id (`type.package.name...`). */
export function node(n: Partial2): GraphNode {
  const [type, pkg = 'shop', ...rest] = n.id.split('.');
  const name = n.name ?? rest[0] ?? n.id;
  return {
    resourceType: type as GraphResourceType,
    name,
    dependsOn: [],
    tags: [],
    path: `models/${name}.sql`,
    fqn: [pkg, name],
    packageName: pkg,
    config: {},
    ...n,
  };
}

/** A jaffle-shop-like project: seeds and a source feed staging, marts and a snapshot; tests hang off them. */
export function shopNodes(): GraphNode[] {
  return [
    node({ id: 'seed.shop.raw_customers', path: 'seeds/raw_customers.csv', config: { materialized: 'seed' } }),
    node({ id: 'seed.shop.raw_orders', path: 'seeds/raw_orders.csv', tags: ['raw'] }),
    node({
      id: 'source.shop.raw.payments',
      name: 'payments',
      sourceName: 'raw',
      path: 'models/staging/sources.yml',
      fqn: ['shop', 'staging', 'raw', 'payments'],
      tags: ['raw'],
    }),
    node({ id: 'source.shop.raw.events', name: 'events', sourceName: 'raw', path: 'models/staging/sources.yml', fqn: ['shop', 'staging', 'raw', 'events'] }),
    node({ id: 'source.shop.crm.accounts', name: 'accounts', sourceName: 'crm', path: 'models/staging/sources.yml', fqn: ['shop', 'staging', 'crm', 'accounts'] }),
    stg('stg_customers', ['seed.shop.raw_customers']),
    stg('stg_orders', ['seed.shop.raw_orders']),
    stg('stg_payments', ['source.shop.raw.payments']),
    node({
      id: 'model.shop.customers',
      dependsOn: ['model.shop.stg_customers', 'model.shop.stg_orders', 'model.shop.stg_payments'],
      path: 'models/marts/customers.sql',
      fqn: ['shop', 'marts', 'customers'],
      tags: ['daily', 'finance'],
      config: { materialized: 'table', meta: { owner: 'ana' }, enabled: true },
      checksum: 'c1',
    }),
    node({
      id: 'model.shop.orders',
      dependsOn: ['model.shop.stg_orders', 'model.shop.stg_payments'],
      path: 'models/marts/orders.sql',
      fqn: ['shop', 'marts', 'orders'],
      tags: ['daily'],
      config: { materialized: 'table', meta: { owner: 'bo' } },
      checksum: 'o1',
    }),
    node({
      id: 'model.shop.order_facts',
      dependsOn: ['model.shop.orders'],
      path: 'models/marts/reporting/order_facts.sql',
      fqn: ['shop', 'marts', 'reporting', 'order_facts'],
      tags: ['hourly'],
      config: { materialized: 'incremental', unique_key: 'order_id', threads: 4 },
      checksum: 'f1',
    }),
    node({
      id: 'snapshot.shop.orders_snapshot',
      dependsOn: ['model.shop.stg_orders'],
      path: 'snapshots/orders_snapshot.sql',
      fqn: ['shop', 'orders_snapshot'],
      config: { materialized: 'snapshot' },
    }),
    test('unique_customers_customer_id.a1', ['model.shop.customers'], { testName: 'unique', kind: 'generic', attachedTo: 'model.shop.customers' }),
    test('not_null_orders_order_id.b2', ['model.shop.orders'], { testName: 'not_null', kind: 'generic', attachedTo: 'model.shop.orders' }, { severity: 'warn' }),
    test('relationships_orders_customer_id.c3', ['model.shop.orders', 'model.shop.customers'], {
      testName: 'relationships',
      kind: 'generic',
      attachedTo: 'model.shop.orders',
    }),
    node({
      id: 'test.shop.assert_positive_payments',
      dependsOn: ['model.shop.stg_payments'],
      path: 'tests/assert_positive_payments.sql',
      fqn: ['shop', 'assert_positive_payments'],
      testMeta: { kind: 'singular' },
    }),
    test('source_not_null_raw_payments_id.d4', ['source.shop.raw.payments'], { testName: 'not_null', kind: 'generic', attachedTo: 'source.shop.raw.payments' }, {}, 'models/staging/sources.yml', 'staging'),
  ];
}

function stg(name: string, deps: string[]): GraphNode {
  return node({
    id: `model.shop.${name}`,
    dependsOn: deps,
    path: `models/staging/${name}.sql`,
    fqn: ['shop', 'staging', name],
    tags: ['staging'],
    config: { materialized: 'view' },
    checksum: `${name}-1`,
  });
}

function test(
  idTail: string,
  deps: string[],
  testMeta: GraphNode['testMeta'],
  config: Record<string, unknown> = {},
  path = 'models/marts/schema.yml',
  folder = 'marts',
): GraphNode {
  const name = idTail.split('.')[0]!;
  return node({ id: `test.shop.${idTail}`, name, dependsOn: deps, path, fqn: ['shop', folder, name], testMeta, config: { severity: 'error', ...config } });
}

/**
 * A layered random DAG: `n` nodes, about `edgesPerNode` parents each, all
 * pointing to earlier layers, plus one generic test per 10 models. Seeded, so
 * every run builds the same graph.
 */
export function generatedNodes(n: number, edgesPerNode = 2, seed = 42): GraphNode[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pad = (i: number) => String(i).padStart(5, '0');
  const nodes: GraphNode[] = [];
  const models = Math.floor(n * 0.9);
  for (let i = 0; i < models; i++) {
    const deps = new Set<string>();
    if (i >= 10) for (let k = 0; k < edgesPerNode; k++) deps.add(`model.big.m${pad(Math.floor(rand() * i))}`);
    const folder = `f${i % 20}`;
    nodes.push(
      node({
        id: `model.big.m${pad(i)}`,
        dependsOn: [...deps],
        path: `models/${folder}/m${pad(i)}.sql`,
        fqn: ['big', folder, `m${pad(i)}`],
        tags: i % 7 === 0 ? ['daily'] : [],
        config: { materialized: i % 3 === 0 ? 'table' : 'view' },
        checksum: `c${i}`,
      }),
    );
  }
  for (let t = 0; nodes.length < n; t++) {
    const target = `model.big.m${pad(Math.floor(rand() * models))}`;
    nodes.push(node({ id: `test.big.t${pad(t)}`, dependsOn: [target], path: 'models/schema.yml', testMeta: { kind: 'generic', testName: 'not_null', attachedTo: target } }));
  }
  return nodes;
}
