#!/usr/bin/env node
// Alternating A/B runs of a cold `floe compile`: the method of rounds 8 to 12
// in docs/benchmarks.md, for changes too small for run.mjs's medians to show.
// Run from the repo root:
//
//   node bench/ab.mjs --size 5000 --runs 20 default= 'pool1=--v8-pool-size=1'
//   node bench/ab.mjs --node 26 main= 'candidate=/path/to/other/checkout'
//
// A variant is NAME=SPEC. SPEC is a space-separated list: tokens that start
// with `-` are options for node; any other token is a Floe checkout whose
// built apps/floe-cli/bin/floe.js is run (default: this one). `main=` is this
// checkout as it is.
//
// Every round runs each variant once, starting one variant later than the
// round before, so neither the order nor a slow spell of the machine favours
// one of them. Before each run, target/ is removed and the project, Node and
// the checkout's code are read into the page cache (untimed).
// Each variant has its own code cache (XDG_CACHE_HOME in a scratch folder),
// filled by one untimed compile before the first round: V8 rejects code
// cached under other flags, so variants that differ in a V8 flag would
// otherwise overwrite one shared cache and compile Floe from source every run.
// The report gives each variant's medians and, against the first variant, the
// median of the per-round differences (a paired figure: both runs of a round
// saw the same state of the machine) and in how many rounds it was faster.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_WORK, REPO, lastLines, median, prepareColdCompile, runIfMain, setUpTimedCompiles, timedRun, walkOptions } from './common.mjs';
import { generatedProject } from './generate.mjs';

const TIMEOUT_MS = 600_000;

function usage() {
  return `usage: node bench/ab.mjs [options] NAME=SPEC NAME=SPEC...
  NAME=SPEC     a variant: SPEC lists node options (tokens starting with -) and at
                most one Floe checkout (default: this one); e.g. main= or
                'pool1=--v8-pool-size=1' or 'other=/path/to/checkout'
  --size N      models in the generated project (default 5000)
  --runs N      rounds; each runs every variant once (default 10)
  --node SPEC   the Node runtime, as one item of run.mjs's --node (default system)
  --work DIR    where the project is generated (default ${DEFAULT_WORK})
  --json FILE   also write every run as JSON`;
}

/** One variant from NAME=SPEC: { name, nodeOptions, checkout, floe }. */
export function parseVariant(arg, here = REPO) {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`variant ${JSON.stringify(arg)}: expected NAME=SPEC, e.g. main= or 'pool1=--v8-pool-size=1'`);
  const name = arg.slice(0, eq);
  const tokens = arg.slice(eq + 1).split(/\s+/).filter(Boolean);
  const nodeOptions = tokens.filter((t) => t.startsWith('-'));
  const paths = tokens.filter((t) => !t.startsWith('-'));
  if (paths.length > 1) throw new Error(`variant ${name}: more than one checkout (${paths.join(', ')})`);
  const checkout = paths.length ? resolve(paths[0]) : here;
  return { name, nodeOptions, checkout, floe: join(checkout, 'apps/floe-cli/bin/floe.js') };
}

function parseArgs(argv) {
  const o = { size: 5000, runs: 10, node: 'system', work: DEFAULT_WORK, json: null, variants: [] };
  walkOptions(argv, (a, { value, int }) => {
    if (a === '--size') o.size = int(20);
    else if (a === '--runs') o.runs = int(1);
    else if (a === '--node') o.node = value();
    else if (a === '--work') o.work = resolve(value());
    else if (a === '--json') o.json = resolve(value());
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.variants.push(parseVariant(a));
  });
  if (!o.help) {
    if (o.variants.length < 2) throw new Error('give at least two variants (see --help)');
    const names = o.variants.map((v) => v.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`variant name ${dup} is given twice`);
  }
  return o;
}

/** Variant order of round `round`: the list rotated by one more place each round. */
export function roundOrder(count, round) {
  return Array.from({ length: count }, (_, k) => (k + round) % count);
}

/** Against the first variant: the median per-round difference and the rounds in which `other` was faster. */
export function paired(first, other) {
  const diffs = other.map((x, i) => x - first[i]);
  return { medianDiff: median(diffs), faster: diffs.filter((d) => d < 0).length, rounds: diffs.length };
}

