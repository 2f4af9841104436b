#!/usr/bin/env node
// Benchmark runner: Floe vs dbt-core on generated dbt-format projects, in the
// same run, on the same machine. See docs/benchmarks.md for what each figure
// means. Usage (from the repo root):
//
//   npm run bench                                  # default set, 3 repetitions
//   npm run bench -- --sizes 1000 --smoke          # quick check of the harness
//   npm run bench -- --sizes 1000 --smoke --no-dbt # Floe only
//   npm run bench -- --write                       # also update docs/benchmarks.md
//
// Every measured command runs under `/usr/bin/time -v`; wall time is taken in
// this process around the spawn, peak memory is time's "Maximum resident set
// size" (the largest single process of the command's tree).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, openSync, closeSync, realpathSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_NODES, DEFAULT_WORK, FLOE_BIN, REPO, floeFiles, median, parseNodeList, resolveRuntimes, sh, TIME_BIN, timedRun, walkOptions, warmPageCache } from './common.mjs';
import { generateProject } from './generate.mjs';
import { poolResults } from './pool-results.mjs';

const BENCH_DIR = join(REPO, 'bench');
const DOC = join(REPO, 'docs/benchmarks.md');
const REQS = 'tools/python/requirements-dbt.txt';
const BENCHES = ['compile', 'run', 'recompile', 'overhead'];

// ------------------------------------------------------------- options ---

function usage() {
  return `usage: npm run bench -- [options]
  --sizes 1000,5000,10000  model counts for the cold-compile figure (default 1000,5000,10000)
  --reps N                 repetitions per measurement, median reported (default 3)
  --only LIST              subset of ${BENCHES.join(',')} (default all)
  --run-size N             view models for the run figure (default 1000)
  --recompile-size N       models for the warm-recompile figure (default: largest size)
  --rows N                 rows of the data-heavy project's base tables (default 5000000)
  --smoke                  1 repetition, run figure at 100 views, 100000 rows: checks the harness only;
                           fails when Floe (or dbt, unless --no-dbt) is not available
  --node LIST              Node runtimes to run Floe with, each measured in the same run (default ${DEFAULT_NODES.join(',')}):
                           \`system\` (the Node running this script), a major version (installed from npm's
                           \`node-<platform>-<arch>\` package into ~/.cache/floe/node<major> on first use) or a path to a node binary
  --no-dbt                 skip dbt-core; --no-floe skips Floe
  --no-warm                do not read each tool's installation and the project into the page cache
                           before every timed command (on by default, off with --smoke; see docs/benchmarks.md)
  --work DIR               where projects are generated (default ${DEFAULT_WORK})
  --write                  write the results into docs/benchmarks.md
  --json FILE              also write the raw results as JSON
  --from-json A.json,B.json  measure nothing: build the report from earlier --json files
                           (e.g. a Floe-only and a dbt-only run), then print or --write it; a figure
                           in several files has the median of all their repetitions`;
}

