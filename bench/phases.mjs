#!/usr/bin/env node
// Where a cold `floe compile`'s main thread spends its time, phase by phase:
// the method of round 13 in docs/benchmarks.md. Run from the repo root:
//
//   node bench/phases.mjs                          # 10,000 models, 3 repetitions, system Node and Node 26
//   node bench/phases.mjs --size 5000 --reps 5 --node system
//
// Each repetition runs `floe compile` once per runtime under `node --cpu-prof`
// (target/ removed and the page cache warmed first) and reads the main
// thread's profile. Every sample goes to the phase of the outermost Floe
// function on its stack (PHASES, below); samples before the project starts
// loading are start-up. The garbage collector's samples go to the phase that
// was running when the collection began, and are also shown on their own.
// The report gives medians over the repetitions. The profiler itself costs
// some time, so the total is a little above an unprofiled compile's wall
// time; the shares are what the figures are for.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_NODES, DEFAULT_WORK, FLOE_BIN, lastLines, median, parseSizeRepsOptions, prepareColdCompile, resolveRuntimes, runIfMain, sh } from './common.mjs';
import { generatedProject } from './generate.mjs';

const TIMEOUT_MS = 600_000;

/**
 * Phases in compile order, each named by the Floe functions (in the built
 * bundles) that do its work. A sample belongs to the outermost listed function
 * on its stack. If one of these is renamed, the report says it was not seen.
 */
export const PHASES = [
  ['load', ['loadProject'], 'read the project: files, YAML, config'],
  ['templates', ['buildWorkNodes'], 'parse and render every template; work nodes'],
  ['sql and tests', ['resolveSql', 'addGenericTests', 'resolvePlaceholders'], 'ref() placeholders, generic tests'],
  ['graph and checks', ['DependencyGraph', 'checkCapabilities'], 'the DAG, cycles, target capabilities'],
  ['checksums', ['checksumOf'], "each node's checksum (sha256)"],
  ['artifacts', ['toArtifacts'], 'the CompiledArtifacts object'],
  ['output', ['compileOutputsParallel', 'compileOutputChunks', 'writeTargetFiles'], 'JSON text of both files, written'],
  ['compile cache', ['fingerprintProject', 'writeCache'], 'fingerprint of the inputs, the cache file'],
];
const PHASE_OF = new Map(PHASES.flatMap(([phase, fns]) => fns.map((f) => [f, phase])));
const FLOE_CODE = /\/(floe-core|floe-cli)\/dist\//;
const GC = '(garbage collector)';
const IDLE = '(idle)';

function usage() {
  return `usage: node bench/phases.mjs [options]
  --size N      models in the generated project (default 10000)
  --reps N      repetitions, medians reported (default 3)
  --node LIST   Node runtimes, as for run.mjs (default ${DEFAULT_NODES.join(',')})
  --work DIR    where the project is generated (default ${DEFAULT_WORK})
  --json FILE   also write every repetition's phases as JSON`;
}

/**
 * A V8 .cpuprofile's samples by phase: { ms: { phase: ms }, gcMs: { phase: ms },
 * totalMs, unseen: [function names of PHASES never on a stack] }. Phases besides
 * PHASES: 'start-up' (before the first `load` sample), 'idle' (the thread
 * waited: on a file, on the manifest worker) and 'other'.
 */
export function phasesOf(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const seen = new Set();
  const memo = new Map();
  /** The phase of a sample's leaf node: its outermost listed Floe function, or a V8 pseudo-frame. */
  const phaseOfNode = (id) => {
    if (memo.has(id)) return memo.get(id);
    const leaf = byId.get(id).callFrame.functionName;
    let phase = leaf === GC ? GC : leaf === IDLE ? 'idle' : undefined;
    for (let cur = id; phase !== GC && phase !== 'idle' && cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur).callFrame;
      const p = FLOE_CODE.test(cf.url) ? PHASE_OF.get(cf.functionName) : undefined;
      if (p) {
        phase = p;
        seen.add(cf.functionName);
      }
    }
    phase ??= 'other';
    memo.set(id, phase);
    return phase;
  };
  const ms = {};
  const gcMs = {};
  let current = 'start-up';
  let started = false;
  let total = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // A sample's time runs until the next sample.
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    total += dt;
    let phase = phaseOfNode(samples[i]);
    if (phase === 'load') started = true;
    if (phase === GC) {
      gcMs[current] = (gcMs[current] ?? 0) + dt;
    } else {
      if (phase === 'other' && !started) phase = 'start-up';
      if (phase !== 'idle') current = phase;
    }
    ms[phase] = (ms[phase] ?? 0) + dt;
  }
  const unseen = [...PHASE_OF.keys()].filter((f) => !seen.has(f));
  return { ms, gcMs, totalMs: total, unseen };
}

