import type { CompiledArtifacts, CompiledNode, CompiledSource } from '../artifacts/schema';
import type { RelationName } from '../plugin/dialect';
import type { LoadedProject, SourceDecl } from '../project/types';
import type { DependencyGraph } from '../graph';
import { sortKeys } from '../artifacts/serialize';
import type { ResolvedCompute } from './resolve-computes';
import type { WorkNode } from './work-nodes';

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
  const nodes: Record<string, CompiledNode> = {};
  for (const n of [...input.nodes].sort((a, b) => a.id.localeCompare(b.id))) nodes[n.id] = toNode(n);
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
  return sortKeys({
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
    nodes,
    sources,
    schedules: input.schedules,
    parentMap,
    childMap,
  }) as CompiledArtifacts;
}

/** One node as toArtifacts writes it (keys sorted), for incremental recompiles. */
export function toArtifactNode(n: WorkNode): CompiledNode {
  return sortKeys(toNode(n)) as CompiledNode;
}

function toNode(n: WorkNode): CompiledNode {
  const dialect = n.compute!.dialect;
  const rel = n.relation ? { ...n.relation, rendered: dialect.renderRelation(n.relation) } : null;
  return {
    id: n.id,
    resourceType: n.resourceType,
    name: n.name,
    path: n.path,
    location: { file: n.at.file, line: n.at.line, column: n.at.column },
    fqn: n.fqn,
    description: n.description,
    tags: n.tags,
    meta: json(n.meta),
    compute: n.compute!.name,
    targetType: n.compute!.plugin.name,
    materialized: String(n.config.materialized),
    relation: rel,
    dependsOn: [...n.dependsOn].sort(),
    config: json(n.config),
    columns: n.columns.map((c) => ({ ...c, ...(c.meta ? { meta: json(c.meta) } : {}) })) as CompiledNode['columns'],
    rawCode: n.rawCode,
    compiledSql: n.resourceType === 'seed' ? null : n.compiledSql ?? null,
    ...(n.compiledIncrementalSql !== undefined ? { compiledIncrementalSql: n.compiledIncrementalSql } : {}),
    checksum: n.checksum ?? '',
    ...(n.test ? { test: { ...n.test, kwargs: json(n.test.kwargs) } } : {}),
    ...(n.seed ? { seed: n.seed } : {}),
    ...(n.targetData ? { target: json(n.targetData) as CompiledNode['target'] } : {}),
  };
}

/** Plain JSON (dates to ISO strings, bigint to strings, undefined dropped). */
function json<T = Record<string, unknown>>(value: unknown): T {
  return JSON.parse(JSON.stringify(value ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as T;
}