function parseArgs(argv) {
  const o = {
    sizes: [1000, 5000, 10000],
    reps: 3,
    only: [...BENCHES],
    runSize: 1000,
    recompileSize: null,
    rows: 5_000_000,
    warm: true,
    node: DEFAULT_NODES,
    smoke: false,
    dbt: true,
    floe: true,
    work: DEFAULT_WORK,
    write: false,
    json: null,
  };
  const set = new Set();
  walkOptions(argv, (a, { value, int, ints }) => {
    set.add(a);
    if (a === '--sizes') o.sizes = ints(1);
    else if (a === '--reps') o.reps = int(1);
    else if (a === '--only') {
      o.only = value().split(',');
      for (const b of o.only) if (!BENCHES.includes(b)) throw new Error(`--only: unknown figure ${b}`);
    } else if (a === '--run-size') o.runSize = int(1);
    else if (a === '--recompile-size') o.recompileSize = int(1);
    else if (a === '--rows') o.rows = int(1);
    else if (a === '--no-warm') o.warm = false;
    else if (a === '--node') o.node = parseNodeList(value());
    else if (a === '--smoke') o.smoke = true;
    else if (a === '--no-dbt') o.dbt = false;
    else if (a === '--no-floe') o.floe = false;
    else if (a === '--work') o.work = resolve(value());
    else if (a === '--write') o.write = true;
    else if (a === '--json') o.json = resolve(value());
    else if (a === '--from-json') o.fromJson = value().split(',').map((f) => resolve(f));
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown argument ${a}`);
  });
  if (o.smoke) {
    if (!set.has('--reps')) o.reps = 1;
    if (!set.has('--run-size')) o.runSize = 100;
    if (!set.has('--rows')) o.rows = 100_000;
    o.warm = false;
  }
  o.recompileSize ??= Math.max(...o.sizes);
  return o;
}

// ------------------------------------------------------------ processes ---

let haveTime = false;
let logDir = null;
let logSeq = 0;

/**
 * Runs one command, timed. Output goes to a log file (not the terminal, so
 * terminal speed is not measured). Returns { ms, rssMB, code, log }.
 */
function timed(cmd, args, { cwd, env }) {
  const log = join(logDir, `${String(++logSeq).padStart(3, '0')}-${args.slice(0, 3).join('_').replace(/[^\w.-]+/g, '_').slice(-60)}.log`);
  const fd = openSync(log, 'w');
  const { ms, cpuMs, rssMB, r } = timedRun(cmd, args, { cwd, env, stdio: ['ignore', fd, fd], timeFile: haveTime ? `${log}.time` : undefined });
  closeSync(fd);
  return { ms, rssMB, cpuMs, code: r.status ?? 1, log };
}

function tail(file, n = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

// ----------------------------------------------------------------- tools ---

/** Floe CLI: present once apps/floe-cli is built and its --help lists commands. */
function detectFloe(workDir) {
  if (!existsSync(FLOE_BIN)) return { ok: false, why: `${FLOE_BIN} does not exist` };
  const r = sh(process.execPath, [FLOE_BIN, '--help'], { cwd: REPO });
  const commands = new Set();
  for (const c of ['compile', 'seed', 'run', 'build', 'validate']) {
    if (new RegExp(`^\\s+${c}\\b`, 'm').test(r.out)) commands.add(c);
  }
  if (r.code !== 0 || !commands.has('compile')) {
    const first = r.out.trim().split('\n').slice(0, 3).join(' | ');
    return {
      ok: false,
      why: `\`node apps/floe-cli/bin/floe.js --help\` exited ${r.code} without a compile command (${first || 'no output'}); build it with \`npm run build\` or merge main`,
    };
  }
  // Probe: compile a tiny generated project, so a CLI that is present but not
  // yet able to compile (missing plugins, unsupported syntax) is reported once
  // instead of failing every measurement.
  const probeDir = join(workDir, 'probe');
  generateProject({ out: probeDir, models: 20 });
  const p = sh(process.execPath, [FLOE_BIN, 'compile', '--project-dir', probeDir], { cwd: probeDir });
  if (p.code !== 0) {
    const msg = p.out.trim().split('\n').slice(0, 4).join(' | ');
    return { ok: false, why: `\`floe compile\` of a 20-model generated project exited ${p.code}: ${msg}` };
  }
  const watch = /--watch\b/.test(sh(process.execPath, [FLOE_BIN, 'compile', '--help'], { cwd: REPO }).out);
  return { ok: true, commands, help: r.out, watch };
}

function detectDbt() {
  const r = sh('bash', [join(REPO, 'tools/python/ensure-venv.sh'), 'dbt', REQS], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.code !== 0) return { ok: false, why: `ensure-venv.sh failed (exit ${r.code})` };
  const venv = r.out.trim().split('\n').pop();
  const dbt = join(venv, 'bin/dbt');
  if (!existsSync(dbt)) return { ok: false, why: `${dbt} missing` };
  const v = sh(dbt, ['--version'], { env: dbtEnv() });
  const core = /installed:\s*([\d.]+)/.exec(v.out)?.[1] ?? '?';
  const duck = /duckdb:\s*([\d.]+)/.exec(v.out)?.[1] ?? '?';
  const py = sh(join(venv, 'bin/python'), ['-c', 'import duckdb,sys;print(duckdb.__version__)']).out.trim();
  return { ok: true, venv, dbt, version: `dbt-core ${core}, dbt-duckdb ${duck}, duckdb ${py}` };
}

