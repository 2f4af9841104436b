import { buildDocsData } from '../src';
import { compileShop, copyShop } from './helpers';

describe('buildDocsData', () => {
  it('carries every node and source of examples/shop with its page content', async () => {
    const artifacts = await compileShop(copyShop());
    const data = buildDocsData(artifacts, { generatedAt: '2026-01-01T00:00:00Z' });
    const ids = data.nodes.map((n) => n.id);
    expect(ids.sort()).toEqual([...Object.keys(artifacts.nodes), ...Object.keys(artifacts.sources)].sort());
    const orders = data.nodes.find((n) => n.id === 'model.shop.orders')!;
    expect(orders.compiledSql).toBe(artifacts.nodes['model.shop.orders']!.compiledSql);
    expect(orders.path).toBe('models/marts/orders.sql');
    expect(orders.description).toMatch(/order/i);
    expect(orders.tags).toContain('daily');
    expect(orders.config.materialized).toBe('table');
    expect(orders.columns.map((c) => c.name)).toContain('order_id');
    expect(orders.relation).toBe(artifacts.nodes['model.shop.orders']!.relation!.rendered);
    const test = data.nodes.find((n) => n.resourceType === 'test' && n.test?.attachedTo === 'model.shop.orders');
    expect(test?.test?.kind).toBe('generic');
    // seeds list their CSV header as columns even without YAML
    const seed = data.nodes.find((n) => n.resourceType === 'seed')!;
    expect(seed.columns.length).toBeGreaterThan(0);
    expect(data.catalog).toEqual({ computes: [], notes: [] });
    expect(data.nodes.some((n) => n.streaming)).toBe(false);
  });

  it('marks streaming nodes with their topic and job state', async () => {
    const artifacts = await compileShop(copyShop());
    artifacts.computes.default = { ...artifacts.computes.default!, executionModel: 'streaming' };
    const stg = artifacts.nodes['model.shop.stg_orders']!;
    stg.config = { ...stg.config, sink: { connector: 'kafka', topic: 'orders.v1' } };
    const data = buildDocsData(artifacts, { jobStates: { 'model.shop.stg_orders': { state: 'RUNNING', jobId: 'abc123' } } });
    const node = data.nodes.find((n) => n.id === 'model.shop.stg_orders')!;
    expect(node.streaming).toEqual({ topic: 'orders.v1', jobState: 'RUNNING', jobId: 'abc123' });
    const other = data.nodes.find((n) => n.id === 'model.shop.customers')!;
    expect(other.streaming).toEqual({});
  });
});
