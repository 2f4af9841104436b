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
  const t = n.test?.testName ? n.test : undefined;
  return {
    alias: n.relation?.identifier ?? n.name,
    ...(t ? { attached_node: t.attachedTo ?? null } : {}),
    checksum: { checksum: n.checksum, name: 'sha256' },
    ...(t ? { column_name: t.column ?? null } : {}),
    columns: manifestColumns(n.columns),
    compiled: true,
    compiled_code: n.compiledSql,
    config: n.config,
    database: n.relation?.database ?? null,
    depends_on: { macros: [], nodes: n.dependsOn },
    description: n.description,
    fqn: n.fqn,
    language: 'sql',
    meta: n.meta,
    name: n.name,
    original_file_path: n.path,
    package_name: projectName,
    path: n.path,
    raw_code: n.rawCode,
    relation_name: n.relation?.rendered ?? null,
    resource_type: n.resourceType,
    schema: n.relation?.schema ?? null,
    tags: n.tags,
    ...(t ? { test_metadata: { kwargs: withKey(t.kwargs, 'column_name', t.column ?? null), name: t.testName } } : {}),
    unique_id: n.id,
  };
}

/**
 * JSON.stringify(dbtManifestNode(n, name)) for a node in sortKeys form,
 * written out field by field without building the node object: for 10,000
 * models that object tree cost more to build and collect than the text.
 * `projectNameJson` is JSON.stringify(projectName).
 */
export function dbtManifestNodeJson(n: CompiledNode, projectNameJson: string): string {
  const j = JSON.stringify;
  const t = n.test?.testName ? n.test : undefined;
  const r = n.relation;
  const columns = n.columns.length ? j(manifestColumns(n.columns)) : '{}';
  return (
    `{"alias":${j(r?.identifier ?? n.name)}` +
    (t ? `,"attached_node":${j(t.attachedTo ?? null)}` : '') +
    `,"checksum":{"checksum":${j(n.checksum)},"name":"sha256"}` +
    (t ? `,"column_name":${j(t.column ?? null)}` : '') +
    `,"columns":${columns},"compiled":true` +
    field('compiled_code', n.compiledSql) +
    field('config', n.config) +
    `,"database":${j(r?.database ?? null)},"depends_on":{"macros":[],"nodes":${j(n.dependsOn)}}` +
    field('description', n.description) +
    field('fqn', n.fqn) +
    `,"language":"sql"` +
    field('meta', n.meta) +
    field('name', n.name) +
    field('original_file_path', n.path) +
    `,"package_name":${projectNameJson}` +
    field('path', n.path) +
    field('raw_code', n.rawCode) +
    `,"relation_name":${j(r?.rendered ?? null)}` +
    field('resource_type', n.resourceType) +
    `,"schema":${j(r?.schema ?? null)}` +
    field('tags', n.tags) +
    (t ? `,"test_metadata":${j({ kwargs: withKey(t.kwargs, 'column_name', t.column ?? null), name: t.testName })}` : '') +
    field('unique_id', n.id) +
    '}'
  );
}

function manifestColumns(columns: CompiledNode['columns']): Record<string, unknown> {
  return sortedObject(columns.map((c) => [c.name, { data_type: c.dataType ?? null, description: c.description ?? '', meta: c.meta ?? {}, name: c.name, tags: c.tags ?? [] }]));
}

/** `,"key":<json>`, or nothing for undefined (as JSON.stringify drops it). */
function field(key: string, value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined ? '' : `,"${key}":${json}`;
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
