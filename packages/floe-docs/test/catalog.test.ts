import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runArtifacts } from '@floe/core';
import { buildDocsData, readCatalog } from '../src';
import { compileShop, copyShop, registry } from './helpers';

describe('readCatalog (real DuckDB)', () => {
  it('reads column types of built relations, and never creates a database', async () => {
    const dir = copyShop();
    const artifacts = await compileShop(dir);
    const before = await readCatalog({ artifacts, registry: registry(), projectDir: dir });
    expect(before.computes).toEqual([]);
    expect(before.notes.join('\n')).toMatch(/does not exist yet/);
    expect(existsSync(join(dir, 'target/floe.duckdb'))).toBe(false);

    const run = await runArtifacts({ artifacts, registry: registry(), projectDir: dir, nodeIds: Object.keys(artifacts.nodes), threads: 2, failFast: false, fullRefresh: false });
    expect(run.success).toBe(true);
    const catalog = await readCatalog({ artifacts, registry: registry(), projectDir: dir });
    expect(catalog.computes).toEqual(['default']);
    const data = buildDocsData(artifacts, { catalog });
    const orders = data.nodes.find((n) => n.id === 'model.shop.orders')!;
    const byName = Object.fromEntries(orders.columns.map((c) => [c.name, c.catalogType]));
    expect(byName.order_id).toBe('BIGINT');
    expect(byName.amount).toBe('DOUBLE');
    expect(Object.values(byName).every((t) => typeof t === 'string')).toBe(true);
  });
});
