import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './dev-stack';

const SOURCES: Record<string, string> = {
  '@floe/core': 'packages/floe-core/src/index.ts',
  '@floe/target-duckdb': 'packages/target-duckdb/src/index.ts',
  '@floe/target-snowflake': 'packages/target-snowflake/src/index.ts',
  '@floe/target-bigquery': 'packages/target-bigquery/src/index.ts',
  '@floe/target-flink-experimental': 'packages/target-flink-experimental/src/index.ts',
  '@floe/plugin-dagster': 'packages/plugin-dagster/src/index.ts',
  '@floe/docs': 'packages/floe-docs/src/index.ts',
  '@floe/cli': 'apps/floe-cli/src/index.ts',
};

/** A source path as the jest preset maps it, with the extension resolution esbuild skips for plugin results. */
function sourceFile(p: string): string {
  for (const c of [p, `${p}.ts`, path.join(p, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return c;
  return p;
}

let bundled: string | undefined;

/** The CLI from sources as one CommonJS file (npm packages stay external), so a test can run it as a process and kill it. */
export async function cliBundle(): Promise<string> {
  if (bundled) return bundled;
  // Inside the CLI's folder so its npm dependencies resolve (target/ is ignored by git).
  const dir = path.join(repoRoot, 'apps/floe-cli/target');
  mkdirSync(dir, { recursive: true });
  const out = path.join(mkdtempSync(path.join(dir, 'e2e-cli-')), 'floe.cjs');
  await build({
    stdin: { contents: "require('@floe/cli').main(process.argv).then((c) => { process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 70; });", resolveDir: repoRoot, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    logLevel: 'error',
    plugins: [
      {
        name: 'floe-sources',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) => {
            const src = SOURCES[a.path];
            if (src) return { path: path.join(repoRoot, src) };
            if (a.path.startsWith('@floe/core/')) return { path: sourceFile(path.join(repoRoot, 'packages/floe-core/src', a.path.slice('@floe/core/'.length))) };
            return { path: a.path, external: true };
          });
        },
      },
    ],
  });
  bundled = out;
  return out;
}

/** Runs the CLI as a child process; resolves with its exit code or the signal that ended it. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  const file = await cliBundle();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [file, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 300_000);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}
