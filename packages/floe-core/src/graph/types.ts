/** Resource kinds that live in the dependency graph. */
export type GraphResourceType = 'model' | 'seed' | 'snapshot' | 'test' | 'source';

export const GRAPH_RESOURCE_TYPES: readonly GraphResourceType[] = ['model', 'seed', 'snapshot', 'test', 'source'];

/**
 * One node of the dependency graph, as the compiler hands it over. The graph
 * never reads files: everything selectors need is here.
 */
export interface GraphNode {
  /** Unique id, e.g. `model.shop.orders`, `source.shop.raw.orders`, `test.shop.unique_orders_order_id.abc123`. */
  id: string;
  resourceType: GraphResourceType;
  /** Model/seed/snapshot/test name; for sources the table name. */
  name: string;
  /** Sources only: the source's name (`raw` in `source('raw', 'orders')`). */
  sourceName?: string;
  /** Ids of the parents. Tests depend on what they test. */
  dependsOn: readonly string[];
  tags: readonly string[];
  /** Project-relative file path with `/` separators (for generic tests and sources: the YAML file). */
  path: string;
  /** `[package, ...folders, name]`. */
  fqn: readonly string[];
  packageName: string;
  config: Readonly<Record<string, unknown>>;
  /** Checksum of compiled SQL and config, compared by `state:modified`. */
  checksum?: string;
  testMeta?: {
    /** Generic tests: the test's name (`unique`, `accepted_values`, `expression_is_true`). */
    testName?: string;
    kind: 'generic' | 'singular';
    /** The node id the test is declared on (generic tests). */
    attachedTo?: string;
  };
}

/** A `dependsOn` entry that names no node in the graph. */
export interface MissingDependency {
  /** The node that declares the dependency. */
  node: string;
  /** The id it names. */
  missing: string;
}
