// Helpers shared by the bench scripts (run.mjs, floor.mjs, ab.mjs, phases.mjs,
// after-load.mjs, generate.mjs): options, timed processes, running a script's
// main, the page cache and a cold compile's starting state, and the Node
// runtimes Floe is measured with.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installNode } from '../tools/node-runtime.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FLOE_BIN = join(REPO, 'apps/floe-cli/bin/floe.js');
/** Node's Active LTS line when this was written (Node 26 since 2026-10-28; Node 20 reached end of life on 2026-04-30). */
const CURRENT_LTS = 26;
/** Where the bench scripts generate projects unless --work says otherwise. */
export const DEFAULT_WORK = join(tmpdir(), 'floe-bench');

// ------------------------------------------------------------ processes ---

export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { code: r.status ?? (r.error ? 127 : 1), out: (r.stdout ?? '') + (r.stderr ?? ''), error: r.error };
}

/** The last `n` lines of a command's output, on one line: what an error message quotes of it. */
export function lastLines(text, n = 3) {
  return text.trim().split('\n').slice(-n).join(' | ');
}

/** Gives CPU time and peak RSS of a command (Debian package `time`); without it, wall time only. */
export const TIME_BIN = '/usr/bin/time';

/**
 * Runs `cmd args` once (spawnSync with `spawnOptions`), timed: wall time
 * here and, with `timeFile` (under TIME_BIN -v, which writes there), the
 * command's CPU time and peak RSS. Returns { ms, cpuMs, rssMB, r } (r: the
 * spawnSync result); cpuMs and rssMB are null without a time file.
 */
export function timedRun(cmd, args, { timeFile, ...spawnOptions } = {}) {
  const argv = timeFile ? [TIME_BIN, ['-v', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv[1], spawnOptions);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssMB = null;
  let cpuMs = null;
  if (timeFile && existsSync(timeFile)) {
    const t = readFileSync(timeFile, 'utf8');
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(t);
    if (m) rssMB = Number(m[1]) / 1024;
    const u = /User time \(seconds\): ([\d.]+)/.exec(t);
    const sy = /System time \(seconds\): ([\d.]+)/.exec(t);
    if (u && sy) cpuMs = (Number(u[1]) + Number(sy[1])) * 1000;
  }
  return { ms, cpuMs, rssMB, r };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Calls `onOption(arg, { value, int, ints })` for each item of argv: `value()`
 * takes the item after the option as its value, `int(min)` the same as an
 * integer >= min, `ints(min)` as a comma-separated list of them. Each throws a
 * message that names the option.
 */
export function walkOptions(argv, onOption) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const toInt = (v, min) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new Error(`${a}: expected an integer >= ${min}, got ${v}`);
      return n;
    };
    onOption(a, { value, int: (min) => toInt(value(), min), ints: (min) => value().split(',').map((v) => toInt(v, min)) });
  }
}

/**
 * The options of the scripts that profile one generated project size over
 * repetitions (floor.mjs, phases.mjs): --size, --reps, --node, --work, --json
 * and --help, over `defaults` ({ size, reps }).
 */
export function parseSizeRepsOptions(argv, defaults) {
  const o = { node: DEFAULT_NODES, work: DEFAULT_WORK, json: null, ...defaults };
  walkOptions(argv, (a, { value, int }) => {
    if (a === '--size') o.size = int(20);
    else if (a === '--reps') o.reps = int(1);
    else if (a === '--node') o.node = parseNodeList(value());
    else if (a === '--work') o.work = resolve(value());
    else if (a === '--json') o.json = resolve(value());
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  });
  return o;
}

/**
 * Runs the async `main` of the script at `moduleUrl` when node was started
 * with that script (tests import the scripts for their helpers). A failure
 * prints as `name: message` and sets exit code 1.
 */
export function runIfMain(moduleUrl, name, main) {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main().catch((e) => {
    console.error(`${name}: ${e.message}`);
    process.exitCode = 1;
  });
}

// ---------------------------------------------------------- page cache ---

/**
 * Reads every file under `paths` (symbolic links not followed), untimed, so
 * that the command timed next finds its tool and the project in the page
 * cache. This VM pages out file cache untouched for about 30 s (a DAMON
 * `pageout` scheme), so without it a `floe compile` timed right after a
 * 200 s `dbt compile` first re-read Node, its own code and its code cache
 * from disk (at 5,000 models, 2.36 s with the page cache dropped against
 * 1.68 s on the next run), while dbt, timed seconds after the previous dbt
 * command, never did: the run order decided part of the ratio.
 */
