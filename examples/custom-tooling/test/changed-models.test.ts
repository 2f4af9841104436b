import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Runs the example script as a user would: plain node, against the BUILT packages.
const run = promisify(execFile);
const HERE = join(__dirname, '..');
const SHOP = join(HERE, '../shop');

async function script(args: string[]): Promise<{ changed: string[]; removed: string[]; baseline: string; lineage: { model: string; parents: string[]; downstream: string[] }[] }> {
  const { stdout } = await run(process.execPath, [join(HERE, 'changed-models.mjs'), ...args, '--json'], { cwd: HERE, timeout: 60_000 });
  return JSON.parse(stdout);
}

describe('examples/custom-tooling/changed-models.mjs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-tooling-'));
    cpSync(SHOP, join(dir, 'shop'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('without previous artifacts every model is new; lineage follows ref()', async () => {
    const r = await script(['--project-dir', join(dir, 'shop')]);
    expect(r.baseline).toBe('none');
    expect(r.changed).toEqual(['customers', 'orders', 'stg_customers', 'stg_orders', 'stg_payments']);
    const orders = r.lineage.find((l) => l.model === 'orders');
    expect(orders?.parents).toEqual(['stg_orders', 'stg_payments']);
    expect(orders?.downstream).toEqual(['customers']);
    expect(r.lineage.find((l) => l.model === 'stg_orders')?.downstream).toEqual(['customers', 'orders']);
  }, 90_000);

  test('lists exactly the model whose compiled SQL changed against a previous artifacts file', async () => {
    const project = join(dir, 'shop');
    // The baseline: artifacts compiled before the edit (by the same public API, through the script's compile).
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', `import { PluginRegistry, compileProject, serializeArtifacts } from '@floe/core'; import duckdb from '@floe/target-duckdb';
const r = await compileProject({ projectDir: ${JSON.stringify(project)}, registry: new PluginRegistry([duckdb]) });
process.stdout.write(serializeArtifacts(r.artifacts));`],
      { cwd: HERE, timeout: 60_000 },
    );
    const previous = join(dir, 'previous.json');
    writeFileSync(previous, stdout);
    expect((await script(['--project-dir', project, '--previous', previous])).changed).toEqual([]);

    const file = join(project, 'models/staging/stg_payments.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('amount_cents / 100.0', 'amount_cents / 100.00'));
    const r = await script(['--project-dir', project, '--previous', previous]);
    expect(r.baseline).toBe('previous');
    expect(r.changed).toEqual(['stg_payments']);
    expect(r.removed).toEqual([]);
  }, 120_000);
});

describe('examples/custom-tooling/build-with-events.mjs', () => {
  test('runs +orders on DuckDB and reports node_started/node_finished with timing and rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-events-'));
    try {
      cpSync(SHOP, dir, { recursive: true });
      const { stdout } = await run(process.execPath, [join(HERE, 'build-with-events.mjs'), '--project-dir', dir, '--select', '+orders', '--json'], { cwd: HERE, timeout: 90_000 });
      const r = JSON.parse(stdout) as { success: boolean; events: { type: string; node: string; status?: string; seconds?: number; rows?: number | null }[] };
      expect(r.success).toBe(true);
      const finished = r.events.filter((e) => e.type === 'node_finished');
      const started = r.events.filter((e) => e.type === 'node_started');
      expect(started.map((e) => e.node).sort()).toEqual(finished.map((e) => e.node).sort());
      const byNode = Object.fromEntries(finished.map((e) => [e.node, e]));
      // +orders: its upstream seeds and staging models, itself, and the tests on them; customers is not selected.
      expect(Object.keys(byNode)).toEqual(expect.arrayContaining(['raw_orders', 'raw_payments', 'stg_orders', 'stg_payments', 'orders']));
      expect(byNode['customers']).toBeUndefined();
      expect(byNode['raw_orders']?.rows).toBe(readFileSync(join(SHOP, 'seeds/raw_orders.csv'), 'utf8').trim().split('\n').length - 1);
      expect(byNode['orders']?.status).toBe('success');
      expect(typeof byNode['orders']?.rows).toBe('number');
      for (const e of finished) expect(e.seconds).toBeGreaterThanOrEqual(0);
      expect(finished.some((e) => e.status === 'pass')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
