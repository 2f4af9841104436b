import { compileOutputChunks } from '@floe/core';
import type { CommonOptions, Io } from '../context';
import { writeTargetFiles } from '../output/write-target';
import { compileForCli } from '../project-compile';
import { compileWatchCommand } from './compile-watch';

/** `floe compile`: writes target/compiled_artifacts.json and target/manifest.json. */
export async function compileCommand(opts: CommonOptions & { watch?: boolean }, io: Io): Promise<number> {
  if (opts.watch) return compileWatchCommand(opts, io, signalOnExit());
  const started = performance.now();
  const compiled = await compileForCli(opts, io);
  if (!compiled) return 2;
  const artifacts = compiled.result.artifacts!;
  const written = await writeTargetFiles(compiled.projectDir, compileOutputChunks(artifacts));
  const counts = countByType(artifacts.nodes);
  const ms = Math.round(performance.now() - started);
  if (opts.json) {
    io.out(JSON.stringify({ ok: true, files: written, nodes: counts, sources: Object.keys(artifacts.sources).length, elapsedMs: ms }, null, 2) + '\n');
  } else {
    io.err(`Compiled ${summary(counts)}, ${Object.keys(artifacts.sources).length} sources in ${ms} ms\n`);
    for (const w of written) io.err(`  wrote ${w}\n`);
  }
  return 0;
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
