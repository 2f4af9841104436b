import { DEFAULT_CAPABILITIES, PLUGIN_API_VERSION, defineTarget } from '@floe/core';
import { flinkConfigSchema, type FlinkConfig } from './config';
import { createFlinkDialect } from './dialect';
import { FlinkConnection } from './deploy/flink-connection';

export { flinkConfigSchema, type FlinkConfig, createFlinkDialect };
export * from './clients';
export { FlinkConnection, foldChangelog, isFlinkConnection, type DeployOptions, type DeployResult, type DeployedModel, type ModelStatus, type PlanResult } from './deploy/flink-connection';
export { planDeployment, type DeployStep, type DeployProblem, type ClusterState } from './deploy/deploy-plan';
export { classifyChange, type ChangeKind, type ModelChange, type Replay, type DeployedRecord } from './deploy/upgrade-plan';
export { matchPlans, carryIdentities, statefulNodes, type CompiledPlan, type CompiledPlanNode, type PlanMatch, type StatefulNode, type StateRole } from './deploy/compiled-plan';
export { StateDir, type Ledger, type LedgerModel, type LedgerStep } from './deploy/ledger';
export { Upgrader, innermostCause, type JobLaunch, type PlannedModel, type UpgradeHost } from './deploy/upgrader';
export { streamingModels, type StreamingModel } from './deploy/streaming-models';
export { jobNameFor, type FlinkNodeData, type FlinkJobSpec } from './compile/streaming-data';
export { renderPrelude, type FlinkObject, type KafkaTableSpec } from './compile/flink-objects';

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
  async connect(config, ctx) {
    const conn = new FlinkConnection(config, ctx);
    await conn.ping();
    return conn;
  },
});

export default flink;
export { flink };
export { readTopicSnapshot, snapshotTableSql, tableFromRecords, type TopicSnapshotSpec } from './snapshot/topic-snapshot';
