// node --test bench/test
// Checks how `ab.mjs` reads its variants, orders its rounds, pairs its runs
// and keeps each variant's code cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileOnce, paired, parseVariant, roundOrder, variantCacheHome } from '../ab.mjs';
import { FLOE_BIN } from '../common.mjs';
import { generateProject } from '../generate.mjs';

test('a variant is node options and at most one checkout', () => {
  assert.deepEqual(parseVariant('main=', '/repo'), { name: 'main', nodeOptions: [], checkout: '/repo', floe: '/repo/apps/floe-cli/bin/floe.js' });
  const v = parseVariant('pool1=--v8-pool-size=1  --max-semi-space-size=32 /other', '/repo');
  assert.deepEqual(v.nodeOptions, ['--v8-pool-size=1', '--max-semi-space-size=32']);
  assert.equal(v.checkout, '/other');
  assert.equal(v.floe, '/other/apps/floe-cli/bin/floe.js');
  assert.throws(() => parseVariant('=--v8-pool-size=1'), /expected NAME=SPEC/);
  assert.throws(() => parseVariant('main'), /expected NAME=SPEC/);
  assert.throws(() => parseVariant('x=/a /b'), /more than one checkout/);
});

test('each round starts one variant later, so every variant runs first equally often', () => {
  assert.deepEqual(roundOrder(3, 0), [0, 1, 2]);
  assert.deepEqual(roundOrder(3, 1), [1, 2, 0]);
  assert.deepEqual(roundOrder(3, 2), [2, 0, 1]);
  assert.deepEqual(roundOrder(3, 3), [0, 1, 2]);
  const firsts = [0, 1, 2, 3, 4, 5].map((r) => roundOrder(2, r)[0]);
  assert.deepEqual(firsts, [0, 1, 0, 1, 0, 1]);
});

test('runs are compared round by round, not median against median', () => {
  // A slow spell in round 3 slows both variants; the paired difference ignores it.
  const first = [1000, 1010, 1500, 990];
  const other = [950, 960, 1460, 1000];
  assert.deepEqual(paired(first, other), { medianDiff: -45, faster: 3, rounds: 4 });
});

test('variants that differ in a V8 flag keep their own code cache', { timeout: 120_000 }, (t) => {
  if (!existsSync(FLOE_BIN)) {
    t.skip(`${FLOE_BIN} is not built (run npm run build first)`);
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'floe-ab-test-'));
  try {
    const dir = join(scratch, 'project');
    generateProject({ out: dir, models: 20 });
    const variants = [parseVariant('main='), parseVariant('inline=--turbo-inlining')];
    variants.forEach((v, i) => (v.cacheHome = variantCacheHome(scratch, i)));
    const cacheFiles = (v) => {
      const root = join(v.cacheHome, 'floe/compile-cache');
      return existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name)) : [];
    };
    const state = (v) => Object.fromEntries(cacheFiles(v).map((f) => [f, statSync(f).mtimeMs]));
    // Warm-up, as ab.mjs does: each variant writes its own cache.
    for (const v of variants) compileOnce(process.execPath, v, dir, false, scratch);
    const after = variants.map(state);
    for (const [i, s] of after.entries()) assert.ok(Object.keys(s).length > 0, `${variants[i].name} wrote no code cache`);
    // Alternating runs, as the rounds do: a rejected cache would be written again.
    for (const v of [...variants, ...variants]) compileOnce(process.execPath, v, dir, false, scratch);
    assert.deepEqual(variants.map(state), after);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
