import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const PACKAGE_ROOT = resolve(__dirname, '../..');

/** The cached Dagster venv (created on first use by tools/python/ensure-venv.sh). */
export function ensureDagsterVenv(): string {
  const r = spawnSync('bash', ['tools/python/ensure-venv.sh', 'dagster', 'tools/python/requirements-dagster.txt'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 540_000,
  });
  if (r.status !== 0) throw new Error(`ensure-venv failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Like run, but does not block the event loop (needed when the child talks to a server in this process). */
export function runAsync(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ status, stdout, stderr });
      },
    );
  });
}

/**
 * Bundles the floe CLI from source (apps/floe-cli) into one file; npm packages
 * stay external and resolve through NODE_PATH (see cliEnv).
 */
export async function bundleFloeCli(outfile: string): Promise<string> {
  const entry = join(REPO_ROOT, 'apps', 'floe-cli', 'src', 'index.ts');
  const shim = outfile.replace(/\.cjs$/, '.entry.ts');
  writeFileSync(
    shim,
    `import { main } from ${JSON.stringify(entry.replace(/\.ts$/, ''))};\n` +
      `main(process.argv).then((code) => { process.exitCode = code; }, (err) => { console.error(err); process.exitCode = 70; });\n`,
  );
  await build({
    entryPoints: [shim],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Lazily loaded SDKs (kafkajs, @duckdb/node-api) must become require() so NODE_PATH finds them;
    // an import() in CJS goes through the ESM resolver, which ignores NODE_PATH.
    supported: { 'dynamic-import': false },
    tsconfig: join(REPO_ROOT, 'apps', 'floe-cli', 'tsconfig.json'),
    logLevel: 'error',
    plugins: [
      {
        name: 'npm-external',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@floe/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  return outfile;
}

/** NODE_PATH for a bundled CLI: the CLI's own node_modules first, then the workspace's. */
export function cliEnv(): NodeJS.ProcessEnv {
  return { NODE_PATH: [join(REPO_ROOT, 'apps', 'floe-cli', 'node_modules'), join(REPO_ROOT, 'node_modules')].join(':') };
}

/** The floe CLI bundled from source, and how to run it. */
export interface FloeCli {
  /** Path of the bundle. */
  bundle: string;
  /** Environment for anything that runs the CLI (NODE_PATH, and FLOE_COMMAND for Dagster). */
  env: NodeJS.ProcessEnv;
  run(args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): SpawnSyncReturns<string>;
}

export async function floeCli(workDir: string): Promise<FloeCli> {
  const bundle = await bundleFloeCli(join(workDir, 'floe-cli.cjs'));
  const env = { ...cliEnv(), FLOE_COMMAND: `${JSON.stringify(process.execPath)} ${JSON.stringify(bundle)}` };
  return {
    bundle,
    env,
    run: (args, options = {}) => run(process.execPath, [bundle, ...args], { ...options, env: { ...env, ...options.env } }),
  };
}

/**
 * `floe orchestrate dagster --project-dir <project> [...args]`: the real CLI
 * compiles the project and writes the code location; returns its folder.
 */
export function orchestrate(cli: FloeCli, projectDir: string, args: string[] = []): string {
  const r = cli.run(['orchestrate', 'dagster', '--project-dir', projectDir, '--json', ...args]);
  if (r.status !== 0) throw new Error(`floe orchestrate dagster exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return (JSON.parse(r.stdout) as { outDir: string }).outDir;
}

export function expectOk(r: { status: number | null; stdout: string; stderr: string }, what: string): void {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}\n${r.stdout.slice(-6000)}\n${r.stderr.slice(-6000)}`);
}

/** What tests/fixtures/run_events.py prints: the latest run in DAGSTER_HOME. */
export interface RunEvents {
  status: string;
  materializations: Record<string, Record<string, [string, unknown]>>;
  checks: Record<string, { passed: boolean; severity: string; metadata: Record<string, [string, unknown]> }>;
  logs: string[];
  step_failures: string[];
}

export function runEvents(venv: string, dagsterHome: string): RunEvents {
  const r = run(join(venv, 'bin', 'python'), [join(PACKAGE_ROOT, 'test', 'fixtures', 'run_events.py')], { env: { DAGSTER_HOME: dagsterHome } });
  expectOk(r, 'run_events.py');
  return JSON.parse(r.stdout) as RunEvents;
}

/** What tests/fixtures/inspect_definitions.py prints. */
export interface InspectedDefinitions {
  assets: Record<
    string,
    { deps: string[]; group: string; code_version: string | null; owners: string[]; tags: Record<string, string>; kinds: string[]; executable: boolean; description: string | null; table_name: string | null; columns: string[] }
  >;
  checks: Record<string, { blocking: boolean }>;
  schedules: Record<string, { cron: string; timezone: string; job: string; assets: string[]; checks: string[] }>;
  sensors: string[];
}

export function inspectDefinitions(venv: string, outDir: string): InspectedDefinitions {
  const r = run(join(venv, 'bin', 'python'), [join(PACKAGE_ROOT, 'test', 'fixtures', 'inspect_definitions.py'), 'definitions.py'], { cwd: outDir });
  expectOk(r, 'inspect_definitions.py');
  return JSON.parse(r.stdout) as InspectedDefinitions;
}
