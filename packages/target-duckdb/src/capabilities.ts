import { DEFAULT_CAPABILITIES, type TargetCapabilities } from '@floe/core';

export const duckdbCapabilities: TargetCapabilities = Object.freeze({
  ...DEFAULT_CAPABILITIES,
  executionModel: 'batch',
  materializations: ['view', 'table', 'incremental', 'ephemeral', 'snapshot'],
  incrementalStrategies: ['append', 'merge', 'delete+insert'],
  onSchemaChange: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'],
  snapshotStrategies: ['timestamp', 'check'],
  seeds: true,
  tests: true,
  transactionalDdl: true,
  atomicSwap: true,
  cancellation: true,
}) as TargetCapabilities;
