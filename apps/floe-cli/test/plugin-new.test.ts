import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from './helpers';

/**
 * `floe plugin new` generates a package outside the monorepo; its own
 * typecheck, build and tests run untouched, with the monorepo's installed
 * tools and built @floe packages standing in for `npm install`.
 */
const REPO = join(__dirname, '../../..');
const exec = promisify(execFile);
const bin = (name: string) => join(REPO, 'node_modules/.bin', name);

describe('floe plugin new', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'floe-plugin-new-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('scaffolds a target package whose typecheck, build and tests pass as generated', async () => {
    const dir = join(root, 'floe-target-acme-db');
    const r = await runCli(['plugin', 'new', 'acme-db', '--dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files).toEqual([
      '.gitignore',
      'README.md',
      'jest.config.cjs',
      'package.json',
      'src/capabilities.ts',
      'src/config.ts',
      'src/connection.ts',
      'src/dialect.ts',
      'src/index.ts',
      'test/conformance.test.ts',
      'test/dialect.test.ts',
      'tsconfig.json',
      'tsup.config.ts',
    ]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('floe-target-acme-db');
    expect(pkg.peerDependencies['@floe/core']).toMatch(/^\^\d+\.\d+\.\d+$/);
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');

    const opts = { cwd: dir, timeout: 240_000, env: { ...process.env, FLOE_E2E: '' } };
    await exec(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], opts);
    await exec(bin('tsup'), [], opts);
    expect(existsSync(join(dir, 'dist/index.js')) && existsSync(join(dir, 'dist/index.d.ts'))).toBe(true);
    const t = await exec(bin('jest'), ['--ci', '--colors=false', '--verbose'], opts);
    const out = t.stdout + t.stderr;
    expect(out).toMatch(/Tests:\s+\d+ skipped, 4 passed/);
    expect(out).toContain('not implemented yet in floe-target-acme-db');

    // The built package is a valid plugin when required as a user's project would.
    const loaded = await exec(process.execPath, ['-e', "const p=require('./dist/index.js').default; console.log(p.name, p.apiVersion, p.kind)"], opts);
    expect(loaded.stdout.trim()).toMatch(/^acme-db \d+\.\d+ target$/);
  }, 300_000);

  test('refuses an invalid name and a non-empty folder', async () => {
    expect((await runCli(['plugin', 'new', 'Bad_Name', '--dir', join(root, 'x'), '--json'])).code).toBe(2);
    const dir = join(root, 'taken');
    expect((await runCli(['plugin', 'new', 'taken', '--dir', dir])).code).toBe(0);
    const again = await runCli(['plugin', 'new', 'taken', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('not empty');
  });
});
