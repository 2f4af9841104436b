import { loadProject } from '../../src/load';

// The public jaffle_shop_duckdb project is not part of this repository; point
// FLOE_JAFFLE_DIR at a copy to run this test.
const dir = process.env.FLOE_JAFFLE_DIR;

describe('jaffle_shop_duckdb (unchanged dbt project)', () => {
  if (!dir) {
    it('is skipped without FLOE_JAFFLE_DIR', () => {
      console.log('jaffle test skipped: set FLOE_JAFFLE_DIR to a copy of jaffle_shop_duckdb to run it');
      expect(dir).toBeUndefined();
    });
    return;
  }
  it('loads with no errors', async () => {
    const { project, diagnostics } = await loadProject({ projectDir: dir, env: {} });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const p = project!;
    expect(p.mode).toBe('dbt');
    expect(p.name).toBe('jaffle_shop');
    expect(p.models.map((m) => m.name).sort()).toEqual(['customers', 'orders', 'stg_customers', 'stg_orders', 'stg_payments']);
    expect(p.seeds.map((s) => s.name)).toEqual(['raw_customers', 'raw_orders', 'raw_payments']);
    expect(p.properties.models.get('orders')!.columns.length).toBeGreaterThan(3);
    expect(p.docs.has('orders_status')).toBe(true);
    expect(p.platform?.environments.dev?.compute.default?.type).toBe('duckdb');
  });
});
