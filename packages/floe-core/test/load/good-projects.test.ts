import * as path from 'node:path';
import { loadProject, resolveConfig } from '../../src/load';

const fixture = (name: string): string => path.join(__dirname, 'fixtures', name);

describe('native project (floe.yaml)', () => {
  it('loads with no diagnostics and fills every part of LoadedProject', async () => {
    const { project, diagnostics } = await loadProject({ projectDir: fixture('native-shop') });
    expect(diagnostics).toEqual([]);
    const p = project!;
    expect(p.mode).toBe('native');
    expect([p.name, p.version, p.owner, p.description, p.compute]).toEqual(['shop-analytics', '1.4.0', 'data-team@example.org', 'Orders and customer marts', 'warehouse']);
    expect(p.experimental).toEqual(['flink']);
    expect(p.vars).toEqual({ start_date: '2024-01-01' });
    expect(p.models.map((m) => [m.name, m.path, m.fqn.join('.')])).toEqual([
      ['orders', 'models/marts/orders.sql', 'marts.orders'],
      ['stg_customers', 'models/staging/stg_customers.sql', 'staging.stg_customers'],
      ['stg_orders', 'models/staging/stg_orders.sql', 'staging.stg_orders'],
    ]);
    expect(p.models[0]!.text).toContain("config(materialized='table')");
    // `+` prefixes removed; folder names become children.
    expect(p.configTrees.models.config).toEqual({ materialized: 'view' });
    expect(p.configTrees.models.children.marts!.config).toEqual({ materialized: 'table', tags: ['daily'] });
    expect(resolveConfig(p.configTrees.models, ['staging', 'stg_orders'])).toEqual({ materialized: 'view', schema: 'staging' });
    expect(resolveConfig(p.configTrees.seeds, ['raw_customers'])).toEqual({ schema: 'raw', delimiter: ';' });
    expect(p.seeds.map((s) => s.name)).toEqual(['raw_customers']);
    expect(p.seeds[0]!.text).toContain('Ann; the first');
    expect(p.singularTests.map((t) => t.name)).toEqual(['assert_positive_amount']);
    expect(p.macroFiles.map((t) => t.path)).toEqual(['macros/cents.sql']);
    expect(p.snapshotFiles.map((t) => t.path)).toEqual(['snapshots/orders_snapshot.sql']);
    expect(p.docs.get('orders_doc')).toBe('One row per order.');

    const orders = p.properties.models.get('orders')!;
    expect(orders.description).toBe('{{ doc("orders_doc") }}');
    expect(orders.config).toEqual({ materialized: 'table', tags: ['finance'] });
    expect(orders.tags).toEqual(['finance']);
    expect(orders.at).toEqual({ file: 'models/marts/schema.yml', line: 3, column: 5 });
    const [orderId, customerId, status] = orders.columns;
    expect(orderId!.dataType).toBe('bigint');
    expect(orderId!.tests.map((t) => t.name)).toEqual(['unique', 'not_null']);
    expect(customerId!.tests[0]).toEqual({
      name: 'relationships',
      args: { to: "ref('stg_customers')", field: 'customer_id' },
      config: { severity: 'warn' },
      column: 'customer_id',
      at: { file: 'models/marts/schema.yml', line: 14, column: 13 },
    });
    expect(status!.tests[0]!.args).toEqual({ values: ['placed', 'shipped'] });
    expect(status!.tests[0]!.config).toEqual({ where: "ordered_at > '2024-01-01'" });

    expect(p.sources.map((s) => `${s.sourceName}.${s.tableName}`)).toEqual(['raw.orders', 'events.clicks']);
    const [rawOrders, clicks] = p.sources;
    expect(rawOrders).toMatchObject({ schema: 'raw', identifier: 'orders_v2', loadedAtField: '_loaded_at', freshness: { warn_after: '12h', error_after: '24h' } });
    expect(rawOrders!.columns[0]!.tests.map((t) => t.name)).toEqual(['unique', 'not_null']);
    expect(clicks).toMatchObject({ schema: 'events', identifier: 'clicks', compute: 'stream' });
    expect(clicks!.stream).toEqual({ kafka: { topic: 'clicks', format: 'json', start: 'earliest' }, watermark: { column: 'ts', delay: '5s' } });
    expect(clicks!.columns.map((c) => c.dataType)).toEqual(['bigint', 'string', 'timestamp(3)', 'decimal(10,2)']);

    expect(p.schedules).toEqual([
      { name: 'nightly', cron: '0 3 * * *', timezone: 'Europe/Berlin', select: 'tag:daily', at: { file: 'floe.yaml', line: 46, column: 5 } },
      { name: 'weekdays', cron: '*/15 6-18 * JAN-DEC MON-FRI', timezone: 'UTC', select: 'stg_orders+', at: { file: 'floe.yaml', line: 50, column: 5 } },
    ]);

    const platform = p.platform!;
    expect(platform.path).toBe('platform.yaml');
    expect(Object.keys(platform.environments)).toEqual(['dev', 'prod']);
    const wh = platform.environments.prod!.compute.warehouse!;
    expect(wh.type).toBe('snowflake');
    expect(wh.config.password).toEqual({ secret: 'SNOWFLAKE_PASSWORD' });
    expect(wh.locate(['database'])).toEqual({ file: 'platform.yaml', line: 17, column: 19 });
    expect(wh.locate(['nope'])).toEqual(wh.at);
    expect(platform.environments.dev!.compute.stream!.locate(['kafka', 'brokers', 0])).toEqual({ file: 'platform.yaml', line: 10, column: 28 });

    expect([...p.files.keys()].sort()).toEqual([
      'floe.yaml', 'macros/cents.sql', 'models/docs.md', 'models/marts/orders.sql', 'models/marts/schema.yml',
      'models/staging/stg_customers.sql', 'models/staging/stg_orders.sql', 'platform.yaml', 'seeds/raw_customers.csv',
      'snapshots/orders_snapshot.sql', 'tests/assert_positive_amount.sql',
    ]);
    expect(p.warnings).toEqual([]);
  });
});