export function warmPageCache(paths) {
  const buf = Buffer.allocUnsafe(1 << 20);
  const visit = (p) => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) visit(join(p, e));
    } else if (st.isFile()) {
      let fd;
      try {
        fd = openSync(p, 'r');
        while (readSync(fd, buf, 0, buf.length, null) > 0);
      } catch {
        // unreadable: the command will say so itself
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    }
  };
  for (const p of paths) visit(p);
}

/**
 * What a Floe command (or the direct-DuckDB script) run by `node` from
 * `checkout` loads: that Node, the built workspace, node_modules, the code
 * cache (under `cacheHome`, the command's XDG_CACHE_HOME).
 */
export function floeFiles(node, checkout = REPO, cacheHome = cacheBase()) {
  const packages = join(checkout, 'packages');
  return [
    realpathSync(node),
    join(checkout, 'apps/floe-cli/bin'),
    join(checkout, 'apps/floe-cli/dist'),
    ...readdirSync(packages).map((p) => join(packages, p, 'dist')),
    join(checkout, 'node_modules'),
    join(cacheHome, 'floe/compile-cache'),
  ];
}

/**
 * What every timed cold compile starts from: no target/ left in any of `dirs`
 * by an earlier run, and those projects and what `node` runs Floe from
 * (`checkout`, with its code cache under `cacheHome`) read into the page cache.
 */
export function prepareColdCompile(dirs, node, checkout = REPO, cacheHome = cacheBase()) {
  for (const d of dirs) rmSync(join(d, 'target'), { recursive: true, force: true });
  warmPageCache([...dirs, ...floeFiles(node, checkout, cacheHome)]);
}

/**
 * What a script timing cold compiles sets up first (ab.mjs, after-load.mjs):
 * the runtime `nodeSpec` names, whether TIME_BIN is there (saying so when
 * not) and a scratch folder that the caller removes. Returns { rt, haveTime, scratch }.
 */
export function setUpTimedCompiles(nodeSpec, scratchPrefix) {
  const [rt] = resolveRuntimes([nodeSpec]);
  const haveTime = existsSync(TIME_BIN);
  if (!haveTime) console.log(`${TIME_BIN} missing (apt-get install -y time): wall time only`);
  return { rt, haveTime, scratch: mkdtempSync(join(tmpdir(), scratchPrefix)) };
}

// -------------------------------------------------------------- runtimes ---

/** The user's cache folder ($XDG_CACHE_HOME, default ~/.cache): Floe's code cache and the runtimes installed here live under it. */
function cacheBase() {
  return process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
}

/** The runtimes --node measures by default: the Node running the script, and the Active LTS line. */
export const DEFAULT_NODES = ['system', String(CURRENT_LTS)];

/** The value of --node: comma-separated runtime specs (see resolveRuntimes). */
export function parseNodeList(value) {
  const specs = value.split(',').filter(Boolean);
  if (!specs.length) throw new Error('--node: expected at least one runtime');
  return specs;
}

/**
 * The Node binaries Floe is measured with, from --node: [{ spec, node,
 * version, suffix }]. `suffix` is added to Floe's tool names; the first
 * runtime has none, so a one-runtime run names its rows as before.
 */
export function resolveRuntimes(specs) {
  const found = [];
  for (const spec of specs) {
    const { node, version } = /^\d+$/.test(spec) ? installedRuntime(spec) : runtimeAt(spec === 'system' ? process.execPath : resolve(spec), spec);
    if (!found.some((r) => r.version === version)) found.push({ spec, node, version });
  }
  return found.map((r, i) => ({ ...r, suffix: i === 0 ? '' : ` (Node ${r.version.slice(1)})` }));
}

/** Node `major` from npm, installed once under the user's cache folder by tools/node-runtime.mjs (as .ci/run does). */
function installedRuntime(major) {
  try {
    const { bin, version } = installNode(major);
    return { node: bin, version };
  } catch (e) {
    throw new Error(`--node ${major}: ${e.message}`);
  }
}

/** The node binary at `node` with its version, checked by running it. */
function runtimeAt(node, spec) {
  const v = sh(node, ['--version']);
  if (v.code !== 0 || !/^v\d+\./.test(v.out.trim())) throw new Error(`--node ${spec}: \`${node} --version\` failed (exit ${v.code})`);
  return { node, version: v.out.trim() };
}
