/** Materializations a Floe model may ask for (PROJECT_FORMAT.md §5). */
export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral', 'snapshot', 'streaming_table'] as const;
/** One of {@link MATERIALIZATIONS}. */
export type Materialization = (typeof MATERIALIZATIONS)[number];

/** Incremental strategies a model may ask for. */
export const INCREMENTAL_STRATEGIES = ['append', 'merge', 'delete+insert', 'insert_overwrite'] as const;
/** One of {@link INCREMENTAL_STRATEGIES}. */
export type IncrementalStrategy = (typeof INCREMENTAL_STRATEGIES)[number];

/** The `on_schema_change` modes of incremental models. */
export const ON_SCHEMA_CHANGE = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'] as const;
/** One of {@link ON_SCHEMA_CHANGE}. */
export type OnSchemaChange = (typeof ON_SCHEMA_CHANGE)[number];

/** Snapshot strategies a snapshot may ask for. */
export const SNAPSHOT_STRATEGIES = ['timestamp', 'check'] as const;
/** One of {@link SNAPSHOT_STRATEGIES}. */
export type SnapshotStrategy = (typeof SNAPSHOT_STRATEGIES)[number];

/**
 * What a target can do. Core checks a model's needs against these at compile
 * time, so a missing capability is a compile error, never a run-time surprise.
 * Targets spread `DEFAULT_CAPABILITIES` and override what differs.
 */
export interface TargetCapabilities {
  /** `batch` targets run to completion; `streaming` targets deploy long-running jobs. */
  executionModel: 'batch' | 'streaming';
  materializations: readonly Materialization[];
  incrementalStrategies: readonly IncrementalStrategy[];
  onSchemaChange: readonly OnSchemaChange[];
  snapshotStrategies: readonly SnapshotStrategy[];
  /** Seeds (CSV loads) are supported. */
  seeds: boolean;
  /** Data tests (queries returning failing rows) are supported. */
  tests: boolean;
  /** DDL can run inside a transaction and roll back. */
  transactionalDdl: boolean;
  /** A table can be replaced atomically (swap or transactional rename). */
  atomicSwap: boolean;
  /** Running statements can be cancelled. */
  cancellation: boolean;
}

/** Conservative capabilities a target spreads and overrides: batch, view/table/ephemeral, tests, nothing atomic. */
export const DEFAULT_CAPABILITIES: TargetCapabilities = Object.freeze({
  executionModel: 'batch',
  materializations: ['view', 'table', 'ephemeral'],
  incrementalStrategies: [],
  onSchemaChange: ['ignore'],
  snapshotStrategies: [],
  seeds: false,
  tests: true,
  transactionalDdl: false,
  atomicSwap: false,
  cancellation: false,
}) as TargetCapabilities;
