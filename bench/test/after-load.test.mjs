// node --test bench/test
// Checks the order of `after-load.mjs`'s sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundKinds } from '../after-load.mjs';

test('idle and load take turns at going first, so neither always follows the other', () => {
  assert.deepEqual(roundKinds(0), ['idle', 'load']);
  assert.deepEqual(roundKinds(1), ['load', 'idle']);
  const firsts = [0, 1, 2, 3].map((r) => roundKinds(r)[0]);
  assert.deepEqual(firsts, ['idle', 'load', 'idle', 'load']);
});
