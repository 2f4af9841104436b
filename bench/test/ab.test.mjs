// node --test bench/test
// Checks how `ab.mjs` reads its variants, orders its rounds and pairs its runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paired, parseVariant, roundOrder } from '../ab.mjs';

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
