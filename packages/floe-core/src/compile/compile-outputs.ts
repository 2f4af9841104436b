import type { CompiledArtifacts } from '../artifacts/schema';
import { stableStringify } from '../artifacts/serialize';
import { dbtManifestNode, dbtManifestNodeJson, isPlainKey, toDbtManifest } from './dbt-manifest';
import { isSortedArtifactNode } from './to-artifacts';
import { manifestWorkerOutput, manifestWorkerScript, type DeferredOutput, type ManifestWorkerMessage } from './manifest-in-worker';
import { sortStrings } from '../util/sort-strings';

/**
 * What a watcher keeps between writes. Artifacts of an incremental recompile
 * share every unchanged node object with the previous ones, so each file's
 * `nodes` section is kept as one UTF-8 piece per node (its leading `{` or `,`
 * included): the next write reuses the pieces of unchanged nodes as they are
 * and serialises only the edited nodes.
 */
export interface OutputCache {
  /** The last `nodes` section of each file, by file. */
  sections: Map<OutputFile, NodesSection>;
  /** Top-level values (parent and child maps, sources) as UTF-8: shared by both files and by successive artifacts. */
  values: WeakMap<object, string | Uint8Array>;
}

/** `{"id":<json>,...}` as one UTF-8 piece per value, with the objects they were made from. */
interface NodesSection {
  keys: string[];
  values: unknown[];
  pieces: Uint8Array[];
}

export function createOutputCache(): OutputCache {
  return { sections: new Map(), values: new WeakMap() };
}

export type OutputFile = 'compiled_artifacts.json' | 'manifest.json';

/**
 * The files `floe compile` writes under target/: the same bytes as
 * `serializeArtifacts(a)` and `stableStringify(toDbtManifest(a)) + '\n'`,
 * assembled from per-node pieces (kept in `cache` when given).
 */
