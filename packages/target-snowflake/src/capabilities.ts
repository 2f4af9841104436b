import { DEFAULT_CAPABILITIES, type TargetCapabilities } from '@floe/core';

export const snowflakeCapabilities: TargetCapabilities = Object.freeze({
  ...DEFAULT_CAPABILITIES,
  executionModel: 'batch',
  materializations: ['view', 'table', 'incremental', 'ephemeral', 'snapshot'],
  incrementalStrategies: ['append', 'merge', 'delete+insert'],
  onSchemaChange: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'],
  snapshotStrategies: ['timestamp', 'check'],
  seeds: true,
  tests: true,
  // Snowflake commits DDL implicitly; Floe keeps replacements atomic with CREATE OR REPLACE and DML transactions.
  transactionalDdl: false,
  atomicSwap: true,
  cancellation: true,
}) as TargetCapabilities;
