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

/**
 * The files `floe compile` writes under target/: the same bytes as
 * `serializeArtifacts(a)` and `stableStringify(toDbtManifest(a)) + '\n'`,
 * assembled from per-node pieces (kept in `cache` when given).
 */
export function compileOutputs(a: CompiledArtifacts, cache: OutputCache = createOutputCache()): { 'compiled_artifacts.json': string; 'manifest.json': string } {
  const artifactNodes = objectJson(a.nodes, (n) => memo(cache.artifactNodes, n, () => (isSortedArtifactNode(n) ? JSON.stringify(n) : stableStringify(n))));
  const manifestNodes = objectJson(a.nodes, (n) =>
    memo(cache.manifestNodes, n, () => {
      const m = dbtManifestNode(n, a.project.name);
      return isSortedArtifactNode(n) ? JSON.stringify(m) : stableStringify(m);
    }),
  );
  // The manifest's other parts are small, except the parent and child maps (shared objects).
  const manifest = { ...toDbtManifest({ ...a, nodes: {} }), nodes: undefined };
  return {
    'compiled_artifacts.json': withKeys(a as unknown as Record<string, unknown>, { nodes: artifactNodes }) + '\n',
    'manifest.json': withKeys(manifest, { nodes: manifestNodes }) + '\n',
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

/** `{"id":<json>,...}` with keys in stableStringify's order. */
function objectJson<T>(obj: Record<string, T>, json: (v: T) => string): string {
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${json(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** stableStringify(obj) with the JSON of some top-level keys given (added when missing from obj). */
function withKeys(obj: Record<string, unknown>, given: Record<string, string>): string {
  const keys = [...new Set([...Object.keys(obj), ...Object.keys(given)])].sort();
  const parts: string[] = [];
  for (const key of keys) {
    const json = given[key] ?? (obj[key] === undefined ? undefined : stableStringify(obj[key]));
    if (json !== undefined) parts.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}
