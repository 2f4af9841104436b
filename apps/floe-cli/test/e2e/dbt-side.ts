import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');
const REQUIREMENTS = join(ROOT, 'tools/python/requirements-dbt.txt');

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command with a hard time limit (SIGKILL when it passes); never rejects on a non-zero exit. */
export function runProcess(cmd: string, args: string[], options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ProcessResult> {
  return new Promise((done, fail) => {
    const t0 = Date.now();
    const p = spawn(cmd, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), options.timeoutMs);
    p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - t0;
      if (signal === 'SIGKILL') stderr += `\n[killed after ${options.timeoutMs} ms]`;
      done({ code, stdout, stderr, ms });
    });
  });
}

/**
 * The dbt-core + dbt-duckdb virtualenv (pinned in tools/python/requirements-dbt.txt),
 * created once under ~/.cache/floe/venvs by the project's own script.
 */
export async function ensureDbtVenv(timeoutMs = 15 * 60_000): Promise<string> {
  const r = await runProcess('bash', [join(ROOT, 'tools/python/ensure-venv.sh'), 'dbt', REQUIREMENTS], { cwd: ROOT, timeoutMs });
  if (r.code !== 0) throw new Error(`ensure-venv.sh failed (${r.code}): ${r.stderr.slice(-3000)}`);
  const dir = r.stdout.trim().split('\n').pop() as string;
  if (!existsSync(join(dir, 'bin', 'dbt'))) throw new Error(`no dbt executable in ${dir}`);
  return dir;
}

/** `dbt <args>` in the project folder, with its own profiles.yml and no telemetry. */
export function runDbt(venv: string, projectDir: string, args: string[], timeoutMs = 5 * 60_000): Promise<ProcessResult> {
  return runProcess(join(venv, 'bin', 'dbt'), [...args, '--project-dir', projectDir, '--profiles-dir', projectDir], {
    cwd: projectDir,
    timeoutMs,
    env: { DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', DO_NOT_TRACK: '1', DBT_USE_COLORS: 'false', NO_COLOR: '1' },
  });
}

const SKIP = new Set(['target', 'logs', 'dbt_packages', '.git', '.venv', 'venv', '__pycache__', '.user.yml']);

/** Copies a dbt project without build outputs and database files. */
export function copyProject(from: string, to: string): string {
  cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const name = basename(src);
      return !SKIP.has(name) && !/\.duckdb(\.wal)?$/.test(name);
    },
  });
  return to;
}

/** The one DuckDB file a build left in the project folder (profiles.yml paths are project-relative here). */
export function findDatabase(projectDir: string): string {
  for (const dir of [projectDir, join(projectDir, 'target')]) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir).filter((f) => f.endsWith('.duckdb'));
    if (files.length === 1) return join(dir, files[0]!);
    if (files.length > 1) throw new Error(`more than one DuckDB file in ${dir}: ${files.join(', ')}`);
  }
  throw new Error(`no DuckDB file in ${projectDir}`);
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * A run_results.json (dbt's or Floe's, same shape) as `<resource type>.<name>` → status.
 * Names, not unique ids: the ids' hash suffixes are tool-specific.
 */
export function statusByName(projectDir: string): Record<string, string> {
  const doc = readJson(join(projectDir, 'target', 'run_results.json')) as { results: { unique_id: string; status: string }[] };
  const out: Record<string, string> = {};
  for (const r of doc.results) {
    const [type, , name] = r.unique_id.split('.');
    out[`${type}.${name}`] = r.status;
  }
  return out;
}

export function countStatuses(byName: Record<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of Object.values(byName)) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}
