import { compileProject } from '../../src';
import { testRegistry } from './test-targets';

/**
 * The public dbt project jaffle_shop_duckdb compiles unchanged. It is not
 * ours, so it is never committed: point FLOE_JAFFLE_DIR at a checkout.
 */
const dir = process.env.FLOE_JAFFLE_DIR;

if (!dir) {
  test('jaffle_shop_duckdb compiles unchanged (set FLOE_JAFFLE_DIR to run)', () => {
    console.log('skipped: FLOE_JAFFLE_DIR is not set (jaffle_shop_duckdb is not vendored in this repo)');
    expect(dir).toBeUndefined();
  });
} else {
  test('jaffle_shop_duckdb compiles unchanged: 5 models, 3 seeds, 20 tests', async () => {
    const r = await compileProject({ projectDir: dir, registry: testRegistry() });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const counts: Record<string, number> = {};
    for (const n of Object.values(r.artifacts!.nodes)) counts[n.resourceType] = (counts[n.resourceType] ?? 0) + 1;
    expect(counts).toEqual({ model: 5, seed: 3, test: 20 });
    expect(r.artifacts!.nodes['model.jaffle_shop.orders']!.compiledSql).toContain('as gift_card_amount,');
  });
}
