import { DEFAULT_CAPABILITIES, PLUGIN_API_VERSION, defineTarget, type TargetCapabilities } from '@floe/core';
import { bigqueryConfigSchema, type BigQueryConfig } from './config';
import { connectBigQuery } from './connection';
import { createBigQueryDialect } from './dialect';

export const bigqueryCapabilities: TargetCapabilities = Object.freeze({
  ...DEFAULT_CAPABILITIES,
  executionModel: 'batch',
  materializations: ['view', 'table', 'incremental', 'ephemeral', 'snapshot'],
  incrementalStrategies: ['append', 'merge', 'delete+insert', 'insert_overwrite'],
  onSchemaChange: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'],
  snapshotStrategies: ['timestamp', 'check'],
  seeds: true,
  tests: true,
  // BigQuery transactions hold DML only; DDL runs outside them (see docs/targets.md#bigquery).
  transactionalDdl: false,
  atomicSwap: true,
  cancellation: true,
}) as TargetCapabilities;

/** BigQuery through the official @google-cloud/bigquery client (loaded only when a connection opens). */
const bigquery = defineTarget<BigQueryConfig>({
  name: 'bigquery',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'stable',
  description: 'Google BigQuery via @google-cloud/bigquery',
  configSchema: bigqueryConfigSchema,
  capabilities: bigqueryCapabilities,
  createDialect: createBigQueryDialect,
  connect: (config, ctx) => connectBigQuery(config, ctx),
});

export default bigquery;
export { bigquery, bigqueryConfigSchema, type BigQueryConfig, createBigQueryDialect };
export { mapType } from './dialect';
export { BigQueryConnection, connectBigQuery, formatBytes } from './connection';
export { Redactor } from './redact';
export * as bigquerySql from './sql/statements';
export { parsePartitionBy, parseClusterBy, partitionExpression, type PartitionBy } from './sql/partitioning';
export { quoteIdentifier, quoteLiteral, type Place } from './sql/quote';
