import { join } from 'node:path';
import { compileProject, serializeArtifacts } from '../../src';
import { testRegistry } from './test-targets';

const SHOP = join(__dirname, '../../../../examples/shop');

describe('compileProject on the init template', () => {
  test('compiles without errors; refs resolve to quoted relations', async () => {
    const r = await compileProject({ projectDir: SHOP, registry: testRegistry() });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const a = r.artifacts!;
    const orders = Object.values(a.nodes).find((n) => n.name === 'orders')!;
    expect(orders.materialized).toBe('table');
    expect(orders.compiledSql).toContain('from "main"."stg_orders" as o');
    expect(orders.compiledSql).toContain("sum(case when method = 'card' then amount else 0 end) as card_amount,");
    expect(orders.dependsOn.map((d) => d.split('.').pop())).toEqual(['stg_orders', 'stg_payments']);
    const tests = Object.values(a.nodes).filter((n) => n.resourceType === 'test');
    expect(tests.length).toBeGreaterThanOrEqual(12);
    expect(a.schedules[0]!.nodes.filter((id) => id.startsWith('model.')).sort()).toEqual(['model.shop.customers', 'model.shop.orders']);
  });

  test('two compiles are byte-identical', async () => {
    const one = await compileProject({ projectDir: SHOP, registry: testRegistry() });
    const two = await compileProject({ projectDir: SHOP, registry: testRegistry() });
    expect(serializeArtifacts(one.artifacts!)).toBe(serializeArtifacts(two.artifacts!));
  });
});
