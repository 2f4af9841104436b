import type { CompiledArtifacts, CompiledNode, CompiledSource } from '../artifacts/schema';
import type { RelationName } from '../plugin/dialect';
import type { LoadedProject, SourceDecl } from '../project/types';
import type { DependencyGraph } from '../graph';
import { sortKeys } from '../artifacts/serialize';
import type { ResolvedCompute } from './resolve-computes';
import type { WorkNode } from './work-nodes';
import { sortStrings } from '../util/sort-strings';

export interface ToArtifactsInput {
  project: LoadedProject;
  environment: string;
  computes: { name: string; type: string; stability: 'stable' | 'experimental'; executionModel: 'batch' | 'streaming'; config: Record<string, unknown> }[];
  vars: Record<string, unknown>;
  nodes: WorkNode[];
  sources: { decl: SourceDecl; compute: ResolvedCompute; relation: RelationName; rendered: string }[];
  schedules: CompiledArtifacts['schedules'];
  graph: DependencyGraph;
  generatorVersion: string;
  artifactsVersion: string;
}

/** Maps the compiler's internal structures onto the stable artifacts contract. */
export function toArtifacts(input: ToArtifactsInput): CompiledArtifacts {
  const { project } = input;
  // Nodes are built in sortKeys form (ids in code-unit order, keys sorted), so
  // the whole tree is not walked by sortKeys below (that walk cost ~0.25 s on 10,000 models).
  const nodes: Record<string, CompiledNode> = {};
  for (const n of [...input.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) nodes[n.id] = markSorted(toNode(n));
  const sources: Record<string, CompiledSource> = {};
  for (const s of input.sources) {
    const d = s.decl;
    const id = `source.${project.name}.${d.sourceName}.${d.tableName}`;
    sources[id] = {
      id,
      sourceName: d.sourceName,
      name: d.tableName,
      path: d.at.file,
      location: { file: d.at.file, line: d.at.line, column: d.at.column },
      description: d.description ?? '',
      compute: d.compute ?? project.compute,
      targetType: s.compute.plugin.name,
      relation: { ...s.relation, rendered: s.rendered },
      ...(d.loadedAtField ? { loadedAtField: d.loadedAtField } : {}),
      ...(d.freshness ? { freshness: json(d.freshness) } : {}),
      ...(d.stream ? { stream: json(d.stream) } : {}),
      columns: d.columns.map((c) => ({ name: c.name, ...(c.description ? { description: c.description } : {}), ...(c.dataType ? { dataType: c.dataType } : {}) })),
      tags: d.tags,
      meta: json(d.meta),
    };
  }
  const computes: CompiledArtifacts['computes'] = {};
  for (const c of input.computes) computes[c.name] = { type: c.type, stability: c.stability, executionModel: c.executionModel, config: json(c.config) };
  const ids = new Set([...Object.keys(nodes), ...Object.keys(sources)]);
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const id of [...ids].sort()) {
    parentMap[id] = input.graph.parents(id);
    childMap[id] = input.graph.children(id);
  }
  const rest = sortKeys({
    artifactsVersion: input.artifactsVersion,
    generator: { name: 'floe', version: input.generatorVersion },
    project: {
      name: project.name,
      version: project.version,
      mode: project.mode,
      ...(project.description ? { description: project.description } : {}),
      ...(project.owner ? { owner: project.owner } : {}),
    },
    environment: input.environment,
    computes,
    vars: json(input.vars),
    sources,
    schedules: input.schedules,
  }) as Omit<CompiledArtifacts, 'nodes' | 'parentMap' | 'childMap'>;
  // The big parts, already sorted (the maps hold id arrays), join the rest at their sorted places.
  const built: Record<string, unknown> = { childMap: markSorted(childMap), nodes, parentMap: markSorted(parentMap) };
  const out: Record<string, unknown> = {};
  for (const key of [...Object.keys(rest), ...Object.keys(built)].sort()) out[key] = key in built ? built[key] : rest[key as keyof typeof rest];
  return out as unknown as CompiledArtifacts;
}

/** One node as toArtifacts writes it (keys sorted), for incremental recompiles. */
export function toArtifactNode(n: WorkNode): CompiledNode {
  return markSorted(toNode(n));
}

/**
 * Keys are written in sorted order (as sortKeys would put them) and every
 * nested value is sorted too (user maps through json(), seed and test specs
 * through sortKeys), so JSON.stringify(node) === stableStringify(node).
 * Undefined values may remain; both serialisations drop them.
 */
