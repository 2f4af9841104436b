import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serializeArtifacts, type CompiledArtifacts } from '@floe/core';
import { build, buildSync } from 'esbuild';
import { dagsterPlugin } from '../../src';
import type { DagsterPluginConfig } from '../../src/config';

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

/** Writes target/compiled_artifacts.json and the emitted code location under <projectDir>/target/dagster. */
export async function emitProject(projectDir: string, artifacts: CompiledArtifacts, config: DagsterPluginConfig = {}): Promise<string> {
  const outDir = join(projectDir, 'target', 'dagster');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(projectDir, 'target', 'compiled_artifacts.json'), serializeArtifacts(artifacts));
  const files = await dagsterPlugin.emit(artifacts, config, { projectDir, outDir, artifactsPath: '../compiled_artifacts.json' });
  for (const f of files) writeFileSync(join(outDir, f.path), f.contents, { mode: f.mode });
  return outDir;
}

/** Bundles a TypeScript entry (with @floe/* from sources) into one CommonJS file node can run. */
export function bundleScript(entry: string, outfile: string): string {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    tsconfig: join(PACKAGE_ROOT, 'tsconfig.json'),
    logLevel: 'error',
  });
  return outfile;
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
