/**
 * Dagster Pipes protocol, version 0.1: the shapes exchanged between Dagster
 * (orchestration side) and an external process (here: the floe CLI). They
 * mirror the TypedDicts of the `dagster-pipes` Python package and the JSON
 * schemas in dagster-io/community-integrations.
 */

export const PIPES_PROTOCOL_VERSION = '0.1';
export const DAGSTER_PIPES_CONTEXT_ENV_VAR = 'DAGSTER_PIPES_CONTEXT';
export const DAGSTER_PIPES_MESSAGES_ENV_VAR = 'DAGSTER_PIPES_MESSAGES';

export type PipesMethod =
  | 'opened'
  | 'closed'
  | 'log'
  | 'report_asset_materialization'
  | 'report_asset_check'
  | 'report_custom_message'
  | 'log_external_stream';

export interface PipesMessage {
  __dagster_pipes_version: string;
  method: PipesMethod;
  params: Record<string, unknown> | null;
}

export interface PipesPartitionKeyRange {
  start: string;
  end: string;
}

export interface PipesTimeWindow {
  start: string;
  end: string;
}

export interface PipesDataProvenance {
  code_version: string;
  input_data_versions: Record<string, string>;
  is_user_provided: boolean;
}

/** What Dagster passes to the external process (DAGSTER_PIPES_CONTEXT). */
export interface PipesContextData {
  asset_keys: string[] | null;
  code_version_by_asset_key: Record<string, string | null> | null;
  provenance_by_asset_key: Record<string, PipesDataProvenance | null> | null;
  partition_key: string | null;
  partition_key_range: PipesPartitionKeyRange | null;
  partition_time_window: PipesTimeWindow | null;
  run_id: string;
  job_name: string | null;
  retry_number: number;
  extras: Record<string, unknown>;
}

export type PipesAssetCheckSeverity = 'WARN' | 'ERROR';

export type PipesLogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export const PIPES_METADATA_TYPES = [
  '__infer__',
  'text',
  'url',
  'path',
  'notebook',
  'json',
  'md',
  'float',
  'int',
  'bool',
  'dagster_run',
  'asset',
  'null',
  'table',
  'table_schema',
  'table_column_lineage',
  'timestamp',
] as const;

export type PipesMetadataType = (typeof PIPES_METADATA_TYPES)[number];

/** The exception payload of a `closed` message. */
export interface PipesException {
  message: string;
  stack: string[];
  name: string | null;
  cause: PipesException | null;
  context: PipesException | null;
}