describe('dbt project (dbt_project.yml, compatibility mode)', () => {
  it('loads with warnings only for unsupported features', async () => {
    const { project, diagnostics } = await loadProject({ projectDir: fixture('dbt-coffee'), env: {} });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['FLOE_FEATURE_UNSUPPORTED', 'dbt_project.yml', 21],
      ['FLOE_FEATURE_UNSUPPORTED', 'profiles.yml', 17],
    ]);
    const p = project!;
    expect(p.warnings).toHaveLength(2);
    expect([p.mode, p.name, p.version, p.compute]).toEqual(['dbt', 'coffee_shop', '0.1.0', 'default']);
    expect(p.vars).toEqual({ payment_methods: ['card', 'cash', 'voucher'], opening_date: '2020-03-01' });
    // The project-name level is stripped; top-level configs apply to all.
    expect(p.configTrees.models.config).toEqual({ materialized: 'table' });
    expect(p.configTrees.models.children.staging!.config).toEqual({ materialized: 'view', docs: { node_color: 'silver' } });
    expect(resolveConfig(p.configTrees.models, ['marts', 'customers'])).toEqual({ materialized: 'table', tags: ['nightly'] });
    expect(p.configTrees.seeds.config).toEqual({ quote_columns: false, schema: 'raw' });
    expect(p.models.map((m) => m.name)).toEqual(['customers', 'stg_customers', 'stg_orders']);
    expect(p.seeds.map((m) => m.name)).toEqual(['raw_customers', 'raw_orders']);
    expect(p.singularTests.map((m) => m.name)).toEqual(['no_future_orders']);
    expect(p.macroFiles.map((m) => m.path)).toEqual(['macros/clean_name.sql', 'tests/generic/non_negative.sql']);
    expect(p.snapshotFiles.map((m) => m.name)).toEqual(['customers_snapshot']);
    expect([...p.docs.keys()]).toEqual(['customers', '__overview__']);
    expect(p.properties.seeds.get('raw_orders')!.config).toEqual({ column_types: { ordered_at: 'date' } });

    const customers = p.properties.models.get('customers')!;
    expect(customers.meta).toEqual({ owner: 'coffee-team' });
    expect(customers.docs).toEqual({ node_color: 'gold' });
    const custom = customers.columns[1]!.tests[0]!;
    expect(custom).toMatchObject({ name: 'non_negative', args: {}, config: { name: 'order_count_non_negative' }, column: 'order_count' });
    const status = p.properties.models.get('stg_orders')!.columns[1]!.tests[0]!;
    expect(status).toMatchObject({ name: 'accepted_values', args: { values: ['placed', 'completed', 'returned'] }, config: { severity: 'warn' } });

    expect(p.sources).toHaveLength(1);
    expect(p.sources[0]).toMatchObject({ sourceName: 'till', tableName: 'payments', schema: 'main', identifier: 'raw_payments', loadedAtField: '_loaded_at', freshness: { warn_after: { count: 12, period: 'hour' } } });

    const platform = p.platform!;
    expect(platform.path).toBe('profiles.yml');
    expect(platform.defaultEnvironment).toBe('dev');
    expect(Object.keys(platform.environments)).toEqual(['dev', 'prod']);
    expect(platform.environments.dev!.compute.default!.config).toEqual({ type: 'duckdb', path: 'coffee.duckdb', threads: 4 });
    const prod = platform.environments.prod!.compute.default!;
    expect(prod.type).toBe('snowflake');
    expect(prod.config.account).toEqual({ env: 'SNOWFLAKE_ACCOUNT' });
    expect(prod.config.user).toEqual({ env: 'SNOWFLAKE_USER', default: 'transformer' });
    expect(prod.config.password).toEqual({ env: 'SNOWFLAKE_PASSWORD' });
    expect(prod.locate(['warehouse'])).toEqual({ file: 'profiles.yml', line: 14, column: 18 });
  });

  it('reads profiles.yml from DBT_PROFILES_DIR when the project has none', async () => {
    const { writeProject, cleanupProjects } = await import('./helpers');
    try {
      const profiles = writeProject({ 'profiles.yml': 'p:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: x.duckdb }\n' });
      const proj = writeProject({ 'dbt_project.yml': 'name: p\nprofile: p\n', 'models/a.sql': 'select 1' });
      const { project, diagnostics } = await loadProject({ projectDir: proj, env: { DBT_PROFILES_DIR: profiles } });
      expect(diagnostics).toEqual([]);
      expect(project!.platform!.path).toBe(path.join(profiles, 'profiles.yml'));
      expect(project!.platform!.environments.dev!.compute.default!.type).toBe('duckdb');
      expect(project!.version).toBe('0.0.0');
    } finally {
      cleanupProjects();
    }
  });
});
