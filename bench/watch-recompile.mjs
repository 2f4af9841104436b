#!/usr/bin/env node
// Measures `floe compile --watch` recompiles after one-model edits.
//   node bench/watch-recompile.mjs FLOE_BIN PROJECT_DIR MODEL_FILE REPS
// Starts the watcher, waits for its first compile, then REPS times appends a
// new trailing comment to MODEL_FILE (a real content change) and times until
// the watcher reports the recompile (its JSON line on stdout, written after
// target/ files are replaced). Prints one JSON document:
//   { first: {...}, reps: [{ wallMs, elapsedMs, cpuMs, incremental }], peakRssMB }
// wallMs includes the file-event latency and the watcher's 20 ms debounce.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [bin, dir, model, repsArg] = process.argv.slice(2);
const reps = Number(repsArg ?? 3);
if (!bin || !dir || !model || !(reps > 0)) {
  console.error('usage: watch-recompile.mjs FLOE_BIN PROJECT_DIR MODEL_FILE REPS');
  process.exit(2);
}
const TIMEOUT_MS = 600_000;
const original = readFileSync(model, 'utf8');
const child = spawn(process.execPath, [bin, 'compile', '--watch', '--json', '--project-dir', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout });
const queue = [];
let waiting = null;
lines.on('line', (l) => {
  if (waiting) {
    const w = waiting;
    waiting = null;
    w(l);
  } else queue.push(l);
});
const nextLine = () =>
  new Promise((resolve, reject) => {
    if (queue.length) return resolve(queue.shift());
    const t = setTimeout(() => reject(new Error('watcher did not report in time')), TIMEOUT_MS);
    waiting = (l) => {
      clearTimeout(t);
      resolve(l);
    };
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const peakRss = () => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
};

let code = 0;
try {
  const first = JSON.parse(await nextLine());
  if (!first.ok) throw new Error(`first compile failed: ${JSON.stringify(first).slice(0, 500)}`);
  // fs.watch(recursive) sets up its watchers asynchronously; give it time on a big tree.
  await sleep(2000);
  const out = [];
  for (let i = 1; i <= reps; i++) {
    writeFileSync(model, `${original}-- watch edit ${i}\n`);
    const t0 = process.hrtime.bigint();
    const r = JSON.parse(await nextLine());
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!r.ok) throw new Error(`recompile failed: ${JSON.stringify(r).slice(0, 500)}`);
    out.push({ wallMs, elapsedMs: r.elapsedMs, cpuMs: r.cpuMs, incremental: r.incremental });
    await sleep(300);
  }
  console.log(JSON.stringify({ first: { elapsedMs: first.elapsedMs, cpuMs: first.cpuMs }, reps: out, peakRssMB: peakRss() }));
} catch (e) {
  console.error(String(e?.stack ?? e));
  code = 1;
} finally {
  writeFileSync(model, original);
  child.kill('SIGTERM');
}
process.exitCode = code;
