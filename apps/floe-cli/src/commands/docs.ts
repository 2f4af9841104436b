import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { compileOutputChunks, FloeError } from '@floe/core/internal';
import type { GeneratedDocs, JobStates } from '@floe/docs';
import type { CommonOptions, Io } from '../context';
import { writeTargetFiles } from '../output/write-target';
import { watchTree, type TreeWatcher } from '../output/watch-tree';
import { projectOptions } from '../program';
import { compileForCli } from '../project-compile';

export interface DocsOptions extends CommonOptions {
  /** commander's `--no-catalog` sets this to false. */
  catalog?: boolean;
  jobStates?: string;
}

export interface ServeOptions extends DocsOptions {
  port?: string;
  watch?: boolean;
}

/** Registers `floe docs generate` and `floe docs serve`. */
export function registerDocsCommand(program: Command, io: Io, done: (code: number) => void): void {
  const docs = program.command('docs').description('documentation site with an interactive lineage graph (target/docs)');
  projectOptions(docs.command('generate').description('compile and write the docs site to target/docs (index.html + assets; works offline, from file://)'))
    .option('--no-catalog', 'do not read column types from the database')
    .option('--job-states <file>', 'JSON mapping node id → {"state": "RUNNING", "jobId": "..."} for streaming models')
    .action(async (opts: DocsOptions) => done(await docsGenerateCommand(opts, io)));
  projectOptions(docs.command('serve').description('serve the docs on 127.0.0.1 and regenerate + reload the page when project files change'))
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '8080')
    .option('--no-catalog', 'do not read column types from the database')
    .option('--no-watch', 'serve without watching the project')
    .option('--job-states <file>', 'JSON mapping node id → {"state": "RUNNING", "jobId": "..."} for streaming models')
    .action(async (opts: ServeOptions) => done(await docsServeCommand(opts, io)));
}

/** `floe docs generate`: compile, write target/ artifacts, then target/docs. */
export async function docsGenerateCommand(opts: DocsOptions, io: Io): Promise<number> {
  const started = performance.now();
  const out = await compileAndGenerate(opts, io);
  if (!out) return 2;
  const ms = Math.round(performance.now() - started);
  report(out, opts, io, ms);
  return 0;
}

async function compileAndGenerate(opts: DocsOptions, io: Io): Promise<(GeneratedDocs & { projectDir: string }) | undefined> {
  const compiled = await compileForCli(opts, io);
  if (!compiled) return undefined;
  const artifacts = compiled.result.artifacts!;
  // The same pieces `floe compile` writes (byte-identical), without building two whole-file strings.
  await writeTargetFiles(compiled.projectDir, compileOutputChunks(artifacts));
  const jobStates = opts.jobStates ? await readJobStates(opts.jobStates) : undefined;
  const { generateDocs } = await import('@floe/docs'); // loaded only by the docs commands
  const generated = await generateDocs({
    artifacts,
    projectDir: compiled.projectDir,
    catalog: opts.catalog !== false,
    registry: compiled.registry,
    ...(jobStates ? { jobStates } : {}),
  });
  return { ...generated, projectDir: compiled.projectDir };
}

function report(out: GeneratedDocs & { projectDir: string }, opts: DocsOptions, io: Io, ms: number): void {
  const index = join(out.outDir, 'index.html');
  if (opts.json) {
    io.out(
      JSON.stringify({ ok: true, index, files: out.files, bytes: out.bytes, nodes: out.data.nodes.length, catalog: out.data.catalog, elapsedMs: ms }, null, 2) + '\n',
    );
    return;
  }
  for (const note of out.data.catalog.notes) io.err(`note: ${note}\n`);
  const mb = (out.bytes / 1e6).toFixed(1);
  const shown = relative(process.cwd(), index);
  io.err(`Wrote docs for ${out.data.nodes.length} nodes (${mb} MB) in ${ms} ms: ${shown.startsWith('..') ? index : shown}\n`);
}

async function readJobStates(path: string): Promise<JobStates> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(resolve(path), 'utf8'));
  } catch (e) {
    throw new FloeError('FLOE_CLI_USAGE', `--job-states ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'Pass a JSON file like {"model.shop.events": {"state": "RUNNING", "jobId": "abc"}}.',
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FloeError('FLOE_CLI_USAGE', `--job-states ${path}: expected a JSON object keyed by node id`);
  }
  const out: JobStates = {};
  for (const [id, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (v === null || typeof v !== 'object') continue;
    const rec = v as Record<string, unknown>;
    out[id] = {
      ...(typeof rec.state === 'string' ? { state: rec.state } : {}),
      ...(typeof rec.jobId === 'string' ? { jobId: rec.jobId } : {}),
    };
  }
  return out;
}

/** Folders whose changes never trigger a rebuild (our own output among them). */
const IGNORED = /(^|[\\/])(target|node_modules|dbt_packages|logs|\.[^\\/]+)([\\/]|$)/;

/**
 * `floe docs serve`: generate, serve target/docs on 127.0.0.1, and (unless
 * --no-watch) recompile on every project change and tell open pages to
 * reload. Runs until SIGINT/SIGTERM or `signal` aborts; a compile error keeps
 * the last good site and prints the diagnostics.
 */
export async function docsServeCommand(opts: ServeOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const port = Number(opts.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FloeError('FLOE_CLI_USAGE', `--port must be 0..65535, got "${opts.port}"`);
  const first = await compileAndGenerate(opts, io);
  if (!first) return 2;
  report(first, { ...opts, json: false }, io, 0);
  const { serveDocs } = await import('@floe/docs');
  const server = await serveDocs({ dir: first.outDir, port });
  io.err(`Serving docs at ${server.url} (127.0.0.1 only${opts.watch === false ? '' : ', reloading on change'}); Ctrl-C stops.\n`);
  if (opts.json) io.out(JSON.stringify({ ok: true, url: server.url, port: server.port }) + '\n');

  let watcher: TreeWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const rebuild = async () => {
    const t0 = performance.now();
    try {
      const out = await compileAndGenerate({ ...opts, json: false }, io);
      if (out) {
        io.err(`Recompiled in ${Math.round(performance.now() - t0)} ms; reloading ${server.clients()} page(s).\n`);
        server.reload();
      }
    } catch (e) {
      io.err(`docs: rebuild failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = rebuild().finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
    }, 150);
  };
  if (opts.watch !== false) {
    watcher = watchTree(first.projectDir, (rel) => IGNORED.test(rel), schedule);
  }
  let stop = () => {};
  await new Promise<void>((resolveStop) => {
    stop = () => resolveStop();
    if (signal) {
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    }
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.removeListener('SIGINT', stop);
  process.removeListener('SIGTERM', stop);
  clearTimeout(timer);
  watcher?.close();
  await running;
  await server.close();
  return 0;
}
