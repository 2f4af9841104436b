import { CompileSession, compileOutputChunks, createOutputCache, sortDiagnostics, type SessionResult } from '@floe/core/internal';
import { parseVars, projectDirOf, type CommonOptions, type Io } from '../context';
import { countErrors, formatDiagnostics } from '../output/code-frame';
import { writeTargetFiles } from '../output/write-target';
import { watchTree } from '../output/watch-tree';
import { builtinRegistry } from '../registry';
import { countByType, summary } from './compile';

/**
 * Folders whose changes never affect a compile (outputs, logs, tooling). dbt_packages/ is
 * watched: `dbt deps` or an edit to an installed package's macro compiles the project again.
 */
const IGNORED = /^(target|logs|node_modules|\.git|\.floe)(\/|$)|(^|\/)\.[^/]*$|~$|\.tmp-\d+-[0-9a-f]+$/;
const DEBOUNCE_MS = 20;

/**
 * `floe compile --watch`: compiles, then recompiles whenever a project file
 * changes. Edits to model SQL that keep the model's config and refs recompile
 * only that model (and re-serialise only its part of the artifacts); anything
 * else compiles the whole project again. The files written are always the
 * bytes a cold `floe compile` would write. Errors are printed and nothing is
 * written until the project compiles again. Runs until `signal` aborts
 * (SIGINT/SIGTERM in the CLI).
 */
export async function compileWatchCommand(opts: CommonOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const projectDir = projectDirOf(opts);
  const vars = parseVars(opts.vars);
  const session = new CompileSession({ projectDir, registry: builtinRegistry(), ...(opts.env ? { environment: opts.env } : {}), ...(vars ? { vars } : {}) });
  const cache = createOutputCache();

  const pending = new Set<string>();
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const report = async (result: SessionResult, changed: string[], started: number, cpu: NodeJS.CpuUsage): Promise<void> => {
    const sorted = sortDiagnostics(result.diagnostics);
    const errors = sorted.filter((d) => d.severity === 'error');
    let written: string[] = [];
    if (!errors.length && result.artifacts) written = await writeTargetFiles(projectDir, compileOutputChunks(result.artifacts, cache));
    const used = process.cpuUsage(cpu);
    const elapsedMs = Math.round(performance.now() - started);
    const cpuMs = Math.round((used.user + used.system) / 1000);
    if (opts.json) {
      io.out(JSON.stringify({ ok: !errors.length, incremental: result.incremental, changed, elapsedMs, cpuMs, ...(errors.length ? { diagnostics: sorted } : { files: written }) }) + '\n');
      return;
    }
    const shown = errors.length ? sorted : sorted.filter((d) => d.severity === 'warning');
    if (shown.length) io.err(formatDiagnostics(shown, result.project?.files, projectDir));
    if (errors.length) io.err(`${countErrors(errors)}; nothing was written. Watching for changes...\n`);
    else {
      const how = changed.length ? (result.incremental ? ` (incremental: ${changed.length} file${changed.length === 1 ? '' : 's'})` : ' (full)') : '';
      io.err(`Compiled ${summary(countByType(result.artifacts!.nodes))}${how} in ${elapsedMs} ms. Watching for changes...\n`);
    }
  };

  const run = (changed: string[]): Promise<void> => {
    running = running.then(async () => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = changed.length ? await session.update(changed) : await session.compile();
      await report(result, changed, started, cpu);
    });
    return running;
  };

  await run([]);
  if (signal?.aborted) return 0;
  return new Promise<number>((resolve) => {
    const watcher = watchTree(projectDir, (rel) => IGNORED.test(rel), (rel) => {
      pending.add(rel);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const changed = [...pending].sort();
        pending.clear();
        void run(changed);
      }, DEBOUNCE_MS);
    });
    const stop = () => {
      clearTimeout(timer);
      watcher.close();
      void running.then(() => resolve(0));
    };
    if (signal) signal.addEventListener('abort', stop, { once: true });
  });
}