function dbtEnv() {
  return {
    ...process.env,
    DO_NOT_TRACK: '1',
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_USE_COLORS: 'false',
  };
}

function clean(dir, { db = true } = {}) {
  for (const p of ['target', 'logs', '.floe', 'dbt_packages']) rmSync(join(dir, p), { recursive: true, force: true });
  if (db) for (const p of ['bench.duckdb', 'bench.duckdb.wal']) rmSync(join(dir, p), { force: true });
}

// ------------------------------------------------------------ benchmark ---

class Bench {
  constructor(opts, floe, dbt, runtimes) {
    this.o = opts;
    this.floe = floe;
    this.dbt = dbt;
    this.runtimes = runtimes;
    this.results = []; // { figure, size, tool, ms[], cpuMs[], rssMB[], failed }
    this.failures = 0;
  }

  /** What a dbt command loads: the venv, and the interpreter and standard library it links to. */
  dbtFiles() {
    if (!this.dbt.ok) return [];
    const python = realpathSync(join(this.dbt.venv, 'bin/python'));
    return [this.dbt.venv, python, join(dirname(python), '..', 'lib', basename(python))];
  }

  record(figure, size, tool, m) {
    let row = this.results.find((r) => r.figure === figure && r.size === size && r.tool === tool);
    if (!row) {
      row = { figure, size, tool, ms: [], cpuMs: [], rssMB: [], failed: false };
      this.results.push(row);
    }
    if (m.code !== 0) {
      row.failed = true;
      this.failures++;
      console.error(`  ✗ ${tool} exited ${m.code}; log ${m.log}:\n${tail(m.log)}`);
      return false;
    }
    row.ms.push(m.ms);
    if (m.rssMB != null) row.rssMB.push(m.rssMB);
    if (m.cpuMs != null) row.cpuMs.push(m.cpuMs);
    const cpu = m.cpuMs != null ? `  cpu ${(m.cpuMs / 1000).toFixed(3).padStart(8)} s` : '';
    const mem = m.rssMB != null ? `  ${m.rssMB.toFixed(0).padStart(6)} MB` : '';
    console.log(`  ${tool.padEnd(50)} ${(m.ms / 1000).toFixed(3).padStart(9)} s${cpu}${mem}  [load ${loadavg()[0].toFixed(1)}]`);
    return true;
  }

  /** `floe <command>` on runtime `rt` (the first runtime when not given). */
  floeCmd(dir, command, rt = this.runtimes[0]) {
    return { cmd: rt.node, args: [FLOE_BIN, ...command.split(' '), '--project-dir', dir] };
  }
  dbtCmd(dir, command) {
    return { cmd: this.dbt.dbt, args: [...command.split(' '), '--project-dir', dir, '--profiles-dir', dir] };
  }
  /** Untimed setup step (seeding); a failure is fatal for that tool's figure. */
  setup(tool, c, dir, env) {
    const r = timed(c.cmd, c.args, { cwd: dir, env });
    if (r.code !== 0) {
      console.error(`  ✗ setup for ${tool} failed (exit ${r.code}); log ${r.log}:\n${tail(r.log)}`);
      this.failures++;
      return false;
    }
    return true;
  }
  measure(figure, size, tool, c, dir, env) {
    if (this.o.warm) warmPageCache([dir, ...(tool.startsWith('dbt') ? this.dbtFiles() : floeFiles(c.cmd))]);
    return this.record(figure, size, tool, timed(c.cmd, c.args, { cwd: dir, env }));
  }

  gen(name, opts) {
    const dir = join(this.o.work, name);
    const t0 = Date.now();
    const meta = generateProject({ out: dir, ...opts });
    console.log(`generated ${dir}: ${meta.models} models, ${meta.files} files (${Date.now() - t0} ms)`);
    return { dir, meta };
  }

