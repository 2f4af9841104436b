import type { Diagnostic } from '../errors';

/** A physical relation name; `database` is optional on targets without catalogs. */
export interface RelationName {
  database?: string;
  schema: string;
  identifier: string;
}

/** What a dialect sees of a node at compile time (pure data, no I/O). */
export interface DialectNodeInput {
  id: string;
  name: string;
  resourceType: 'model' | 'seed' | 'snapshot' | 'test';
  materialized: string;
  relation: RelationName | null;
  compiledSql: string | null;
  config: Readonly<Record<string, unknown>>;
  columns: readonly { name: string; dataType?: string }[];
  /** Direct upstream nodes and sources, as the dialect may need their columns or topics. */
  upstream: readonly DialectUpstream[];
  /** Project file and position of the model, for diagnostics. */
  file: string;
  line?: number;
  column?: number;
  /** Where config() was called (or the model's position when it was not), for config diagnostics. */
  configAt?: { line: number; column: number };
  /** The model file's template text, so diagnostics can point at a line in it. */
  rawCode?: string;
  /** Project name and environment, for deterministic names (topics, job names). */
  project?: { name: string; environment: string };
}

/** A direct upstream node or source, as a dialect sees it at compile time. */
export interface DialectUpstream {
  id: string;
  kind: 'node' | 'source';
  name: string;
  relation: RelationName | null;
  materialized?: string;
  config: Readonly<Record<string, unknown>>;
  columns: readonly { name: string; dataType?: string }[];
  /** Stream settings of a stream source (Kafka topic, watermark ...), as written in the project. */
  stream?: Readonly<Record<string, unknown>>;
  /** The upstream node's own dialect output; nodes are compiled in dependency order so it is ready. */
  target?: { statements?: readonly string[]; data?: Readonly<Record<string, unknown>> };
}

/** Extra compile output a dialect may attach to a node (e.g. Flink DDL). */
export interface DialectCompileResult {
  /** Statements stored in the artifacts with the node, in order. */
  statements?: string[];
  /** Target-specific data stored under `node.target` in the artifacts. */
  data?: Record<string, unknown>;
  diagnostics?: Diagnostic[];
}

/**
 * The pure, synchronous half of a target: quoting, names and types. It never
 * touches the network, so `floe compile` runs anywhere without credentials.
 */
export interface Dialect {
  readonly name: string;
  quoteIdentifier(name: string): string;
  quoteLiteral(value: string): string;
  renderRelation(relation: RelationName): string;
  /** Maps a logical column type (`bigint`, `decimal(10,2)`, `timestamp(3)` ...) to the target's type. */
  mapType(logicalType: string): string;
  /** The schema used when a model sets none. */
  readonly defaultSchema: string;
  /** The database/catalog used when a model sets none (targets without catalogs return undefined). */
  readonly defaultDatabase?: string;
  /** Optional target-specific checks and outputs for one node, run at compile time. */
  compileNode?(node: DialectNodeInput): DialectCompileResult;
  /**
   * Optional Jinja source of `{% macro <name>__<macro>(...) %}` blocks: this target's versions
   * of dbt's cross-database macros (`<name>__dateadd` ...) or of any macro a project dispatches
   * to with `adapter.dispatch`. `adapter.dispatch('m')` picks `<name>__m` before `default__m`;
   * a project macro of the same name wins over the target's. Since plugin API 1.1.
   */
  readonly macros?: string;
}
