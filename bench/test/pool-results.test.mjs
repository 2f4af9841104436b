// node --test bench/test
// Checks how `run.mjs --from-json` merges the results of several runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poolResults } from '../pool-results.mjs';

const row = (tool, ms, failed = false) => ({ figure: 'compile', size: 5000, tool, ms, cpuMs: ms.map((x) => 2 * x), rssMB: ms.map(() => 200), failed, medianMs: 0 });

test('a figure measured in two runs has the repetitions of both', () => {
  const pooled = poolResults([row('floe compile', [1100, 1050]), row('dbt parse', [55000]), row('floe compile', [1150, 1000, 1200])]);
  assert.equal(pooled.length, 2);
  const floe = pooled.find((r) => r.tool === 'floe compile');
  assert.deepEqual(floe.ms, [1100, 1050, 1150, 1000, 1200]);
  assert.deepEqual(floe.cpuMs, [2200, 2100, 2300, 2000, 2400]);
  assert.equal(floe.rssMB.length, 5);
  // The per-run median is not carried over: the report takes the median of the pooled repetitions.
  assert.equal(floe.medianMs, undefined);
});

test('different sizes, figures and commands stay apart; a failure in any run marks the row', () => {
  const other = { ...row('floe compile', [900]), size: 1000 };
  const pooled = poolResults([row('floe compile', [1100]), other, row('floe compile', [], true)]);
  assert.equal(pooled.length, 2);
  assert.deepEqual(pooled.find((r) => r.size === 5000), { figure: 'compile', size: 5000, tool: 'floe compile', ms: [1100], cpuMs: [2200], rssMB: [200], failed: true });
  assert.deepEqual(pooled.find((r) => r.size === 1000).ms, [900]);
});

test('the input rows are not changed', () => {
  const a = row('floe compile', [1]);
  poolResults([a, row('floe compile', [2])]);
  assert.deepEqual(a.ms, [1]);
});
