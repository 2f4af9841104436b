#!/usr/bin/env node
// Where the cold-compile floor is: how much of `floe compile` at N models is
// the compile itself, and what splitting it in two could gain on this machine.
// Run from the repo root:
//
//   node bench/floor.mjs                      # 10,000 models, 5 repetitions, system Node and Node 26
//   node bench/floor.mjs --size 2000 --reps 1 --node system
//
// Every repetition runs each runtime in turn and times, in this order:
//   whole     `floe compile` (target/ removed first), as the compile figure of run.mjs;
//   memory    compileProject() alone inside one process: no files written, no start-up
//             (this script in its child mode, `--in-memory DIR`);
//   startup   `floe --version`: loading Node and the CLI;
//   half      `floe compile` of an N/2-model project;
//   halves    two N/2-model projects compiled at once, as two processes.
// `halves` approximates the best a two-way split of the work could do, with
// threads or processes: each half warms up its own JIT and both share the same
// cores; a split inside one process would save one start-up (see `startup`)
// and pay for joining the halves.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_NODES, DEFAULT_WORK, FLOE_BIN, REPO, floeFiles, lastLines, median, parseSizeRepsOptions, prepareColdCompile, resolveRuntimes, runIfMain, warmPageCache } from './common.mjs';
import { generatedProject } from './generate.mjs';

const TIMEOUT_MS = 600_000;
const FIGURES = ['whole', 'memory', 'startup', 'half', 'halves'];

function usage() {
  return `usage: node bench/floor.mjs [options]
  --size N        models in the whole project (default 10000; the halves get N/2 each)
  --reps N        repetitions, medians reported (default 5)
  --node LIST     Node runtimes, as for run.mjs (default ${DEFAULT_NODES.join(',')})
  --work DIR      where projects are generated (default ${DEFAULT_WORK})
  --json FILE     also write the raw figures as JSON`;
}

/** Child mode: compileProject() of `dir` in this process, timed; prints {"ms":…,"nodes":…}. */
async function inMemory(dir) {
  const require = createRequire(join(REPO, 'apps/floe-cli/package.json'));
  const core = require('@floe/core/internal');
  const registry = new core.PluginRegistry();
  core.registerLazyPlugin(registry, 'target', 'duckdb', () => require('@floe/target-duckdb').default);
  const t0 = performance.now();
  const result = await core.compileProject({ projectDir: dir, registry });
  const ms = performance.now() - t0;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !result.artifacts) throw new Error(`compile of ${dir} failed: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  process.stdout.write(JSON.stringify({ ms, nodes: Object.keys(result.artifacts.nodes).length }) + '\n');
}

/**
 * Runs `node args…` for every args of `argsList`, all at once; resolves to the
 * wall time until the last one ends and each one's stdout (rejects when any
 * fails or outlives TIMEOUT_MS).
 */
function runAll(node, argsList, cwd) {
  const t0 = process.hrtime.bigint();
  const runs = argsList.map(
    (args) =>
      new Promise((done, fail) => {
        const child = spawn(node, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
        const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          if (code === 0) done(out);
          else fail(new Error(`${node} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${lastLines(err)}`));
        });
      }),
  );
  return Promise.all(runs).then((stdouts) => ({ ms: Number(process.hrtime.bigint() - t0) / 1e6, stdouts }));
}

/** One repetition on one runtime: adds a figure to each of `rows`. */
async function measureOnce(o, rt, dirs, rows) {
  const compile = (dir) => [FLOE_BIN, 'compile', '--project-dir', dir];
  const warm = (...ds) => warmPageCache([...ds, ...floeFiles(rt.node)]);
  prepareColdCompile([dirs.whole], rt.node);
  rows.whole.push((await runAll(rt.node, [compile(dirs.whole)], dirs.whole)).ms);
  warm(dirs.whole);
  const { stdouts } = await runAll(rt.node, [[join(REPO, 'bench/floor.mjs'), '--in-memory', dirs.whole]], dirs.whole);
  const mem = JSON.parse(stdouts[0]);
  if (!(mem.nodes >= o.size)) throw new Error(`compileProject() of ${dirs.whole} gave ${mem.nodes} nodes, expected at least ${o.size}`);
  rows.memory.push(mem.ms);
  warm();
  rows.startup.push((await runAll(rt.node, [[FLOE_BIN, '--version']], REPO)).ms);
  prepareColdCompile([dirs.half], rt.node);
  rows.half.push((await runAll(rt.node, [compile(dirs.half)], dirs.half)).ms);
  prepareColdCompile([dirs.half, dirs.other], rt.node);
  rows.halves.push((await runAll(rt.node, [compile(dirs.half), compile(dirs.other)], REPO)).ms);
}

function report(o, results) {
  const half = o.size >> 1;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [`\nCold-compile floor: medians of ${o.reps} (${cpus().length} cores)`, ''];
  lines.push(`| Node | \`floe compile\`, ${o.size} | compileProject() alone | start-up | \`floe compile\`, ${half} | two ${half} at once |`);
  lines.push('| --- | --- | --- | --- | --- | --- |');
  for (const { rt, rows } of results) lines.push(`| ${rt.version} | ${FIGURES.map((f) => s(median(rows[f]))).join(' | ')} |`);
  lines.push('', `"two ${half} at once" is about the least a two-way split of the ${o.size}-model compile could take here (less one start-up).`);
  return lines.join('\n');
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--in-memory') return inMemory(resolve(argv[1]));
  const o = parseSizeRepsOptions(argv, { size: 10_000, reps: 5 });
  if (o.help) return console.log(usage());
  if (!existsSync(join(REPO, 'apps/floe-cli/dist/index.js'))) throw new Error('build first: npx nx run-many -t build');
  const half = o.size >> 1;
  const dirs = {
    whole: generatedProject(o.work, o.size),
    half: generatedProject(o.work, half),
    other: generatedProject(o.work, half, `dbt-${half}-copy`),
  };
  // Runtimes alternate within every repetition, so a slow spell of the machine hits each of them.
  const results = resolveRuntimes(o.node).map((rt) => ({ rt, rows: Object.fromEntries(FIGURES.map((f) => [f, []])) }));
  console.log(`${o.size} models in ${dirs.whole}; halves in ${dirs.half} and ${dirs.other}`);
  for (let rep = 0; rep < o.reps; rep++) {
    for (const { rt, rows } of results) {
      await measureOnce(o, rt, dirs, rows);
      console.log(`  ${rep + 1}/${o.reps} Node ${rt.version}: ${FIGURES.map((f) => `${f} ${(rows[f].at(-1) / 1000).toFixed(2)} s`).join(', ')}`);
    }
  }
  console.log(report(o, results));
  if (o.json) writeFileSync(o.json, JSON.stringify({ size: o.size, reps: o.reps, results: results.map(({ rt, rows }) => ({ node: rt.version, ...rows })) }, null, 2) + '\n');
}

runIfMain(import.meta.url, 'floor', main);
