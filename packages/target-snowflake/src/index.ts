import { DEFAULT_CAPABILITIES, FloeError, PLUGIN_API_VERSION, defineTarget } from '@floe/core';
import { snowflakeConfigSchema, type SnowflakeConfig } from './config';
import { createSnowflakeDialect } from './dialect';

export { snowflakeConfigSchema, type SnowflakeConfig, createSnowflakeDialect };

/** Snowflake through the official snowflake-sdk (execution lands with the warehouse-targets issue). */
const snowflake = defineTarget<SnowflakeConfig>({
  name: 'snowflake',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'stable',
  description: 'Snowflake via the official snowflake-sdk',
  configSchema: snowflakeConfigSchema,
  capabilities: {
    ...DEFAULT_CAPABILITIES,
    materializations: ['view', 'table', 'incremental', 'ephemeral', 'snapshot'],
    incrementalStrategies: ['append', 'merge', 'delete+insert'],
    onSchemaChange: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'],
    snapshotStrategies: ['timestamp', 'check'],
    seeds: true,
    transactionalDdl: false,
    atomicSwap: true,
    cancellation: true,
  },
  createDialect: createSnowflakeDialect,
  async connect() {
    throw new FloeError('FLOE_CONNECTION_FAILED', 'running models on Snowflake is not available in this build of Floe yet', {
      hint: '`floe compile` works for Snowflake projects; execution arrives with @floe/target-snowflake 0.2.',
    });
  },
});

export default snowflake;
export { snowflake };
