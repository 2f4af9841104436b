import type { CompiledArtifacts, CompiledNode } from '../artifacts/schema';

/**
 * A dbt-style manifest.json subset (nodes, sources, parent/child maps) that
 * existing dbt tooling can read. Fields follow dbt's manifest v12 naming.
 */
export function toDbtManifest(a: CompiledArtifacts): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  for (const n of Object.values(a.nodes)) nodes[n.id] = dbtManifestNode(n, a.project.name);
  const sources: Record<string, unknown> = {};
  for (const s of Object.values(a.sources)) {
    sources[s.id] = {
      unique_id: s.id,
      resource_type: 'source',
      source_name: s.sourceName,
      name: s.name,
      package_name: a.project.name,
      path: s.path,
      database: s.relation?.database ?? null,
      schema: s.relation?.schema ?? null,
      identifier: s.relation?.identifier ?? s.name,
      relation_name: s.relation?.rendered ?? null,
      description: s.description,
      loaded_at_field: s.loadedAtField ?? null,
      columns: Object.fromEntries(s.columns.map((c) => [c.name, { name: c.name, description: c.description ?? '', data_type: c.dataType ?? null }])),
      tags: s.tags,
      meta: s.meta,
      fqn: [a.project.name, s.sourceName, s.name],
    };
  }
  return {
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      generator: `floe ${a.generator.version}`,
      project_name: a.project.name,
      adapter_type: Object.values(a.computes)[0]?.type ?? null,
    },
    nodes,
    sources,
    macros: {},
    docs: {},
    exposures: {},
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: a.parentMap,
    child_map: a.childMap,
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: {},
  };
}

/**
 * One node of the manifest (see toDbtManifest). Keys are written in sorted
 * order, and every part taken from `n` is shared, so for a node in sortKeys
 * form the result is in sortKeys form too (compileOutputs relies on it).
 */
export function dbtManifestNode(n: CompiledNode, projectName: string): Record<string, unknown> {
  const node = manifestNodeFields(n, projectName, manifestColumns(n.columns), []);
  // Only tests have these keys at all.
  if (node.test_metadata === undefined) {
    delete node.attached_node;
    delete node.column_name;
    delete node.test_metadata;
  }
  return node;
}

/**
 * JSON.stringify(dbtManifestNode(n, projectName)) for a node in sortKeys
 * form. The object is made only to be serialised, in one JSON.stringify call:
 * that makes about 40% less garbage than joining each field's JSON (and
 * far less than dbtManifestNode's copies), so it may share empty values.
 */
export function dbtManifestNodeJson(n: CompiledNode, projectName: string): string {
  // The undefined test fields of other nodes are left out by JSON.stringify.
  return JSON.stringify(manifestNodeFields(n, projectName, columnsToSerialise(n.columns), NONE));
}

/** A manifest node's fields, keys in sorted order; the test fields are undefined for other nodes. */
function manifestNodeFields(n: CompiledNode, projectName: string, columns: Record<string, unknown>, macros: readonly string[]): Record<string, unknown> {
  const t = n.test?.testName ? n.test : undefined;
  const r = n.relation;
  return {
    alias: r?.identifier ?? n.name,
    attached_node: t ? t.attachedTo ?? null : undefined,
    checksum: { checksum: n.checksum, name: 'sha256' },
    column_name: t ? t.column ?? null : undefined,
    columns,
    compiled: true,
    compiled_code: n.compiledSql,
    config: n.config,
    database: r?.database ?? null,
    depends_on: { macros, nodes: n.dependsOn },
    description: n.description,
    fqn: n.fqn,
    language: 'sql',
    meta: n.meta,
    name: n.name,
    original_file_path: n.path,
    package_name: projectName,
    path: n.path,
    raw_code: n.rawCode,
    relation_name: r?.rendered ?? null,
    resource_type: n.resourceType,
    schema: r?.schema ?? null,
    tags: n.tags,
    test_metadata: t ? { kwargs: withKey(t.kwargs, 'column_name', t.column ?? null), name: t.testName } : undefined,
    unique_id: n.id,
  };
}

/** Shared empty values for objects that are only serialised. */
const NONE: readonly never[] = Object.freeze([]);
const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/**
 * manifestColumns(columns) for JSON.stringify only: columns sorted by name (a later
 * duplicate wins), without the Map and entry arrays, sharing empty meta and tags.
 * Names that an object would enumerate first (array indexes) or not keep
 * (`__proto__`) take manifestColumns.
 */
function columnsToSerialise(columns: CompiledNode['columns']): Record<string, unknown> {
  if (columns.length === 0) return EMPTY;
  if (!columns.every((c) => isPlainKey(c.name))) return manifestColumns(columns);
  const sorted = columns.length > 1 ? columns.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) : columns;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (sorted[i + 1]?.name === c.name) continue;
    out[c.name] = { data_type: c.dataType ?? null, description: c.description ?? '', meta: c.meta ?? EMPTY, name: c.name, tags: c.tags ?? NONE };
  }
  return out;
}

/**
 * True for a key that objects (also after JSON.parse) enumerate in insertion
 * order: not an array index (those come first, in numeric order) and not
 * `__proto__`. Node ids and column names almost always are.
 */
export function isPlainKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return !(c >= 48 && c <= 57) && key !== '__proto__';
}

function manifestColumns(columns: CompiledNode['columns']): Record<string, unknown> {
  return sortedObject(columns.map((c) => [c.name, { data_type: c.dataType ?? null, description: c.description ?? '', meta: c.meta ?? {}, name: c.name, tags: c.tags ?? [] }]));
}

/** Object.fromEntries with the keys in sorted order (a later duplicate wins, as there). */
function sortedObject(entries: [string, unknown][]): Record<string, unknown> {
  const last = new Map(entries);
  const out: Record<string, unknown> = {};
  for (const key of [...last.keys()].sort()) out[key] = last.get(key);
  return out;
}

/** `{ ...obj, [key]: value }` with the keys in sorted order. */
function withKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  return sortedObject([...Object.entries(obj), [key, value]]);
}