  compile() {
    for (const size of this.o.sizes) {
      console.log(`\n== cold compile, ${size} models`);
      const { dir } = this.gen(`dbt-${size}`, { models: size });
      for (let rep = 0; rep < this.o.reps; rep++) {
        if (this.floe.ok) {
          for (const rt of this.runtimes) {
            clean(dir);
            this.measure('compile', size, `floe compile${rt.suffix}`, this.floeCmd(dir, 'compile', rt), dir, process.env);
          }
        }
        if (this.dbt.ok) {
          clean(dir);
          this.measure('compile', size, 'dbt parse --no-partial-parse', this.dbtCmd(dir, 'parse --no-partial-parse'), dir, dbtEnv());
          clean(dir);
          this.measure('compile', size, 'dbt compile', this.dbtCmd(dir, 'compile'), dir, dbtEnv());
        }
      }
    }
  }

  run() {
    const size = this.o.runSize;
    console.log(`\n== run, ${size} view models (seeds loaded first, untimed)`);
    const { dir } = this.gen(`views-${size}`, { models: size, viewsOnly: true });
    const floeRuns = this.floe.ok && this.floe.commands.has('run') && this.floe.commands.has('seed');
    if (this.floe.ok && !floeRuns) console.log('  (Floe CLI has no seed/run command yet: Floe side skipped)');
    for (let rep = 0; rep < this.o.reps; rep++) {
      if (floeRuns) {
        for (const rt of this.runtimes) {
          clean(dir);
          if (this.setup('floe seed', this.floeCmd(dir, 'seed', rt), dir, process.env)) {
            this.measure('run', size, `floe run${rt.suffix}`, this.floeCmd(dir, 'run', rt), dir, process.env);
          }
        }
      }
      if (this.dbt.ok) {
        clean(dir);
        if (this.setup('dbt seed', this.dbtCmd(dir, 'seed'), dir, dbtEnv())) {
          this.measure('run', size, 'dbt run', this.dbtCmd(dir, 'run'), dir, dbtEnv());
        }
      }
    }
  }

  recompile() {
    const size = this.o.recompileSize;
    console.log(`\n== warm recompile after a one-model edit, ${size} models`);
    const { dir, meta } = this.gen(`recompile-${size}`, { models: size });
    const touch = join(dir, meta.touchFile);
    const original = readFileSync(touch, 'utf8');
    let edit = 0;
    const editModel = () => {
      // A real content change (not just mtime): a new trailing comment.
      writeFileSync(touch, `${original}-- edit ${++edit}\n`);
    };
    for (const rt of this.floe.ok ? this.runtimes : []) {
      clean(dir);
      writeFileSync(touch, original);
      if (this.setup('floe compile (warm-up)', this.floeCmd(dir, 'compile', rt), dir, process.env)) {
        for (let rep = 0; rep < this.o.reps; rep++) {
          editModel();
          this.measure('recompile', size, `floe compile (after edit)${rt.suffix}`, this.floeCmd(dir, 'compile', rt), dir, process.env);
        }
      }
      writeFileSync(touch, original);
      if (this.floe.watch) this.watchRecompile(size, dir, touch, rt);
      else console.log('  (Floe CLI has no compile --watch: watch figure skipped)');
    }
    if (this.dbt.ok) {
      clean(dir);
      writeFileSync(touch, original);
      if (this.setup('dbt parse (warm-up)', this.dbtCmd(dir, 'parse'), dir, dbtEnv())) {
        for (let rep = 0; rep < this.o.reps; rep++) {
          editModel();
          this.measure('recompile', size, 'dbt parse (partial, after edit)', this.dbtCmd(dir, 'parse'), dir, dbtEnv());
        }
      }
    }
    writeFileSync(touch, original);
  }

  /**
   * `floe compile --watch`: one long-running watcher, REPS one-model edits
   * (bench/watch-recompile.mjs). Wall = from the file write to the watcher's
   * report (target/ files written); CPU = the watcher's own CPU for that
   * recompile; peak RSS = the watcher's high-water mark.
   */
  watchRecompile(size, dir, touch, rt) {
    const tool = `floe compile --watch (after edit)${rt.suffix}`;
    const log = join(logDir, `${String(++logSeq).padStart(3, '0')}-watch-recompile.log`);
    // The script starts the watcher with the Node that runs it.
    const r = sh(rt.node, [join(BENCH_DIR, 'watch-recompile.mjs'), FLOE_BIN, dir, touch, String(this.o.reps)], { cwd: dir });
    writeFileSync(log, r.out);
    let doc = null;
    try {
      doc = JSON.parse(r.out.trim().split('\n').pop());
    } catch {
      doc = null;
    }
    if (r.code !== 0 || !doc) return this.record('recompile', size, tool, { code: r.code || 1, log });
    for (const rep of doc.reps) {
      if (!rep.incremental) console.log('  (note: a watch recompile fell back to a full compile)');
      this.record('recompile', size, tool, { ms: rep.wallMs, cpuMs: rep.cpuMs, rssMB: doc.peakRssMB, code: 0, log });
    }
    return true;
  }

