/**
 * The data the docs site reads (written into assets/data.js). Shared by the
 * Node writer and the browser app, so it holds only JSON values. It is a view
 * of CompiledArtifacts shaped for the page: one flat node list (sources
 * included) with everything a node's page shows.
 */
export const DOCS_DATA_VERSION = 1;

export type DocsJson = string | number | boolean | null | DocsJson[] | { [key: string]: DocsJson };

export type DocsResourceType = 'model' | 'seed' | 'snapshot' | 'test' | 'source';

export interface DocsColumn {
  name: string;
  description?: string;
  /** Declared in YAML (`data_type`). */
  declaredType?: string;
  /** Read from the database catalog when one was available. */
  catalogType?: string;
  tags?: string[];
}

export interface DocsStreaming {
  /** Kafka topic the node reads or writes, when the config names one. */
  topic?: string;
  /** Flink job state (RUNNING, FAILED, ...) when a deployment record was given. */
  jobState?: string;
  jobId?: string;
}

export interface DocsNode {
  id: string;
  resourceType: DocsResourceType;
  name: string;
  /** Sources only: the source's name (`raw` in source('raw', 'orders')). */
  sourceName?: string;
  /** Project-relative path of the owning file, and the 1-based line when known. */
  path: string;
  line?: number;
  fqn: string[];
  packageName: string;
  description: string;
  tags: string[];
  meta: Record<string, DocsJson>;
  compute: string;
  targetType: string;
  materialized: string;
  /** The relation as the target writes it (e.g. "main"."orders"), or null. */
  relation: string | null;
  dependsOn: string[];
  config: Record<string, DocsJson>;
  columns: DocsColumn[];
  rawCode?: string;
  compiledSql?: string;
  test?: { kind: 'generic' | 'singular'; testName?: string; attachedTo?: string; column?: string; severity: string };
  streaming?: DocsStreaming;
}

export interface DocsData {
  docsDataVersion: number;
  project: { name: string; version: string; mode: string; description?: string; owner?: string };
  environment: string;
  generator: string;
  generatedAt: string;
  /** Whether column types were read from a database, and from which computes. */
  catalog: { computes: string[]; notes: string[] };
  nodes: DocsNode[];
}
