import type { CompiledArtifacts } from '../artifacts/schema';
import { stableStringify } from '../artifacts/serialize';
import { dbtManifestNode, toDbtManifest } from './dbt-manifest';
import { isSortedArtifactNode } from './to-artifacts';

/**
 * JSON of each node already written, by node object. Artifacts of an
 * incremental recompile share every unchanged node object with the previous
 * ones, so only edited nodes are serialised again.
 */
export interface OutputCache {
  artifactNodes: WeakMap<object, string>;
  manifestNodes: WeakMap<object, string>;
}

export function createOutputCache(): OutputCache {
  return { artifactNodes: new WeakMap(), manifestNodes: new WeakMap() };
}

export type OutputFile = 'compiled_artifacts.json' | 'manifest.json';

/**
 * The files `floe compile` writes under target/: the same bytes as
 * `serializeArtifacts(a)` and `stableStringify(toDbtManifest(a)) + '\n'`,
 * assembled from per-node pieces (kept in `cache` when given).
 */
export function compileOutputs(a: CompiledArtifacts, cache?: OutputCache): Record<OutputFile, string> {
  const chunks = compileOutputChunks(a, cache);
  return { 'compiled_artifacts.json': [...chunks['compiled_artifacts.json']].join(''), 'manifest.json': [...chunks['manifest.json']].join('') };
}

/**
 * compileOutputs as lazy sequences of pieces, so a writer can stream a large
 * project's files without holding them (tens of MB each) in memory.
 */
export function compileOutputChunks(a: CompiledArtifacts, cache?: OutputCache): Record<OutputFile, Iterable<string>> {
  const artifactNode = (n: CompiledArtifacts['nodes'][string]) => (isSortedArtifactNode(n) ? JSON.stringify(n) : stableStringify(n));
  const manifestNode = (n: CompiledArtifacts['nodes'][string]) => {
    const m = dbtManifestNode(n, a.project.name);
    return isSortedArtifactNode(n) ? JSON.stringify(m) : stableStringify(m);
  };
  const artifactNodes = () => objectJson(a.nodes, cache ? (n) => memo(cache.artifactNodes, n, () => artifactNode(n)) : artifactNode);
  const manifestNodes = () => objectJson(a.nodes, cache ? (n) => memo(cache.manifestNodes, n, () => manifestNode(n)) : manifestNode);
  // The manifest's other parts are small, except the parent and child maps (shared objects).
  const manifest = { ...toDbtManifest({ ...a, nodes: {} }), nodes: undefined };
  return {
    'compiled_artifacts.json': withKeys(a as unknown as Record<string, unknown>, { nodes: artifactNodes }),
    'manifest.json': withKeys(manifest, { nodes: manifestNodes }),
  };
}

function memo<T extends object>(map: WeakMap<object, string>, key: T, make: () => string): string {
  let s = map.get(key);
  if (s === undefined) {
    s = make();
    map.set(key, s);
  }
  return s;
}

/** `{"id":<json>,...}` with keys in stableStringify's order, piece by piece. */
function* objectJson<T>(obj: Record<string, T>, json: (v: T) => string): Generator<string> {
  let first = true;
  yield '{';
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:${json(v)}`;
    first = false;
  }
  yield '}';
}

/** stableStringify(obj) + '\n', with the pieces of some top-level keys given (added when missing from obj). */
function* withKeys(obj: Record<string, unknown>, given: Record<string, () => Iterable<string>>): Generator<string> {
  const keys = [...new Set([...Object.keys(obj), ...Object.keys(given)])].sort();
  let first = true;
  yield '{';
  for (const key of keys) {
    const make = given[key];
    const json = make ? undefined : obj[key] === undefined ? undefined : stableStringify(obj[key]);
    if (!make && json === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (make) yield* make();
    else yield json!;
  }
  yield '}\n';
}
