#!/usr/bin/env node
// Does minutes of CPU load just before a cold `floe compile` slow it down?
// run.mjs times Floe right after a dbt command that kept one core busy for
// minutes; this script asks whether that, rather than dbt itself or the
// machine's drift, could handicap Floe (round 15 in docs/benchmarks.md).
// Run from the repo root:
//
//   node bench/after-load.mjs --size 5000 --secs 120 --rounds 3
//
// Each round waits `--secs` idle, and keeps one core busy for `--secs` (a
// Node busy loop), in an order that alternates between rounds; after each,
// three cold compiles run back to back (target/ removed and the page cache
// warmed before each, as ab.mjs does). Every compile reports wall and CPU
// time and the CPU time the hypervisor took from this VM meanwhile (steal,
// from /proc/stat).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_WORK, FLOE_BIN, lastLines, median, prepareColdCompile, runIfMain, setUpTimedCompiles, timedRun, walkOptions } from './common.mjs';
import { generatedProject } from './generate.mjs';

const COMPILES_AFTER = 3;
const TIMEOUT_MS = 600_000;
const fmt = (ms) => (ms === null ? '–' : `${(ms / 1000).toFixed(3)} s`);

function usage() {
  return `usage: node bench/after-load.mjs [options]
  --size N      models in the generated project (default 5000)
  --secs N      seconds of idle, and of load, before each set of compiles (default 120)
  --rounds N    rounds; each has an idle and a loaded set (default 3)
  --node SPEC   the Node runtime, as one item of run.mjs's --node (default system)
  --work DIR    where the project is generated (default ${DEFAULT_WORK})
  --json FILE   also write every compile as JSON`;
}

function parseArgs(argv) {
  const o = { size: 5000, secs: 120, rounds: 3, node: 'system', work: DEFAULT_WORK, json: null };
  walkOptions(argv, (a, { value, int }) => {
    if (a === '--size') o.size = int(20);
    else if (a === '--secs') o.secs = int(1);
    else if (a === '--rounds') o.rounds = int(1);
    else if (a === '--node') o.node = value();
    else if (a === '--work') o.work = resolve(value());
    else if (a === '--json') o.json = resolve(value());
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  });
  return o;
}

/** Steal time so far, in ms: the 8th field of /proc/stat's cpu line (in 1/100 s), or null where there is none. */
function stealMs() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/);
    return Number(f[8]) * 10;
  } catch {
    return null;
  }
}

/** What comes before a set: `idle` waits, `load` keeps one core busy; both for `seconds`. */
function before(kind, seconds) {
  if (kind === 'idle') return new Promise((r) => setTimeout(r, seconds * 1000));
  const child = spawn(process.execPath, ['-e', `const end = Date.now() + ${seconds * 1000}; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1);`], { stdio: 'ignore' });
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('exit', (code) => (code === 0 ? res() : rej(new Error(`the load process exited with ${code}`))));
  });
}

/** The kinds of round `round`, in order: idle first in even rounds, load first in odd ones. */
export function roundKinds(round) {
  return round % 2 ? ['load', 'idle'] : ['idle', 'load'];
}

function compileSet(node, dir, scratch, haveTime) {
  const runs = [];
  for (let i = 0; i < COMPILES_AFTER; i++) {
    prepareColdCompile([dir], node);
    const s0 = stealMs();
    const { ms, cpuMs, r } = timedRun(node, [FLOE_BIN, 'compile', '--project-dir', dir], { cwd: dir, encoding: 'utf8', timeout: TIMEOUT_MS, timeFile: haveTime ? join(scratch, 'time') : undefined });
    const s1 = stealMs();
    if (r.status !== 0) throw new Error(`floe compile failed (exit ${r.status ?? r.signal}): ${lastLines(`${r.stdout}${r.stderr}`)}`);
    runs.push({ ms: Math.round(ms), cpuMs: cpuMs === null ? null : Math.round(cpuMs), stealMs: s0 === null || s1 === null ? null : s1 - s0 });
  }
  return runs;
}

function report(o, rt, sets) {
  const lines = ['', `Cold \`floe compile\`, ${o.size} models, Node ${rt.version.slice(1)}, ${o.rounds} rounds, ${o.secs} s before each set: medians`, ''];
  lines.push('| Before the set | First compile | All compiles | CPU, all | Steal, all |', '| --- | --- | --- | --- | --- |');
  for (const kind of ['idle', 'load']) {
    const mine = sets.filter((x) => x.kind === kind);
    const all = mine.flatMap((x) => x.runs);
    const col = (key) => all.map((r) => r[key]).filter((v) => v !== null);
    const cpu = col('cpuMs');
    const steal = col('stealMs');
    lines.push(`| ${kind === 'idle' ? `${o.secs} s idle` : `${o.secs} s of one busy core`} | ${fmt(median(mine.map((x) => x.runs[0].ms)))} | ${fmt(median(col('ms')))} | ${fmt(cpu.length ? median(cpu) : null)} | ${steal.length ? `${steal.reduce((a, b) => a + b, 0)} ms in all` : '–'} |`);
  }
  return lines.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) return console.log(usage());
  const { rt, haveTime, scratch } = setUpTimedCompiles(o.node, 'floe-after-load-');
  const dir = generatedProject(o.work, o.size);
  const sets = [];
  console.log(`${o.size} models in ${dir}; Node ${rt.version.slice(1)}; ${o.rounds} rounds of ${o.secs} s idle and ${o.secs} s of load, ${COMPILES_AFTER} compiles after each (about ${Math.ceil((o.rounds * 2 * o.secs) / 60)} min)`);
  try {
    for (let round = 0; round < o.rounds; round++) {
      for (const kind of roundKinds(round)) {
        await before(kind, o.secs);
        const runs = compileSet(rt.node, dir, scratch, haveTime);
        sets.push({ round, kind, runs });
        console.log(`  ${round + 1}/${o.rounds} after ${kind}: ${runs.map((r) => fmt(r.ms)).join(', ')}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(report(o, rt, sets));
  if (o.json) writeFileSync(o.json, JSON.stringify({ size: o.size, secs: o.secs, rounds: o.rounds, node: rt.version, sets }, null, 2) + '\n');
}

runIfMain(import.meta.url, 'after-load', main);
