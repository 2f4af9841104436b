import { serializeArtifacts, stableStringify, toDbtManifest, type CompiledArtifacts } from '@floe/core/internal';
import type { CommonOptions, Io } from '../context';
import { writeTargetFiles } from '../output/write-target';
import { compileForCli } from '../project-compile';

/** `floe compile`: writes target/compiled_artifacts.json and target/manifest.json. */
export async function compileCommand(opts: CommonOptions, io: Io): Promise<number> {
  const started = performance.now();
  const compiled = await compileForCli(opts, io);
  if (!compiled) return 2;
  const artifacts = compiled.result.artifacts!;
  const files = compiledTargetFiles(artifacts);
  const written = await writeTargetFiles(compiled.projectDir, files);
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

/** The files `floe compile` writes under target/, by name. */
export function compiledTargetFiles(artifacts: CompiledArtifacts): Record<string, string> {
  return {
    'compiled_artifacts.json': serializeArtifacts(artifacts),
    'manifest.json': stableStringify(toDbtManifest(artifacts)) + '\n',
  };
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
