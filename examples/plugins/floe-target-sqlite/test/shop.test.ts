import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@floe/cli';
import { Database } from 'node-sqlite3-wasm';

/**
 * examples/shop (the README's project), unchanged except for three lines in
 * floe.yaml and a platform.yaml, built by the floe CLI with this package
 * installed in the project's node_modules and loaded through `plugins:`.
 */
const PLUGIN = join(__dirname, '..');
const REPO = join(PLUGIN, '../../..');

async function floe(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'floe', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('examples/shop on the sqlite target, loaded through plugins:', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-sqlite-shop-'));
    cpSync(join(REPO, 'examples/shop'), dir, { recursive: true });
    writeFileSync(join(dir, 'floe.yaml'), readFileSync(join(dir, 'floe.yaml'), 'utf8') + 'compute: warehouse\nexperimental: [sqlite]\nplugins:\n  - floe-target-sqlite\n');
    writeFileSync(
      join(dir, 'platform.yaml'),
      'apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  dev:\n    compute:\n      warehouse: { type: sqlite, path: target/shop.sqlite }\n',
    );
    // Installed the way npm would link it: the package folder (its built dist) in node_modules.
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(PLUGIN, join(dir, 'node_modules/floe-target-sqlite'), 'dir');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('floe build: seeds, models and every test pass; the marts hold the expected numbers', async () => {
    const r = await floe(['build', '--project-dir', dir, '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8'));
    expect(a.computes.warehouse.type).toBe('sqlite');
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results as { unique_id: string; status: string }[];
    const statuses = new Set(results.map((x) => x.status));
    expect([...statuses].sort()).toEqual(['pass', 'success']);
    expect(results.filter((x) => x.unique_id.startsWith('test.')).length).toBeGreaterThanOrEqual(10);

    const db = new Database(join(dir, 'target/shop.sqlite'));
    try {
      // One row per customer, and lifetime value is the sum of non-returned orders.
      expect(db.all('select count(*) as n from "customers"')).toEqual(db.all('select count(*) as n from "raw_customers"'));
      expect(db.all('select round(sum(lifetime_value), 2) as v from "customers"')).toEqual(
        db.all(`select round(sum(amount), 2) as v from "orders" where status <> 'returned'`),
      );
      // Orders: dates compare as ISO text after cast(... as date) became date(...).
      expect(db.all(`select count(*) as n from "orders" where ordered_on < '2024-01-01'`)[0]).toEqual({ n: 0 });
      const orders = db.all('select count(*) as n from "orders"')[0] as { n: number };
      expect(orders.n).toBeGreaterThan(0);
      expect(db.all(`select typeof(ordered_on) as t from "orders" limit 1`)[0]).toEqual({ t: 'text' });
      expect(db.all(`select name, type from sqlite_master where name in ('stg_orders', 'orders') order by name`)).toEqual([
        { name: 'orders', type: 'table' },
        { name: 'stg_orders', type: 'view' },
      ]);
    } finally {
      db.close();
    }
  }, 120_000);
});
