import { ARTIFACTS_VERSION, sha256, type CompiledArtifacts, type CompiledNode, type CompiledSource } from '@floe/core';

/**
 * Builds CompiledArtifacts by hand, for tests that must not depend on the
 * compiler. Ids follow dbt's scheme: model.<project>.<name>, source.<project>.<src>.<table>.
 */
export class ArtifactsBuilder {
  private readonly artifacts: CompiledArtifacts;

  constructor(project = 'shop', environment = 'dev') {
    this.artifacts = {
      artifactsVersion: ARTIFACTS_VERSION,
      generator: { name: 'floe', version: '0.1.0' },
      project: { name: project, version: '1.0.0', mode: 'native', owner: 'data-team@example.org' },
      environment,
      computes: {
        warehouse: { type: 'duckdb', stability: 'stable', executionModel: 'batch', config: { path: 'target/dev.duckdb' } },
      },
      vars: {},
      nodes: {},
      sources: {},
      schedules: [],
      parentMap: {},
      childMap: {},
    };
  }

  get projectName(): string {
    return this.artifacts.project.name;
  }

  compute(name: string, compute: CompiledArtifacts['computes'][string]): this {
    this.artifacts.computes[name] = compute;
    return this;
  }

  source(sourceName: string, name: string, extra: Partial<CompiledSource> = {}): string {
    const id = `source.${this.projectName}.${sourceName}.${name}`;
    this.artifacts.sources[id] = {
      id,
      sourceName,
      name,
      path: 'models/sources.yml',
      description: `${sourceName}.${name}`,
      compute: 'warehouse',
      targetType: 'duckdb',
      relation: { schema: sourceName, identifier: name, rendered: `"${sourceName}"."${name}"` },
      columns: [],
      tags: [],
      meta: {},
      ...extra,
    };
    return id;
  }

  node(
    resourceType: CompiledNode['resourceType'],
    name: string,
    path: string,
    extra: Partial<CompiledNode> = {},
  ): string {
    const id = `${resourceType}.${this.projectName}.${name}`;
    const sql = extra.compiledSql === undefined ? `select 1 as id -- ${name}` : extra.compiledSql;
    const folders = path.split('/').slice(1, -1);
    this.artifacts.nodes[id] = {
      id,
      resourceType,
      name,
      path,
      location: { file: path, line: 1, column: 1 },
      fqn: [this.projectName, ...folders, name],
      description: '',
      tags: [],
      meta: {},
      compute: 'warehouse',
      targetType: 'duckdb',
      materialized: resourceType === 'seed' ? 'seed' : resourceType === 'test' ? 'test' : 'view',
      relation:
        resourceType === 'test' ? null : { schema: 'main', identifier: name, rendered: `"main"."${name}"` },
      dependsOn: [],
      config: {},
      columns: [],
      rawCode: sql ?? '',
      compiledSql: sql,
      checksum: sha256(`${id}:${sql ?? ''}`),
      ...extra,
    };
    return id;
  }

  model(name: string, path: string, extra: Partial<CompiledNode> = {}): string {
    return this.node('model', name, path, extra);
  }

  test(
    name: string,
    attachedTo: string,
    options: { severity?: 'error' | 'warn'; column?: string; testName?: string } = {},
  ): string {
    return this.node('test', name, `models/schema.yml`, {
      dependsOn: [attachedTo],
      test: {
        kind: 'generic',
        testName: options.testName ?? 'not_null',
        attachedTo,
        column: options.column ?? 'id',
        severity: options.severity ?? 'error',
        storeFailures: false,
        kwargs: {},
      },
    });
  }

  schedule(name: string, cron: string, timezone: string, select: string, nodes: string[]): this {
    this.artifacts.schedules.push({ name, cron, timezone, select, nodes });
    return this;
  }

  build(): CompiledArtifacts {
    const nodes = this.artifacts.nodes;
    const parentMap: Record<string, string[]> = {};
    const childMap: Record<string, string[]> = {};
    for (const id of [...Object.keys(nodes), ...Object.keys(this.artifacts.sources)]) childMap[id] = [];
    for (const [id, node] of Object.entries(nodes)) {
      parentMap[id] = [...node.dependsOn];
      for (const dep of node.dependsOn) (childMap[dep] ??= []).push(id);
    }
    return structuredClone({ ...this.artifacts, parentMap, childMap });
  }
}

/** The shop example used across tests: seeds, staging and marts, an ephemeral model, tests, a stream, a schedule. */
export function shopArtifacts(): CompiledArtifacts {
  const b = new ArtifactsBuilder('shop', 'dev');
  b.compute('stream', {
    type: 'flink',
    stability: 'experimental',
    executionModel: 'streaming',
    config: { jobmanager: 'http://127.0.0.1:8081', gateway: 'http://127.0.0.1:8083' },
  });
  const rawOrders = b.source('raw', 'orders', { tags: ['pii'] });
  const rawClicks = b.source('raw', 'clicks');
  const customers = b.node('seed', 'raw_customers', 'seeds/raw_customers.csv', { compiledSql: null });
  const stgOrders = b.model('stg_orders', 'models/staging/stg_orders.sql', {
    dependsOn: [rawOrders],
    description: 'Orders, cleaned',
    tags: ['daily', 'needs fix!'],
    meta: { owner: 'ana@example.org' },
    columns: [
      { name: 'id', dataType: 'INTEGER', description: 'order id' },
      { name: 'amount', dataType: 'DECIMAL(10,2)' },
    ],
  });
  const eph = b.model('int_orders_enriched', 'models/intermediate/int_orders_enriched.sql', {
    materialized: 'ephemeral',
    relation: null,
    dependsOn: [stgOrders, customers],
  });
  const orders = b.model('orders', 'models/marts/orders.sql', {
    materialized: 'table',
    dependsOn: [eph],
    tags: ['daily'],
    meta: { owner: 'team:analytics' },
  });
  b.model('top', 'models/top.sql', { dependsOn: [orders], meta: { owner: 'not an owner' } });
  const clicks = b.model('clicks_per_minute', 'models/streaming/clicks_per_minute.sql', {
    compute: 'stream',
    targetType: 'flink',
    materialized: 'streaming_table',
    dependsOn: [rawClicks],
  });
  const t1 = b.test('not_null_orders_id', orders);
  const t2 = b.test('unique_stg_orders_id', stgOrders, { severity: 'warn', testName: 'unique' });
  b.test('not_null_raw_orders_id', rawOrders);
  b.test('not_null_clicks_per_minute_window_start', clicks, { column: 'window_start' });
  b.schedule('nightly', '0 3 * * *', 'Europe/Berlin', 'tag:daily', [stgOrders, orders, t1, t2]);
  return b.build();
}