  overhead() {
    console.log(`\n== overhead on a data-heavy project (${this.o.rows} rows), vs its SQL run directly on DuckDB`);
    const { dir } = this.gen(`heavy-${this.o.rows}`, { dataHeavy: true, rows: this.o.rows });
    const direct = { cmd: process.execPath, args: [join(BENCH_DIR, 'direct-duckdb.mjs'), dir] };
    const floeRuns = this.floe.ok && this.floe.commands.has('run');
    for (let rep = 0; rep < this.o.reps; rep++) {
      clean(dir);
      this.measure('overhead', this.o.rows, 'direct DuckDB (node-api)', direct, dir, process.env);
      for (const rt of floeRuns ? this.runtimes : []) {
        clean(dir);
        this.measure('overhead', this.o.rows, `floe run${rt.suffix}`, this.floeCmd(dir, 'run', rt), dir, process.env);
      }
      if (this.dbt.ok) {
        clean(dir);
        this.measure('overhead', this.o.rows, 'dbt run', this.dbtCmd(dir, 'run'), dir, dbtEnv());
      }
    }
  }
}

// -------------------------------------------------------------- report ---

const fmtS = (ms) => (ms == null ? '–' : ms < 10_000 ? `${(ms / 1000).toFixed(3)} s` : `${(ms / 1000).toFixed(1)} s`);
const fmtMB = (mb) => (mb == null ? '–' : `${mb.toFixed(0)} MB`);
/** A ratio; with `goal`, one decimal where a whole number would round a miss up onto the goal (49.6× is not "50×"). */
function fmtX(x, goal) {
  if (x == null || !Number.isFinite(x)) return '–';
  const roundsOntoGoal = goal != null && x < goal && Math.round(x) >= goal;
  return x >= 10 && !roundsOntoGoal ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`;
}

function summarize(results) {
  return results.map((r) => ({
    ...r,
    medianMs: r.ms.length ? median(r.ms) : null,
    medianRssMB: r.rssMB.length ? median(r.rssMB) : null,
    medianCpuMs: r.cpuMs.length ? median(r.cpuMs) : null,
  }));
}

function find(rows, figure, size, tool) {
  return rows.find((r) => r.figure === figure && (size == null || r.size === size) && r.tool === tool && r.medianMs != null);
}

function measurementTable(rows) {
  const out = [
    '| Figure | Size | Command | Median wall | Median CPU (user+sys) | Peak RSS | Runs |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  const names = { compile: 'cold compile', run: 'run (views)', recompile: 'warm recompile', overhead: 'data-heavy run' };
  for (const r of rows) {
    const size = r.figure === 'overhead' ? `${r.size.toLocaleString('en-US')} rows` : `${r.size.toLocaleString('en-US')} models`;
    out.push(
      `| ${names[r.figure]} | ${size} | \`${r.tool}\` | ${r.failed && r.medianMs == null ? 'failed' : fmtS(r.medianMs)} | ${fmtS(r.medianCpuMs)} | ${fmtMB(r.medianRssMB)} | ${r.ms.length}${r.failed ? ' (+failed)' : ''} |`,
    );
  }
  return out.join('\n');
}

