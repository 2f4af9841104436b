import { DEFAULT_CAPABILITIES, FloeError, PLUGIN_API_VERSION, defineTarget } from '@floe/core';
import { bigqueryConfigSchema, type BigQueryConfig } from './config';
import { createBigQueryDialect } from './dialect';

export { bigqueryConfigSchema, type BigQueryConfig, createBigQueryDialect };

/** BigQuery through the official @google-cloud/bigquery client (execution lands with the warehouse-targets issue). */
const bigquery = defineTarget<BigQueryConfig>({
  name: 'bigquery',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'stable',
  description: 'Google BigQuery via @google-cloud/bigquery',
  configSchema: bigqueryConfigSchema,
  capabilities: {
    ...DEFAULT_CAPABILITIES,
    materializations: ['view', 'table', 'incremental', 'ephemeral', 'snapshot'],
    incrementalStrategies: ['append', 'merge', 'insert_overwrite'],
    onSchemaChange: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'],
    snapshotStrategies: ['timestamp', 'check'],
    seeds: true,
    transactionalDdl: true,
    atomicSwap: true,
    cancellation: true,
  },
  createDialect: createBigQueryDialect,
  async connect() {
    throw new FloeError('FLOE_CONNECTION_FAILED', 'running models on BigQuery is not available in this build of Floe yet', {
      hint: '`floe compile` works for BigQuery projects; execution arrives with @floe/target-bigquery 0.2.',
    });
  },
});

export default bigquery;
export { bigquery };
