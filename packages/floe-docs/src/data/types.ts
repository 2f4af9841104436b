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

/** What the page needs at load for every node: the graph, the tree, search and selectors. */
export interface DocsNodeSummary {
  id: string;
  resourceType: DocsResourceType;
  name: string;
  /** Sources only: the source's name (`raw` in source('raw', 'orders')). */
  sourceName?: string;
  /** Project-relative path of the owning file. */
  path: string;
  fqn: string[];
  packageName: string;
  tags: string[];
  materialized: string;
  dependsOn: string[];
  /** Needed at load by `config.KEY:VALUE` selectors. */
  config: Record<string, DocsJson>;
  test?: { kind: 'generic' | 'singular'; testName?: string; attachedTo?: string; column?: string; severity?: string };
  streaming?: DocsStreaming;
}

/** What only a node's page shows; the site loads it in chunks when a node is opened. */
export interface DocsNodeDetails {
  description: string;
  meta: Record<string, DocsJson>;
  compute: string;
  targetType: string;
  /** The relation as the target writes it (e.g. "main"."orders"), or null. */
  relation: string | null;
  /** 1-based line in the owning file, when known. */
  line?: number;
  columns: DocsColumn[];
  rawCode?: string;
  compiledSql?: string;
}

export type DocsNode = DocsNodeSummary & DocsNodeDetails;

interface DocsHeader {
  docsDataVersion: number;
  project: { name: string; version: string; mode: string; description?: string; owner?: string };
  environment: string;
  generator: string;
  generatedAt: string;
  /** Whether column types were read from a database, and from which computes. */
  catalog: { computes: string[]; notes: string[] };
}

/** Everything about the project's nodes (sources first, then nodes, each in id order). */
export interface DocsData extends DocsHeader {
  nodes: DocsNode[];
}

/**
 * A summary as stored in data.js, made smaller for large projects: parents as
 * node positions (`deps`) instead of ids; `packageName` left out when it is the
 * project's; `fqn` left out when it is the usual one (see `defaultFqn`).
 */
export type DocsSiteNode = Omit<DocsNodeSummary, 'dependsOn' | 'fqn' | 'packageName'> & { deps: number[]; fqn?: string[]; packageName?: string };

/**
 * What the site's assets/data.js holds: summaries of every node. Details of
 * node i are entry `i % chunkSize` of assets/details/<floor(i / chunkSize)>.js.
 */
export interface DocsSiteIndex extends DocsHeader {
  chunkSize: number;
  chunks: number;
  nodes: DocsSiteNode[];
}

/** [package, folders below the resource root..., name]: what the compiler gives models, seeds, tests and snapshots. */
export function defaultFqn(packageName: string, path: string, name: string): string[] {
  const dirs = path.split('/').slice(1, -1);
  return [packageName, ...dirs, name];
}

/** Expands data.js nodes back into summaries. */
export function inflateSiteNodes(index: DocsSiteIndex): DocsNodeSummary[] {
  const nodes = index.nodes;
  return nodes.map((n) => {
    const { deps, fqn, packageName, ...rest } = n;
    const pkg = packageName ?? index.project.name;
    return { ...rest, packageName: pkg, fqn: fqn ?? defaultFqn(pkg, n.path, n.name), dependsOn: deps.map((i) => nodes[i]!.id) };
  });
}
