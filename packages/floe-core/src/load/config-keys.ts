/** Valid `materialized` values (PROJECT_FORMAT.md §5). */
export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral', 'snapshot', 'streaming_table'] as const;

/**
 * Config key names for models, seeds, snapshots and tests: dbt's general and
 * resource-specific configs, the common adapter configs of the targets Floe
 * has (DuckDB, Snowflake, BigQuery), and Floe's own (`compute`, `topic`,
 * `state_ttl`). In folder blocks a key is config when `+`-prefixed or listed
 * here; any other key is a folder name.
 */
export const KNOWN_CONFIG_KEYS: ReadonlySet<string> = new Set([
  // general
  'enabled', 'tags', 'pre-hook', 'post-hook', 'pre_hook', 'post_hook', 'database', 'schema', 'alias',
  'persist_docs', 'full_refresh', 'meta', 'grants', 'docs', 'group', 'access', 'quoting', 'contract',
  'event_time', 'freshness',
  // models
  'materialized', 'sql_header', 'on_configuration_change', 'unique_key', 'incremental_strategy',
  'on_schema_change', 'incremental_predicates', 'merge_update_columns', 'merge_exclude_columns',
  'batch_size', 'begin', 'lookback', 'concurrent_batches', 'static_analysis', 'packages', 'python_version',
  'submission_method',
  // seeds
  'column_types', 'delimiter', 'quote_columns',
  // snapshots
  'strategy', 'updated_at', 'check_cols', 'target_schema', 'target_database', 'invalidate_hard_deletes',
  'hard_deletes', 'snapshot_meta_column_names', 'dbt_valid_to_current',
  // tests
  'severity', 'where', 'limit', 'store_failures', 'store_failures_as', 'warn_if', 'error_if', 'fail_calc',
  // adapters: duckdb, snowflake, bigquery
  'file_format', 'location', 'options', 'transient', 'cluster_by', 'automatic_clustering', 'copy_grants',
  'secure', 'query_tag', 'snowflake_warehouse', 'table_tag', 'row_access_policy', 'target_lag',
  'refresh_mode', 'initialize', 'tmp_relation_type', 'partition_by', 'labels', 'hours_to_expiration',
  'kms_key_name', 'require_partition_filter', 'partition_expiration_days', 'partitions', 'policy_tags',
  'enable_refresh', 'refresh_interval_minutes', 'max_staleness',
  // Floe
  'compute', 'topic', 'state_ttl',
]);

/** Keys of a generic test entry that are config, not test arguments. */
export const TEST_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'severity', 'where', 'store_failures', 'store_failures_as', 'enabled', 'tags', 'limit', 'warn_if', 'error_if',
  'meta', 'name', 'alias', 'fail_calc', 'database', 'schema', 'description', 'group',
]);

/** Key names that hold credentials (matched case-insensitively as a whole word part of the key). */
const SECRET_WORDS = /(^|[_\-.])(password|passwd|token|private_key|secret|api_key|apikey)([_\-.]|$)/;

export function isCredentialKey(key: string): boolean {
  return SECRET_WORDS.test(key.toLowerCase());
}
