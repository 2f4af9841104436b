import type { CompiledArtifacts, CompiledNode, CompiledSource } from '@floe/core';
import type { DocsCatalog } from '../catalog/catalog-types';
import { catalogColumns } from '../catalog/catalog-types';
import { DOCS_DATA_VERSION, type DocsColumn, type DocsData, type DocsJson, type DocsNode, type DocsStreaming } from './types';

/** A streaming job's last known state, keyed by node id (e.g. from a deployment ledger). */
export type JobStates = Record<string, { state?: string; jobId?: string }>;

export interface BuildDocsDataOptions {
  catalog?: DocsCatalog;
  jobStates?: JobStates;
  /** Fixed timestamp for reproducible output (tests); defaults to now. */
  generatedAt?: string;
}

/** Maps compiled artifacts (plus optional catalog and job states) onto the page's data. */
export function buildDocsData(artifacts: CompiledArtifacts, options: BuildDocsDataOptions = {}): DocsData {
  const nodes: DocsNode[] = [];
  for (const id of Object.keys(artifacts.sources).sort()) nodes.push(fromSource(artifacts, artifacts.sources[id]!, options));
  for (const id of Object.keys(artifacts.nodes).sort()) nodes.push(fromNode(artifacts, artifacts.nodes[id]!, options));
  const project: DocsData['project'] = { name: artifacts.project.name, version: artifacts.project.version, mode: artifacts.project.mode };
  if (artifacts.project.description) project.description = artifacts.project.description;
  if (artifacts.project.owner) project.owner = artifacts.project.owner;
  return {
    docsDataVersion: DOCS_DATA_VERSION,
    project,
    environment: artifacts.environment,
    generator: `${artifacts.generator.name} ${artifacts.generator.version}`,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    catalog: { computes: options.catalog?.computes ?? [], notes: options.catalog?.notes ?? [] },
    nodes,
  };
}

function fromNode(artifacts: CompiledArtifacts, n: CompiledNode, options: BuildDocsDataOptions): DocsNode {
  const out: DocsNode = {
    id: n.id,
    resourceType: n.resourceType,
    name: n.name,
    path: n.path,
    fqn: n.fqn,
    packageName: artifacts.project.name,
    description: n.description,
    tags: n.tags,
    meta: n.meta as Record<string, DocsJson>,
    compute: n.compute,
    targetType: n.targetType,
    materialized: n.materialized,
    relation: n.relation?.rendered ?? null,
    dependsOn: n.dependsOn,
    config: n.config as Record<string, DocsJson>,
    columns: mergeColumns(n.columns, n.seed?.header, options.catalog, n.compute, n.relation),
    rawCode: n.rawCode,
  };
  if (n.location) out.line = n.location.line;
  if (n.compiledSql !== null) out.compiledSql = n.compiledSql;
  if (n.test) {
    out.test = { kind: n.test.kind, severity: n.test.severity };
    if (n.test.testName) out.test.testName = n.test.testName;
    if (n.test.attachedTo) out.test.attachedTo = n.test.attachedTo;
    if (n.test.column) out.test.column = n.test.column;
  }
  const streaming = streamingOf(artifacts, n.compute, n.materialized, [n.config, n.target?.data], n.target?.statements, options.jobStates?.[n.id]);
  if (streaming) out.streaming = streaming;
  return out;
}

function fromSource(artifacts: CompiledArtifacts, s: CompiledSource, options: BuildDocsDataOptions): DocsNode {
  const out: DocsNode = {
    id: s.id,
    resourceType: 'source',
    name: s.name,
    sourceName: s.sourceName,
    path: s.path,
    // dbt's fqn for a source: package, source name, table (the selector's source: method reads sourceName/name)
    fqn: [artifacts.project.name, s.sourceName, s.name],
    packageName: artifacts.project.name,
    description: s.description,
    tags: s.tags,
    meta: s.meta as Record<string, DocsJson>,
    compute: s.compute,
    targetType: s.targetType,
    materialized: 'source',
    relation: s.relation?.rendered ?? null,
    dependsOn: [],
    config: {
      ...(s.loadedAtField ? { loaded_at_field: s.loadedAtField } : {}),
      ...(s.freshness ? { freshness: s.freshness as DocsJson } : {}),
      ...(s.stream ? { stream: s.stream as DocsJson } : {}),
    },
    columns: mergeColumns(s.columns, undefined, options.catalog, s.compute, s.relation),
  };
  if (s.location) out.line = s.location.line;
  const streaming = streamingOf(artifacts, s.compute, 'source', [s.stream, s.meta], undefined, options.jobStates?.[s.id]);
  if (streaming) out.streaming = streaming;
  return out;
}

/** Declared columns first (in YAML order), then columns only the catalog (or a seed header) knows. */
function mergeColumns(
  declared: CompiledNode['columns'],
  seedHeader: string[] | undefined,
  catalog: DocsCatalog | undefined,
  compute: string,
  relation: CompiledNode['relation'],
): DocsColumn[] {
  const fromDb = relation ? catalogColumns(catalog, compute, relation) : undefined;
  const out: DocsColumn[] = [];
  const seen = new Set<string>();
  for (const c of declared) {
    const col: DocsColumn = { name: c.name };
    if (c.description) col.description = c.description;
    if (c.dataType) col.declaredType = c.dataType;
    if (c.tags?.length) col.tags = c.tags;
    const t = fromDb?.get(c.name.toLowerCase());
    if (t) col.catalogType = t.type;
    out.push(col);
    seen.add(c.name.toLowerCase());
  }
  for (const t of fromDb?.values() ?? []) {
    if (!seen.has(t.name.toLowerCase())) {
      out.push({ name: t.name, catalogType: t.type });
      seen.add(t.name.toLowerCase());
    }
  }
  for (const h of seedHeader ?? []) if (!seen.has(h.toLowerCase())) out.push({ name: h });
  return out;
}

/**
 * A node is streaming when its compute runs streaming jobs (Flink) or its
 * materialization says so. The topic is looked up in its config (`topic`,
 * `kafka.topic`, `sink.topic`, ...) and, failing that, in compiled DDL
 * (`'topic' = '...'`).
 */
function streamingOf(
  artifacts: CompiledArtifacts,
  compute: string,
  materialized: string,
  configs: unknown[],
  statements: string[] | undefined,
  job: { state?: string; jobId?: string } | undefined,
): DocsStreaming | undefined {
  const model = artifacts.computes[compute]?.executionModel;
  const isStreaming = model === 'streaming' || materialized.startsWith('streaming') || job !== undefined;
  if (!isStreaming) return undefined;
  const out: DocsStreaming = {};
  const topic = configs.map((c) => findTopic(c, 0)).find((t) => t !== undefined) ?? topicInDdl(statements);
  if (topic) out.topic = topic;
  if (job?.state) out.jobState = job.state;
  if (job?.jobId) out.jobId = job.jobId;
  return out;
}

function findTopic(value: unknown, depth: number): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 3) return undefined;
  const rec = value as Record<string, unknown>;
  for (const key of ['topic', 'kafka_topic', 'sink_topic']) if (typeof rec[key] === 'string') return rec[key] as string;
  for (const v of Object.values(rec)) {
    const t = findTopic(v, depth + 1);
    if (t) return t;
  }
  return undefined;
}

function topicInDdl(statements: string[] | undefined): string | undefined {
  for (const s of statements ?? []) {
    const m = /'topic'\s*=\s*'([^']+)'/i.exec(s);
    if (m) return m[1];
  }
  return undefined;
}