function goalsTable(rows, o, runtimes) {
  const out = ['| Goal | Target | Measured | Met |', '| --- | --- | --- | --- |'];
  const verdict = (ok) => (ok == null ? 'not measured' : ok ? 'yes' : '**no**');
  const big = Math.max(...o.sizes);
  // One line per goal and Floe runtime; the runtime is named when there is more than one.
  const on = (rt) => (runtimes.length > 1 ? `, Node ${rt.version.slice(1)}` : '');
  for (const rt of runtimes) {
    const f = find(rows, 'compile', 10000, `floe compile${rt.suffix}`) ?? find(rows, 'compile', big, `floe compile${rt.suffix}`);
    const label = f ? `${f.size.toLocaleString('en-US')} models` : '10,000 models';
    const ok = f ? f.medianMs <= 1000 && (f.medianRssMB ?? 0) <= 500 : null;
    out.push(`| cold \`floe compile\`, ${label}${on(rt)} | ≤ 1.0 s, ≤ 500 MB | ${f ? `${fmtS(f.medianMs)}, ${fmtMB(f.medianRssMB)}` : '–'} | ${f && f.size !== 10000 ? 'n/a (not 10k)' : verdict(ok)} |`);
  }
  for (const size of o.sizes) {
    const p = find(rows, 'compile', size, 'dbt parse --no-partial-parse');
    const c = find(rows, 'compile', size, 'dbt compile');
    if (size !== 5000 && !p && !c) continue; // a Floe-only size: nothing to compare
    for (const rt of runtimes) {
      const f = find(rows, 'compile', size, `floe compile${rt.suffix}`);
      const x = f && p ? p.medianMs / f.medianMs : null;
      const xc = f && c ? c.medianMs / f.medianMs : null;
      const cpuX = (d) => (f && d && f.medianCpuMs && d.medianCpuMs ? d.medianCpuMs / f.medianCpuMs : null);
      const target = size === 5000 ? '≥ 50×' : '(context)';
      out.push(`| speed-up vs \`dbt parse --no-partial-parse\`, ${size.toLocaleString('en-US')} models${on(rt)} | ${target} | wall ${fmtX(x, 50)}, CPU ${fmtX(cpuX(p))} (vs \`dbt compile\`: wall ${fmtX(xc)}, CPU ${fmtX(cpuX(c))}) | ${size === 5000 ? verdict(x == null ? null : x >= 50) : '–'} |`);
    }
  }
  for (const rt of runtimes) {
    const f = find(rows, 'run', null, `floe run${rt.suffix}`);
    const d = find(rows, 'run', null, 'dbt run');
    const x = f && d ? d.medianMs / f.medianMs : null;
    out.push(`| \`floe run\` vs \`dbt run\`, ${o.runSize.toLocaleString('en-US')} views${on(rt)} | ≥ 10× | ${fmtX(x, 10)} | ${o.runSize === 1000 ? verdict(x == null ? null : x >= 10) : 'n/a (not 1k)'} |`);
  }
  for (const rt of runtimes) {
    // The watcher is Floe's recompile path; a plain `floe compile` (no cache) is the fallback figure.
    const f = find(rows, 'recompile', o.recompileSize, `floe compile --watch (after edit)${rt.suffix}`) ?? find(rows, 'recompile', o.recompileSize, `floe compile (after edit)${rt.suffix}`);
    const d = find(rows, 'recompile', o.recompileSize, 'dbt parse (partial, after edit)');
    const cpu = f?.medianCpuMs != null ? `, CPU ${fmtS(f.medianCpuMs)}` : '';
    const cpuX = f?.medianCpuMs && d?.medianCpuMs ? `, CPU ${fmtX(d.medianCpuMs / f.medianCpuMs)}` : '';
    const extra = `${cpu} (${f ? f.tool.replace(' (after edit)', '').replace(rt.suffix, '') : '–'})${d ? `; dbt partial parse: ${fmtS(d.medianMs)}${f ? `, wall ${fmtX(d.medianMs / f.medianMs)}${cpuX}` : ''}` : ''}`;
    out.push(`| recompile after a one-model edit, ${o.recompileSize.toLocaleString('en-US')} models${on(rt)} | ≤ 150 ms | ${f ? fmtS(f.medianMs) : '–'}${extra} | ${o.recompileSize === 10000 ? verdict(f ? f.medianMs <= 150 : null) : 'n/a (not 10k)'} |`);
  }
  for (const rt of runtimes) {
    const base = find(rows, 'overhead', null, 'direct DuckDB (node-api)');
    const f = find(rows, 'overhead', null, `floe run${rt.suffix}`);
    const d = find(rows, 'overhead', null, 'dbt run');
    const pct = (r, k = 'medianMs') => (r && base && r[k] != null && base[k] ? `${(((r[k] - base[k]) / base[k]) * 100).toFixed(1)} %` : '–');
    out.push(`| overhead vs direct DuckDB, data-heavy (${o.rows.toLocaleString('en-US')} rows)${on(rt)} | ≤ 5 % | Floe wall ${pct(f)}, CPU ${pct(f, 'medianCpuMs')} (dbt wall ${pct(d)}, CPU ${pct(d, 'medianCpuMs')}) | ${verdict(f && base ? (f.medianMs - base.medianMs) / base.medianMs <= 0.05 : null)} |`);
  }
  return out.join('\n');
}

