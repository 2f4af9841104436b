import { DEFAULT_CAPABILITIES, FloeError, PLUGIN_API_VERSION, defineTarget } from '@floe/core';
import { flinkConfigSchema, type FlinkConfig } from './config';
import { createFlinkDialect } from './dialect';

export { flinkConfigSchema, type FlinkConfig, createFlinkDialect };
export * from './clients';

/** Apache Flink through the SQL Gateway, for streaming_table models. Experimental: opt in with `experimental: [flink]`. */
const flink = defineTarget<FlinkConfig>({
  name: 'flink',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'experimental',
  description: 'Apache Flink (SQL Gateway + JobManager REST) with Kafka topics',
  configSchema: flinkConfigSchema,
  capabilities: {
    ...DEFAULT_CAPABILITIES,
    executionModel: 'streaming',
    materializations: ['streaming_table', 'view', 'ephemeral'],
    incrementalStrategies: [],
    snapshotStrategies: [],
    seeds: false,
    tests: true,
    transactionalDdl: false,
    atomicSwap: false,
    cancellation: true,
  },
  createDialect: createFlinkDialect,
  async connect() {
    throw new FloeError('FLOE_CONNECTION_FAILED', 'deploying streaming models is not available in this build of Floe yet', {
      hint: '`floe compile` validates streaming projects; deploys arrive with the Flink target issue.',
    });
  },
});

export default flink;
export { flink };