function toNode(n: WorkNode): CompiledNode {
  // No spreads from `cond ? {...} : {}`: no temporary objects.
  const dialect = n.compute!.dialect;
  const r = n.relation;
  let rel: Record<string, unknown> | null = null;
  if (r) {
    rel = {};
    if (r.database !== undefined) rel.database = r.database;
    rel.identifier = r.identifier;
    rel.rendered = dialect.renderRelation(r);
    rel.schema = r.schema;
  }
  const columns = n.columns.map((c) => {
    const col: Record<string, unknown> = {};
    if (c.dataType !== undefined) col.dataType = c.dataType;
    if (c.description !== undefined) col.description = c.description;
    if (c.meta) col.meta = json(c.meta);
    col.name = c.name;
    if (c.tags !== undefined) col.tags = c.tags;
    return col;
  });
  // One literal with every key (absent optional ones undefined), so V8 gives the object room for
  // all its keys at once and every node shares one hidden class; added one by one, its property
  // store was regrown about six times (~0.7 KB of garbage a node).
  const node = {
    checksum: n.checksum ?? '',
    columns,
    compiledIncrementalSql: n.compiledIncrementalSql,
    compiledSql: n.resourceType === 'seed' ? null : n.compiledSql ?? null,
    compute: n.compute!.name,
    config: json(n.config),
    dependsOn: sortStrings([...n.dependsOn]),
    description: n.description,
    fqn: n.fqn,
    id: n.id,
    location: { column: n.at.column, file: n.at.file, line: n.at.line },
    materialized: String(n.config.materialized),
    meta: json(n.meta),
    name: n.name,
    path: n.path,
    rawCode: n.rawCode,
    relation: rel,
    resourceType: n.resourceType,
    seed: n.seed ? sortKeys(n.seed) : undefined,
    tags: n.tags,
    target: n.targetData ? json(n.targetData) : undefined,
    targetType: n.compute!.plugin.name,
    test: n.test ? testSpec(n.test) : undefined,
  };
  return node as unknown as CompiledNode;
}

/** sortKeys({ ...t, kwargs: json(t.kwargs) }), built in key order without the spread copy. */
function testSpec(t: NonNullable<WorkNode['test']>): unknown {
  const spec = t as unknown as Record<string, unknown>;
  const keys = Object.keys(spec);
  if (!keys.includes('kwargs')) keys.push('kwargs');
  const out: Record<string, unknown> = {};
  for (const key of sortStrings(keys)) {
    const v = key === 'kwargs' ? json(t.kwargs) : sortKeys(spec[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Artifact nodes (and the parent and child maps) known to be in sortKeys form (see compileOutputs); they are not mutated afterwards. */
const SORTED = new WeakSet<object>();

function markSorted<T extends object>(node: T): T {
  SORTED.add(node);
  return node;
}

/** True for a node made by toArtifacts or toArtifactNode (or its parent or child map): stableStringify(node) === JSON.stringify(node). */
export function isSortedArtifactNode(node: object): boolean {
  return SORTED.has(node);
}

/** Plain JSON (dates to ISO strings, bigint to strings, undefined dropped). */
function json<T = Record<string, unknown>>(value: unknown): T {
  const v = value ?? {};
  // Plain data (nearly always) is copied in one pass with sorted keys; the rest takes the JSON round trip.
  const fast = plainCopy(v);
  if (fast !== NOT_PLAIN) return fast as T;
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))) as T;
}

const NOT_PLAIN = Symbol('not plain');

/** What JSON.parse(JSON.stringify(v)) gives, keys sorted; NOT_PLAIN when v holds anything but plain data. */
function plainCopy(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
  if (typeof v !== 'object') return NOT_PLAIN;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype || 'toJSON' in v) return NOT_PLAIN;
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') out[i] = null;
      else {
        const c = plainCopy(x);
        if (c === NOT_PLAIN) return NOT_PLAIN;
        out[i] = c;
      }
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in v) return NOT_PLAIN;
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of sortStrings(Object.keys(obj))) {
    if (key === '__proto__') return NOT_PLAIN;
    const x = obj[key];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    const c = plainCopy(x);
    if (c === NOT_PLAIN) return NOT_PLAIN;
    out[key] = c;
  }
  return out;
}