function machineFacts(dbt) {
  const first = (cmd, args) => sh(cmd, args).out.trim().split('\n')[0] ?? '';
  const cpu = cpus()[0]?.model ?? '?';
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: first('nproc', []),
    cpu,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free`,
    load: `load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the end`,
    free: sh('free', ['-m']).out.trim(),
    kernel: first('uname', ['-sr']),
    node: process.version,
    python: first('python3', ['-V']),
    dbt: dbt.ok ? dbt.version : `not used (${dbt.why})`,
    floeCommit: first('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']),
  };
}

/** Which Node ran Floe: one runtime, or each (the first one's rows carry no Node label). */
function runtimesText(runtimes, facts) {
  if (runtimes.length <= 1) return `Node ${runtimes[0]?.version ?? facts.node}`;
  return `Floe on ${runtimes.map((r, i) => `Node ${r.version}${i === 0 ? ' (rows without a Node label)' : ''}`).join(' and on ')}`;
}

function report(bench, facts, command) {
  const rows = summarize(bench.results);
  const o = bench.o;
  const notes = [];
  if (!bench.floe.ok) notes.push(`Floe not measured: ${bench.floe.why}.`);
  if (!bench.dbt.ok) notes.push(`dbt not measured: ${bench.dbt.why}.`);
  if (!haveTime) notes.push('`/usr/bin/time` missing (apt-get install -y time): no peak memory figures.');
  if (o.smoke) notes.push('Smoke run: sizes and repetitions too small to judge speed.');
  const load5 = loadavg()[1];
  if (load5 > Number(facts.nproc || cpus().length)) {
    notes.push(
      `The machine was busy (5-minute load average ${load5.toFixed(1)} on ${facts.nproc} cores): wall times are inflated; the CPU column is the steadier figure.`,
    );
  }
  return [
    `Measured ${facts.date} on ${facts.nproc} cores (${facts.cpu}), ${facts.memory}; ${facts.kernel}; ${facts.load}.`,
    `${runtimesText(bench.runtimes, facts)}, ${facts.python}, ${facts.dbt}; Floe at commit \`${facts.floeCommit}\`.`,
    `Command: \`${command}\` (${o.repsText ?? `${o.reps} repetition${o.reps > 1 ? 's' : ''} each`}, median reported).`,
    ...notes.map((n) => `\n> ${n}`),
    '',
    '### Goals',
    '',
    goalsTable(rows, o, bench.runtimes),
    '',
    '### All measurements',
    '',
    measurementTable(rows),
    '',
    '<details><summary><code>free -m</code> at start</summary>',
    '',
    '```',
    facts.free,
    '```',
    '',
    '</details>',
  ].join('\n');
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