/** Of the file names --cpu-prof wrote (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile), the main thread's: thread 0. */
export function mainThreadProfile(names) {
  const main = names.filter((n) => n.endsWith('.cpuprofile') && n.split('.')[4] === '0');
  if (main.length !== 1) throw new Error(`expected one main-thread profile, found ${main.length} among: ${names.join(', ') || 'none'}`);
  return main[0];
}

function profileOnce(node, dir, scratch) {
  const profDir = join(scratch, 'prof');
  rmSync(profDir, { recursive: true, force: true });
  prepareColdCompile([dir], node);
  const r = sh(node, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, FLOE_BIN, 'compile', '--project-dir', dir], { cwd: dir, timeout: TIMEOUT_MS });
  if (r.code !== 0) throw new Error(`floe compile failed (exit ${r.code}): ${lastLines(r.out)}`);
  const file = mainThreadProfile(readdirSync(profDir));
  return phasesOf(JSON.parse(readFileSync(join(profDir, file), 'utf8')));
}

/** The phases in report order: start-up, PHASES, then what else occurred. */
function phaseOrder(reps) {
  const names = ['start-up', ...PHASES.map(([p]) => p)];
  for (const r of reps) for (const p of Object.keys(r.ms)) if (p !== GC && !names.includes(p)) names.push(p);
  return names;
}

function report(o, rt, reps) {
  const med = (f) => median(reps.map(f));
  const ms = (x) => `${x.toFixed(0)} ms`;
  const total = med((r) => r.totalMs);
  const describe = new Map(PHASES.map(([p, , what]) => [p, what]));
  describe.set('start-up', 'Node and the CLI, before the project loads');
  describe.set('idle', 'waiting (files, the manifest worker)');
  describe.set('other', 'not inside a listed function');
  const lines = [
    '',
    `Main thread of a cold \`floe compile\`, ${o.size} models, Node ${rt.version.slice(1)}, ${cpus().length} cores, under --cpu-prof: medians of ${reps.length}`,
    '',
    '| Phase | What | Own time | Garbage collection during it | Share of the total |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const p of phaseOrder(reps)) {
    const own = med((r) => r.ms[p] ?? 0);
    const gc = med((r) => r.gcMs[p] ?? 0);
    lines.push(`| ${p} | ${describe.get(p) ?? ''} | ${ms(own)} | ${ms(gc)} | ${((100 * (own + gc)) / total).toFixed(0)} % |`);
  }
  lines.push(`| all | | ${ms(total)} | ${ms(med((r) => r.ms[GC] ?? 0))} in all | 100 % |`);
  const unseen = [...new Set(reps.flatMap((r) => r.unseen))];
  // From 2,000 nodes on, compileOutputsParallel writes without calling compileOutputChunks.
  if (unseen.length) lines.push('', `Not seen on any stack (renamed, not on this size's path, or too quick for the 1 ms sampling): ${unseen.join(', ')}`);
  return lines.join('\n');
}

async function main() {
  const o = parseSizeRepsOptions(process.argv.slice(2), { size: 10_000, reps: 3 });
  if (o.help) return console.log(usage());
  const runtimes = resolveRuntimes(o.node);
  const dir = generatedProject(o.work, o.size);
  const scratch = mkdtempSync(join(tmpdir(), 'floe-phases-'));
  const reps = Object.fromEntries(runtimes.map((rt) => [rt.version, []]));
  console.log(`${o.size} models in ${dir}; ${o.reps} repetitions on Node ${runtimes.map((rt) => rt.version.slice(1)).join(', ')}`);
  try {
    for (let i = 0; i < o.reps; i++) {
      for (const rt of runtimes) {
        const r = profileOnce(rt.node, dir, scratch);
        reps[rt.version].push(r);
        console.log(`  ${i + 1}/${o.reps} Node ${rt.version.slice(1)}: ${(r.totalMs / 1000).toFixed(2)} s profiled`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const rt of runtimes) console.log(report(o, rt, reps[rt.version]));
  if (o.json) writeFileSync(o.json, JSON.stringify({ size: o.size, cores: cpus().length, runs: reps }, null, 2) + '\n');
}

runIfMain(import.meta.url, 'phases', main);