export function compileOutputs(a: CompiledArtifacts, cache?: OutputCache): Record<OutputFile, string> {
  const chunks = compileOutputChunks(a, cache);
  const text = (pieces: Iterable<string | Uint8Array>) => Buffer.concat([...pieces].map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');
  return { 'compiled_artifacts.json': text(chunks['compiled_artifacts.json']), 'manifest.json': text(chunks['manifest.json']) };
}

/**
 * compileOutputs as lazy sequences of pieces (text, or UTF-8 bytes for
 * nodes), so a writer can stream a large project's files without holding
 * them (tens of MB each) in memory, and a watcher can write cached nodes
 * without encoding them again.
 */
export function compileOutputChunks(a: CompiledArtifacts, cache?: OutputCache): Record<OutputFile, Iterable<string | Uint8Array>> {
  type Node = CompiledArtifacts['nodes'][string];
  const manifestNode = (n: Node) => manifestNodeJson(n, a.project.name);
  const piece = (json: (n: Node) => string) => (key: string, n: Node) => `${JSON.stringify(key)}:${json(n)}`;
  const nodesJson = (file: OutputFile, json: (n: Node) => string) => () =>
    cache ? cachedObjectJson(cache, file, a.nodes, piece(json)) : objectJson(a.nodes, piece(json));
  const artifactNodes = nodesJson('compiled_artifacts.json', nodeJson);
  const manifestNodes = nodesJson('manifest.json', manifestNode);
  // The manifest's other parts are small, except the parent and child maps (shared objects).
  const manifest = { ...toDbtManifest({ ...a, nodes: {} }), nodes: undefined };
  // Both files hold the parent and child maps (the same objects): serialise them once.
  // A watcher writes the same parent and child maps (megabytes) again and again: keep them as bytes.
  const values = cache?.values ?? new WeakMap<object, string>();
  const toBytes = cache ? (text: string) => Buffer.from(text) : undefined;
  return {
    'compiled_artifacts.json': withKeys(a as unknown as Record<string, unknown>, { nodes: artifactNodes }, values, toBytes),
    'manifest.json': withKeys(manifest, { nodes: manifestNodes }, values, toBytes),
  };
}

/**
 * compileOutputChunks for a one-off write (no cache): manifest.json is built
 * and written on a worker thread, fed with each node's compiled_artifacts.json
 * text while the main thread writes that file, so the two files are made in
 * parallel. Without the built worker script (sources, single-file bundles) it
 * is compileOutputChunks(a), as for projects under 2,000 nodes. Same bytes
 * either way. `workerScript` forces the worker with that file (tests build
 * it from sources).
 */
export function compileOutputsParallel(a: CompiledArtifacts, options: { workerScript?: string } = {}): Record<OutputFile, Iterable<string | Uint8Array> | DeferredOutput> {
  const script = options.workerScript ?? manifestWorkerScript();
  // Starting a worker costs ~30 ms before it does anything: not worth it for a small project.
  if (!script || (!options.workerScript && Object.keys(a.nodes).length < MIN_NODES_FOR_WORKER)) return compileOutputChunks(a);
  const { output, post, nodesDone } = manifestWorkerOutput(script, a.project.name);
  // The parent and child maps (megabytes each, in both files) as UTF-8 on shared memory: made
  // once, then written by this thread and the worker without a copy.
  const values = new WeakMap<object, string | Uint8Array>();
  // The manifest's pieces around its nodes.
  const MARK = new Uint8Array(0);
  const manifest = { ...toDbtManifest({ ...a, nodes: {} }), nodes: undefined };
  const head: (string | Uint8Array)[] = [];
  const tail: (string | Uint8Array)[] = [];
  let seen = false;
  const shareLarge = (text: string) => (text.length < 1 << 16 ? text : sharedUtf8(text));
  for (const piece of withKeys(manifest, { nodes: () => [MARK] }, values, shareLarge)) {
    if (piece === MARK) seen = true;
    else (seen ? tail : head).push(piece);
  }
  /** Posts pieces in order, consecutive text in one message. */
  const postPieces = (pieces: (string | Uint8Array)[]) => {
    let text = '';
    for (const p of pieces) {
      if (typeof p === 'string') text += p;
      else {
        if (text) post({ kind: 'text', text });
        text = '';
        post({ kind: 'bytes', bytes: p });
      }
    }
    if (text) post({ kind: 'text', text });
  };
  /** A batch's manifest entries made on this thread, the first after `sep`. */
  const manifestEntries = (batch: string[], sep: string) => batch.map((id, k) => `${k ? '' : sep}${JSON.stringify(id)}:${manifestNodeJson(a.nodes[id]!, a.project.name)}`).join(',');
  function* nodes(): Generator<string | Uint8Array> {
    postPieces(head);
    const ids = sortedKeys(a.nodes).filter((id) => a.nodes[id] !== undefined);
    let sent = 0;
    yield '{';
    for (let i = 0; i < ids.length; i += NODES_PER_BATCH) {
      const batch = ids.slice(i, i + NODES_PER_BATCH);
      const sep = i === 0 ? '{' : ',';
      // `{"id":<node>,...}` as UTF-8 on shared memory: written to this file and read by the worker without a copy.
      const json = sharedUtf8(batchJson(a.nodes, batch));
      if (i > 0) yield ',';
      yield json.subarray(1, json.length - 1);
      // When the worker lags behind (or would read the ids in another order), this thread makes
      // the batch's manifest text itself (cheaper here: no parse), so both threads finish at about the same time.
      if (sent - nodesDone() > MAX_LAG || !batch.every(isPlainKey)) post({ kind: 'bytes', bytes: sharedUtf8(manifestEntries(batch, sep)) });
      else {
        post({ kind: 'nodes', json, sep });
        sent += batch.length;
      }
    }
    postPieces([ids.length ? '}' : '{}', ...tail]);
    post({ kind: 'end' });
    yield '}';
  }
  return {
    'compiled_artifacts.json': withKeys(a as unknown as Record<string, unknown>, { nodes }, values),
    'manifest.json': output,
  };
}

/** Below this many nodes (a few MB of output) both files are written on the main thread. */
const MIN_NODES_FOR_WORKER = 2000;

/** Nodes sent to the worker and not yet done, beyond which this thread does the manifest text itself. */
const MAX_LAG = 1024;

/** Nodes serialised in one JSON.stringify call and sent in one message (~0.4 MB of text for generated models). */
const NODES_PER_BATCH = 256;

/**
 * `{"id":<node json>,...}` for these ids of `nodes`, in this order: the same
 * text as joining each node's piece, made in one JSON.stringify call (one
 * large string instead of two or three small ones per node) when every id
 * keeps its place as a property name.
 */
function batchJson(nodes: CompiledArtifacts['nodes'], ids: string[]): string {
  if (!ids.every(isPlainKey)) return `{${ids.map((id) => `${JSON.stringify(id)}:${nodeJson(nodes[id]!)}`).join(',')}}`;
  // No prototype: any id is an own property.
  const batch = Object.create(null) as Record<string, CompiledArtifacts['nodes'][string]>;
  let sorted = true;
  for (const id of ids) {
    const n = nodes[id]!;
    batch[id] = n;
    if (sorted && !isSortedArtifactNode(n)) sorted = false;
  }
  return sorted ? JSON.stringify(batch) : stableStringify(batch);
}

/** stableStringify(o), by native JSON.stringify when o was built in sortKeys form. */
function nodeJson(n: object): string {
  return isSortedArtifactNode(n) ? JSON.stringify(n) : stableStringify(n);
}

function manifestNodeJson(n: CompiledArtifacts['nodes'][string], projectName: string): string {
  return isSortedArtifactNode(n) ? dbtManifestNodeJson(n, projectName) : stableStringify(dbtManifestNode(n, projectName));
}

/** `text` as UTF-8 on a SharedArrayBuffer: posting it to the worker shares the bytes instead of copying the text. */
function sharedUtf8(text: string): Buffer {
  const bytes = Buffer.from(new SharedArrayBuffer(Buffer.byteLength(text)));
  bytes.write(text);
  return bytes;
}

function memo<T extends object, V>(map: WeakMap<object, V>, key: T, make: () => V): V {
  let s = map.get(key);
  if (s === undefined) {
    s = make();
    map.set(key, s);
  }
  return s;
}

/** `{"id":<json>,...}` with keys in stableStringify's order, piece by piece. */
function* objectJson<T>(obj: Record<string, T>, piece: (key: string, v: T) => string | Uint8Array): Generator<string | Uint8Array> {
  let first = true;
  yield '{';
  for (const key of sortedKeys(obj)) {
    const v = obj[key];
    if (v === undefined) continue;
    if (!first) yield ',';
    yield piece(key, v);
    first = false;
  }
  yield '}';
}

/**
 * objectJson(obj, piece) with one piece per value (separator included),
 * reusing the piece of every value that is the same object at the same
 * position as in the cache's last section for this file; the new section
 * replaces it. Few pieces and no string-to-bytes copies for unchanged values.
 */
function* cachedObjectJson<T>(cache: OutputCache, file: OutputFile, obj: Record<string, T>, piece: (key: string, v: T) => string): Generator<Uint8Array> {
  const keys = sortedKeys(obj).filter((k) => obj[k] !== undefined);
  const values = keys.map((k) => obj[k]);
  const prev = cache.sections.get(file);
  const reuse = prev !== undefined && prev.keys.length === keys.length && keys.every((k, i) => prev.keys[i] === k);
  const pieces = keys.map((k, i) => (reuse && prev.values[i] === values[i] ? prev.pieces[i]! : Buffer.from(`${i === 0 ? '{' : ','}${piece(k, values[i]!)}`)));
  cache.sections.set(file, { keys, values, pieces });
  if (pieces.length === 0) yield Buffer.from('{}');
  else {
    yield* pieces;
    yield Buffer.from('}');
  }
}

/**
 * stableStringify(obj) + '\n', with the pieces of some top-level keys given
 * (added when missing from obj). Object values are kept in `values` (as
 * `toBytes` gives them, when given).
 */
function* withKeys(
  obj: Record<string, unknown>,
  given: Record<string, () => Iterable<string | Uint8Array>>,
  values: WeakMap<object, string | Uint8Array>,
  toBytes?: (text: string) => string | Uint8Array,
): Generator<string | Uint8Array> {
  const keys = [...new Set([...Object.keys(obj), ...Object.keys(given)])].sort();
  const encode = (o: object) => {
    const text = nodeJson(o);
    return toBytes ? toBytes(text) : text;
  };
  let first = true;
  yield '{';
  for (const key of keys) {
    const make = given[key];
    const v = obj[key];
    const json = make || v === undefined ? undefined : v !== null && typeof v === 'object' ? memo(values, v, () => encode(v)) : stableStringify(v);
    if (!make && json === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (make) yield* make();
    else yield json!;
  }
  yield '}\n';
}

/** Object.keys in sorted order; artifacts maps are built sorted, so the sort is usually skipped. */
function sortedKeys(obj: object): string[] {
  return sortStrings(Object.keys(obj));
}