function writeDoc(text) {
  const doc = readFileSync(DOC, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${DOC} lacks the ${START} … ${END} markers`);
  writeFileSync(DOC, `${doc.slice(0, a + START.length)}\n${text}\n${doc.slice(b)}`);
  console.log(`\nwrote results into ${DOC}`);
}

/** Rebuilds a report from earlier --json files (runs are listed, not hidden; repeated figures pooled). */
function fromJson(o, command) {
  const runs = o.fromJson.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const results = poolResults(runs.flatMap((r) => r.results));
  const pick = (fig, key) => results.find((r) => r.figure === fig)?.size ?? key;
  const opts = {
    ...runs[0].options,
    sizes: [...new Set(results.filter((r) => r.figure === 'compile').map((r) => r.size))].sort((a, b) => a - b),
    reps: Math.max(...runs.map((r) => r.options.reps)),
    repsText: [...new Set(runs.map((r) => r.options.reps))].length === 1 ? undefined : 'repetitions as each run above says',
    runSize: pick('run', runs[0].options.runSize),
    recompileSize: pick('recompile', runs[0].options.recompileSize),
    rows: pick('overhead', runs[0].options.rows),
    smoke: runs.some((r) => r.options.smoke),
  };
  if (!opts.sizes.length) opts.sizes = runs[0].options.sizes;
  // Runs made before --node existed measured Floe on the Node that ran them, with unlabelled rows.
  const runtimes = [];
  for (const r of runs) {
    for (const rt of r.runtimes ?? [{ suffix: '', version: r.facts.node }]) if (!runtimes.some((x) => x.suffix === rt.suffix)) runtimes.push(rt);
  }
  runtimes.sort((a, b) => (a.suffix ? 1 : 0) - (b.suffix ? 1 : 0));
  const bench = {
    o: opts,
    runtimes,
    results,
    floe: results.some((r) => r.tool.startsWith('floe')) ? { ok: true } : { ok: false, why: 'not in these runs' },
    dbt: results.some((r) => r.tool.startsWith('dbt')) ? { ok: true } : { ok: false, why: 'not in these runs' },
  };
  haveTime = true;
  const facts = { ...runs[0].facts, dbt: runs.find((r) => !/^not used/.test(r.facts.dbt))?.facts.dbt ?? runs[0].facts.dbt };
  const lines = runs.map(
    (r) => `- \`${r.command}\` at ${r.facts.date}, Floe \`${r.facts.floeCommit}\`, ${r.facts.load ?? ''}`,
  );
  const text = [
    `Merged from ${runs.length} runs (figures of one tool may come from a different run than the other's; a figure measured in several runs has the median of all their repetitions):`,
    '',
    ...lines,
    '',
    report(bench, facts, command),
  ].join('\n');
  console.log(text);
  if (o.write) writeDoc(text);
  return 0;
}

// ----------------------------------------------------------------- main ---

function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${e.message}\n${usage()}`);
    return 2;
  }
  if (o.help) {
    console.log(usage());
    return 0;
  }
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  if (o.fromJson) return fromJson(o, command);
  haveTime = existsSync(TIME_BIN);
  if (!haveTime) console.warn(`bench: ${TIME_BIN} not found (apt-get install -y time): peak memory will not be measured`);
  mkdirSync(o.work, { recursive: true });
  logDir = join(o.work, 'logs', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(logDir, { recursive: true });

  const floe = o.floe ? detectFloe(o.work) : { ok: false, why: 'skipped (--no-floe)' };
  if (!floe.ok) console.log(`bench: Floe CLI not available: ${floe.why}`);
  if (o.dbt) console.log('bench: preparing the dbt venv (first time takes a minute or two) …');
  const dbt = o.dbt ? detectDbt() : { ok: false, why: 'skipped (--no-dbt)' };
  if (!dbt.ok) console.log(`bench: dbt not available: ${dbt.why}`);
  else console.log(`bench: ${dbt.version} from ${dbt.venv}`);
  console.log(`bench: projects in ${o.work}, logs in ${logDir}`);

  let runtimes;
  try {
    runtimes = resolveRuntimes(o.node);
  } catch (e) {
    console.error(`bench: ${e.message}`);
    return 1;
  }
  console.log(`bench: Floe runs on ${runtimes.map((r) => `Node ${r.version} (${r.node})`).join(', ')}`);
  const bench = new Bench(o, floe, dbt, runtimes);
  // A smoke run (CI) exists to keep the harness working: a tool that was asked for and is missing fails it.
  if (o.smoke && o.floe && !floe.ok) bench.failures++;
  if (o.smoke && o.dbt && !dbt.ok) bench.failures++;
  for (const figure of BENCHES) if (o.only.includes(figure)) bench[figure]();

  const facts = machineFacts(dbt);
  const text = report(bench, facts, command);
  console.log(`\n${text}`);
  if (o.json) {
    writeFileSync(o.json, JSON.stringify({ facts, command, options: o, runtimes, results: summarize(bench.results) }, null, 2) + '\n');
    console.log(`wrote ${o.json}`);
  }
  if (o.write) writeDoc(text);
  if (bench.failures) {
    console.error(`\nbench: ${bench.failures} command(s) failed; see the logs above`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