/** The folder that is XDG_CACHE_HOME for the runs of variant number `index`: its own code cache. */
export function variantCacheHome(scratch, index) {
  return join(scratch, `cache-${index}`);
}

/** One cold compile of `variant` (after parseVariant, with its cacheHome): { ms, cpuMs, rssMB } (the last two null without TIME_BIN). */
export function compileOnce(node, variant, dir, haveTime, scratch) {
  prepareColdCompile([dir], node, variant.checkout, variant.cacheHome);
  const args = [...variant.nodeOptions, variant.floe, 'compile', '--project-dir', dir];
  const env = { ...process.env, XDG_CACHE_HOME: variant.cacheHome };
  const { ms, cpuMs, rssMB, r } = timedRun(node, args, { cwd: dir, env, encoding: 'utf8', timeout: TIMEOUT_MS, timeFile: haveTime ? join(scratch, 'time') : undefined });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    throw new Error(`${variant.name}: floe compile failed (${why}): ${lastLines(`${r.stdout}${r.stderr}`)}`);
  }
  return { ms, cpuMs, rssMB };
}

function report(o, rt, variants, runs) {
  const s = (ms) => `${(ms / 1000).toFixed(3)} s`;
  const col = (name, key) => runs[name].map((r) => r[key]).filter((x) => x !== null);
  const first = variants[0].name;
  const lines = [
    '',
    `Cold \`floe compile\`, ${o.size} models, Node ${rt.version.slice(1)}, ${o.runs} rounds, ${cpus().length} cores: medians`,
    '',
    `| Variant | Wall | CPU | Peak RSS | Wall against ${first}, paired | Faster than ${first} |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const v of variants) {
    const wall = col(v.name, 'ms');
    const cpu = col(v.name, 'cpuMs');
    const rss = col(v.name, 'rssMB');
    let vs = '';
    let faster = '';
    if (v.name !== first) {
      const p = paired(col(first, 'ms'), wall);
      vs = `${p.medianDiff >= 0 ? '+' : '−'}${Math.abs(p.medianDiff).toFixed(0)} ms`;
      faster = `${p.faster} of ${p.rounds} rounds`;
    }
    lines.push(`| ${v.name} | ${s(median(wall))} | ${cpu.length ? s(median(cpu)) : '–'} | ${rss.length ? `${median(rss).toFixed(0)} MB` : '–'} | ${vs} | ${faster} |`);
  }
  lines.push('', `load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min)`);
  return lines.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) return console.log(usage());
  for (const v of o.variants) if (!existsSync(v.floe)) throw new Error(`${v.name}: ${v.floe} does not exist (build that checkout first)`);
  const { rt, haveTime, scratch } = setUpTimedCompiles(o.node, 'floe-ab-');
  const dir = generatedProject(o.work, o.size);
  o.variants.forEach((v, i) => (v.cacheHome = variantCacheHome(scratch, i)));
  const runs = Object.fromEntries(o.variants.map((v) => [v.name, []]));
  console.log(`${o.size} models in ${dir}; Node ${rt.version.slice(1)}; ${o.runs} rounds of ${o.variants.map((v) => v.name).join(', ')}`);
  try {
    // Untimed: writes each variant's code cache.
    for (const v of o.variants) compileOnce(rt.node, v, dir, false, scratch);
    console.log(`  warm-up: one untimed compile of each variant (its code cache)`);
    for (let round = 0; round < o.runs; round++) {
      const order = roundOrder(o.variants.length, round).map((k) => o.variants[k]);
      const got = order.map((v) => {
        const r = compileOnce(rt.node, v, dir, haveTime, scratch);
        runs[v.name].push(r);
        return `${v.name} ${(r.ms / 1000).toFixed(3)} s`;
      });
      console.log(`  ${round + 1}/${o.runs}: ${got.join(', ')}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(report(o, rt, o.variants, runs));
  if (o.json) {
    const variants = o.variants.map((v) => ({ name: v.name, nodeOptions: v.nodeOptions, checkout: v.checkout, runs: runs[v.name] }));
    writeFileSync(o.json, JSON.stringify({ size: o.size, rounds: o.runs, node: rt.version, cores: cpus().length, variants }, null, 2) + '\n');
  }
}

runIfMain(import.meta.url, 'ab', main);
