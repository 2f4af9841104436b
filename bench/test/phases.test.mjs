// node --test bench/test
// Checks how `phases.mjs` assigns a profile's samples to phases and finds the main thread's profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mainThreadProfile, phasesOf } from '../phases.mjs';

const CORE = 'file:///repo/packages/floe-core/dist/chunk.js';
const CLI = 'file:///repo/apps/floe-cli/dist/index.js';

/** A profile from call paths: `stacks` maps a leaf name to its frames [name, url] from the root; `samples` lists [leaf, ms]. */
function profile(stacks, samples) {
  const nodes = [{ id: 1, callFrame: { functionName: '(root)', url: '' }, children: [] }];
  const leafIds = {};
  for (const [leaf, frames] of Object.entries(stacks)) {
    let parent = nodes[0];
    for (const [functionName, url] of frames) {
      let child = parent.children.map((id) => nodes[id - 1]).find((n) => n.callFrame.functionName === functionName && n.callFrame.url === url);
      if (!child) {
        child = { id: nodes.length + 1, callFrame: { functionName, url }, children: [] };
        nodes.push(child);
        parent.children.push(child.id);
      }
      parent = child;
    }
    leafIds[leaf] = parent.id;
  }
  // timeDeltas[i] is the time (µs) before sample i: a sample lasts until the next one, the last one 0.
  const timeDeltas = [0, ...samples.slice(0, -1).map(([, ms]) => ms * 1000)];
  return { nodes, samples: samples.map(([leaf]) => leafIds[leaf]), timeDeltas };
}

const STACKS = {
  boot: [['require', 'node:internal/modules']],
  yaml: [['compileCommand', CLI], ['loadProject', CORE], ['parse', 'file:///repo/node_modules/yaml/dist/index.js']],
  render: [['compileCommand', CLI], ['buildWorkNodes', CORE], ['render', CORE]],
  // toArtifacts calls a function that is also a phase's name: the outer one decides.
  nested: [['compileCommand', CLI], ['toArtifacts', CORE], ['resolveSql', CORE]],
  // A user's own function with a phase's name, outside Floe's bundles, decides nothing.
  foreign: [['compileCommand', CLI], ['writeTargetFiles', 'file:///elsewhere/lib.js']],
  gc: [['(garbage collector)', '']],
  idle: [['(idle)', '']],
};

test('each sample goes to the outermost Floe phase on its stack; GC goes to the phase it interrupted', () => {
  const p = profile(STACKS, [
    ['boot', 10],
    ['gc', 2],
    ['yaml', 5],
    ['render', 20],
    ['gc', 4],
    ['idle', 1],
    ['gc', 3],
    ['nested', 6],
    ['foreign', 7],
    ['boot', 0],
  ]);
  const r = phasesOf(p);
  assert.deepEqual(r.ms, { 'start-up': 10, '(garbage collector)': 9, load: 5, templates: 20, idle: 1, artifacts: 6, other: 7 });
  // The collection after the idle sample still belongs to the templates phase that was running.
  assert.deepEqual(r.gcMs, { 'start-up': 2, templates: 7 });
  assert.equal(r.totalMs, 58);
  assert.ok(r.unseen.includes('writeTargetFiles'), 'a function outside the bundles is not counted as seen');
  assert.ok(!r.unseen.includes('toArtifacts') && !r.unseen.includes('resolveSql'));
});

test('the main thread profile is the one of thread 0', () => {
  const names = ['CPU.20261122.205613.16176.1.002.cpuprofile', 'CPU.20261122.205612.16176.0.001.cpuprofile', 'notes.txt'];
  assert.equal(mainThreadProfile(names), 'CPU.20261122.205612.16176.0.001.cpuprofile');
  assert.throws(() => mainThreadProfile(['CPU.1.2.3.1.1.cpuprofile']), /expected one main-thread profile, found 0/);
});
