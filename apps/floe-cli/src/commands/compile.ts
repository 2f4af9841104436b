import { compileOutputsParallel, compileOutputs, fingerprintProject, recordEnvReads, type CompiledArtifacts } from '@floe/core/internal';
import { parseVars, projectDirOf } from '../context';
import { upToDate, writeCache } from '../output/compile-cache-file';
import type { CommonOptions, Io } from '../context';
import { writeTargetFiles } from '../output/write-target';
import { compileForCli } from '../project-compile';
import { compileWatchCommand } from './compile-watch';

/** `floe compile`: writes target/compiled_artifacts.json and target/manifest.json. */
export async function compileCommand(opts: CommonOptions & { watch?: boolean }, io: Io): Promise<number> {
  if (opts.watch) return compileWatchCommand(opts, io, signalOnExit());
  const started = performance.now();
  // The compile cache (target/.floe-compile-cache.json): when no input file, folder, option or
  // environment variable read has changed, the files under target/ are already what a compile would write.
  const vars = parseVars(opts.vars);
  const cacheOptions = { ...(vars ? { vars } : {}), ...(opts.env ? { environment: opts.env } : {}) };
  const cached = upToDate(projectDirOf(opts), cacheOptions);
  if (cached) {
    const ms = Math.round(performance.now() - started);
    if (opts.json) io.out(JSON.stringify({ ok: true, cached: true, files: Object.keys(cached.outputs), nodes: cached.nodes, sources: cached.sources, elapsedMs: ms }, null, 2) + '\n');
    else io.err(`Compiled ${summary(cached.nodes)}, ${cached.sources} sources in ${ms} ms (no input changed; target/ is up to date)\n`);
    return 0;
  }
  const envRead: Record<string, string | undefined> = {};
  const compiled = await compileForCli(opts, io, recordEnvReads(process.env, envRead));
  if (!compiled) return 2;
  const artifacts = compiled.result.artifacts!;
  const written = await writeTargetFiles(compiled.projectDir, compileOutputsParallel(artifacts));
  const counts = countByType(artifacts.nodes);
  const sources = Object.keys(artifacts.sources).length;
  // A compile whose SQL reads run_started_at or the clock is never up to date: no cache file.
  const fingerprint = compiled.result.variesPerCompile ? undefined : fingerprintProject(compiled.result.project!, { ...cacheOptions, envRead });
  writeCache(compiled.projectDir, fingerprint, written, counts, sources);
  const ms = Math.round(performance.now() - started);
  if (opts.json) {
    io.out(JSON.stringify({ ok: true, files: written, nodes: counts, sources, elapsedMs: ms }, null, 2) + '\n');
  } else {
    io.err(`Compiled ${summary(counts)}, ${sources} sources in ${ms} ms\n`);
    for (const w of written) io.err(`  wrote ${w}\n`);
  }
  return 0;
}

/** The files `floe compile` writes under target/, by name. */
export function compiledTargetFiles(artifacts: CompiledArtifacts): Record<string, string> {
  // The bytes of serializeArtifacts(artifacts) and stableStringify(toDbtManifest(artifacts)) + '\n'.
  return compileOutputs(artifacts);
}

export function countByType(nodes: Record<string, { resourceType: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of Object.values(nodes)) out[n.resourceType] = (out[n.resourceType] ?? 0) + 1;
  return out;
}

export function summary(counts: Record<string, number>): string {
  const order = ['model', 'seed', 'snapshot', 'test'];
  return order.map((t) => `${counts[t] ?? 0} ${t}${(counts[t] ?? 0) === 1 ? '' : 's'}`).join(', ');
}

/** Aborts on SIGINT or SIGTERM (ends `--watch`). */
function signalOnExit(): AbortSignal {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return ac.signal;
}
