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
