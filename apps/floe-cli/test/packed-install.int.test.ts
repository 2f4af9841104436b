import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Publish readiness: `npm pack` every package, install the tarballs into an
 * empty folder outside the monorepo (dependencies from the registry, as a
 * user gets them), then use them the way users do: import @floe/core from
 * ESM and CommonJS, run the installed `floe` on a sample project, and load
 * the SQLite plugin from its tarball through `plugins:`.
 */
const REPO = join(__dirname, '../../..');
const PACKAGES = [
  'packages/floe-core',
  'packages/target-conformance',
  'packages/target-duckdb',
  'packages/target-snowflake',
  'packages/target-bigquery',
  'packages/target-flink-experimental',
  'packages/plugin-dagster',
  'packages/floe-docs',
  'apps/floe-cli',
  'examples/plugins/floe-target-sqlite',
];
const run = promisify(execFile);

// A clean environment: no npm_* variables from the surrounding `npm run`, no workspace settings.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
const sh = (cmd: string, args: string[], cwd: string, timeout = 300_000) => run(cmd, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 });
const statuses = (json: string) => [...new Set((JSON.parse(json).results as { status: string }[]).map((x) => x.status))].sort();
const node = (args: string[], cwd: string) => sh(process.execPath, args, cwd, 120_000);

describe('packed tarballs installed outside the monorepo', () => {
  let root: string;
  let app: string;
  let tarballs: string[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'floe-packed-'));
    app = join(root, 'app');
    mkdirSync(app);
    for (const p of PACKAGES) {
      if (!existsSync(join(REPO, p, 'dist/index.js'))) await sh('npm', ['run', 'build'], join(REPO, p));
    }
    const packDir = join(root, 'tarballs');
    mkdirSync(packDir);
    for (const p of PACKAGES) await sh('npm', ['pack', '--pack-destination', packDir, '--silent'], join(REPO, p));
    tarballs = readdirSync(packDir).map((f) => join(packDir, f));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'floe-consumer', version: '1.0.0', private: true }, null, 2));
    await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], app, 900_000);
  }, 1_200_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('every package packs with its README, license metadata, types and dist', () => {
    expect(tarballs).toHaveLength(PACKAGES.length);
    for (const p of PACKAGES) {
      const pkg = JSON.parse(readFileSync(join(REPO, p, 'package.json'), 'utf8'));
      const installed = join(app, 'node_modules', pkg.name);
      for (const key of ['license', 'repository', 'engines', 'types', 'exports', 'files', 'sideEffects']) expect([pkg.name, key, pkg[key] !== undefined]).toEqual([pkg.name, key, true]);
      expect([pkg.name, existsSync(join(installed, 'README.md'))]).toEqual([pkg.name, true]);
      expect([pkg.name, existsSync(join(installed, pkg.types))]).toEqual([pkg.name, true]);
      // Nothing from the sources or tests is shipped.
      expect([pkg.name, existsSync(join(installed, 'src')), existsSync(join(installed, 'test'))]).toEqual([pkg.name, false, false]);
    }
  });

  test('@floe/core imports from ESM and from CommonJS, with the same public API; internals are not reachable', async () => {
    const esm = await node(['--input-type=module', '-e', "import * as c from '@floe/core'; console.log(JSON.stringify(Object.keys(c).sort()))"], app);
    const cjs = await node(['-e', "console.log(JSON.stringify(Object.keys(require('@floe/core')).filter((k) => k !== 'default').sort()))"], app);
    const esmKeys = JSON.parse(esm.stdout) as string[];
    expect(esmKeys).toEqual(JSON.parse(cjs.stdout));
    expect(esmKeys).toEqual(expect.arrayContaining(['loadProject', 'compileProject', 'selectNodes', 'parseArtifacts', 'readArtifactsFile', 'runArtifacts', 'PluginRegistry', 'defineTarget']));
    expect(esmKeys).not.toContain('createTemplateEngine');
    const deep = await node(['-e', "try { require('@floe/core/dist/index.js'); console.log('reachable') } catch (e) { console.log(e.code) }"], app);
    expect(deep.stdout.trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    const compiled = await node(
      ['--input-type=module', '-e', "import { PluginRegistry, FLOE_VERSION } from '@floe/core'; import duckdb from '@floe/target-duckdb'; console.log(FLOE_VERSION, new PluginRegistry([duckdb]).hasTarget('duckdb'))"],
      app,
    );
    expect(compiled.stdout.trim()).toMatch(/^\d+\.\d+\.\d+ true$/);
  }, 120_000);

  test('the installed floe CLI scaffolds and builds a sample project on DuckDB', async () => {
    const floe = join(app, 'node_modules/.bin/floe');
    await sh(floe, ['init', 'shop'], app);
    const r = await sh(floe, ['build', '--project-dir', 'shop', '--json'], app);
    expect(statuses(r.stdout)).toEqual(['pass', 'success']);
    expect(existsSync(join(app, 'shop/target/floe.duckdb'))).toBe(true);
  }, 300_000);

  test('the SQLite plugin loads from its tarball through plugins: and builds the shop project', async () => {
    const floe = join(app, 'node_modules/.bin/floe');
    await sh(floe, ['init', 'shop-sqlite'], app);
    const dir = join(app, 'shop-sqlite');
    writeFileSync(join(dir, 'floe.yaml'), readFileSync(join(dir, 'floe.yaml'), 'utf8') + 'compute: warehouse\nexperimental: [sqlite]\nplugins:\n  - floe-target-sqlite\n');
    writeFileSync(join(dir, 'platform.yaml'), 'apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  dev:\n    compute:\n      warehouse: { type: sqlite, path: target/shop.sqlite }\n');
    const r = await sh(floe, ['build', '--project-dir', 'shop-sqlite', '--json'], app);
    expect(statuses(r.stdout)).toEqual(['pass', 'success']);
    const artifacts = JSON.parse(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8'));
    expect(artifacts.computes.warehouse.type).toBe('sqlite');
    expect(existsSync(join(dir, 'target/shop.sqlite'))).toBe(true);
  }, 300_000);
});
