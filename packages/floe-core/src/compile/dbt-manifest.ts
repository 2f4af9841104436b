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

/** One node of the manifest (see toDbtManifest). */
export function dbtManifestNode(n: CompiledNode, projectName: string): Record<string, unknown> {
  return {
    unique_id: n.id,
    resource_type: n.resourceType,
    name: n.name,
    package_name: projectName,
    path: n.path,
    original_file_path: n.path,
    fqn: n.fqn,
    database: n.relation?.database ?? null,
    schema: n.relation?.schema ?? null,
    alias: n.relation?.identifier ?? n.name,
    relation_name: n.relation?.rendered ?? null,
    description: n.description,
    tags: n.tags,
    meta: n.meta,
    config: n.config,
    columns: Object.fromEntries(n.columns.map((c) => [c.name, { name: c.name, description: c.description ?? '', data_type: c.dataType ?? null, meta: c.meta ?? {}, tags: c.tags ?? [] }])),
    depends_on: { nodes: n.dependsOn, macros: [] },
    raw_code: n.rawCode,
    compiled_code: n.compiledSql,
    compiled: true,
    language: 'sql',
    checksum: { name: 'sha256', checksum: n.checksum },
    ...(n.test?.testName ? { test_metadata: { name: n.test.testName, kwargs: { ...n.test.kwargs, column_name: n.test.column ?? null } }, column_name: n.test.column ?? null, attached_node: n.test.attachedTo ?? null } : {}),
  };
}
