import { deployMetadata, escapeAssetKey, nodeRunMetadata, openPipesSession, readFloeExtras, testRunMetadata } from '@floe/plugin-dagster';
import type { CompiledArtifacts, RunEvent } from '@floe/core';
import type { Io } from './context';

/** One streaming model `floe deploy` started, upgraded (through a savepoint) or adopted. */
export interface DeployedStreamingModel {
  /** The model's name. */
  model: string;
  jobName: string;
  jobId: string;
  action: 'started' | 'adopted' | 'upgraded';
}

export interface PipesBridge {
  onEvent(e: RunEvent): void;
  /** A materialization per deployed streaming model, with the Flink job that runs it. */
  onDeployed(models: readonly DeployedStreamingModel[], durationSeconds: number): void;
  close(error?: Error): Promise<void>;
}

/**
 * When Dagster launched this process through Pipes (DAGSTER_PIPES_CONTEXT is
 * set), report each finished node: a materialization per model/seed/snapshot
 * and an asset check result per test, under the names the code location chose.
 */
export function openPipes(artifacts: CompiledArtifacts, io: Io): PipesBridge | undefined {
  const session = openPipesSession(process.env);
  if (!session) return undefined;
  const extras = readFloeExtras(session.context);
  const keyOf = (id: string) => extras?.assetKeys[id] ?? escapeAssetKey([artifacts.nodes[id]?.name ?? id]);
  session.log('INFO', `floe ${artifacts.generator.version}: project ${artifacts.project.name}, environment ${artifacts.environment}`);
  return {
    onEvent(e) {
      if (e.type !== 'node_finished') return;
      const node = artifacts.nodes[e.uniqueId];
      if (!node) return;
      const r = e.result;
      if (node.resourceType === 'test') {
        const check = extras?.checks[node.id];
        const attached = node.test?.attachedTo;
        // With extras, Dagster told us exactly which checks it declared; report only those.
        if (extras ? !check : !attached) return;
        if (r.status === 'skipped') return;
        session.reportCheck({
          assetKey: check?.assetKey ?? keyOf(attached!),
          checkName: check?.checkName ?? node.name,
          passed: r.status === 'pass',
          severity: node.test?.severity === 'warn' ? 'WARN' : 'ERROR',
          metadata: testRunMetadata({ failures: r.failures ?? 0, durationSeconds: r.executionTime, compiledSql: node.compiledSql, ...(r.message ? { message: r.message } : {}) }),
        });
      } else if (extras && !extras.assetKeys[node.id]) {
        return;
      } else if (r.status === 'success') {
        session.reportMaterialization({
          assetKey: keyOf(node.id),
          dataVersion: node.checksum,
          metadata: nodeRunMetadata({
            ...(r.rowsAffected !== undefined ? { rowsAffected: r.rowsAffected } : {}),
            durationSeconds: r.executionTime,
            checksum: r.compiledSqlChecksum,
            compiledSql: node.compiledSql,
            ...(node.relation ? { relation: node.relation.rendered } : {}),
            materialized: node.materialized,
          }),
        });
      } else {
        session.log(r.status === 'skipped' ? 'WARNING' : 'ERROR', `${node.name}: ${r.status}${r.message ? `: ${r.message}` : ''}`);
      }
    },
    onDeployed(models, durationSeconds) {
      for (const m of models) {
        const node = Object.values(artifacts.nodes).find((n) => n.resourceType === 'model' && n.name === m.model);
        if (!node || (extras && !extras.assetKeys[node.id])) continue;
        const jobUrl = flinkJobUrl(artifacts, node.compute, m.jobId);
        session.reportMaterialization({
          assetKey: keyOf(node.id),
          dataVersion: node.checksum,
          metadata: deployMetadata({
            jobName: m.jobName,
            jobId: m.jobId,
            action: m.action,
            checksum: node.checksum,
            durationSeconds,
            compiledSql: node.compiledSql,
            ...(streamingTopic(node.target) ? { topic: streamingTopic(node.target)! } : {}),
            ...(jobUrl ? { jobUrl } : {}),
          }),
        });
      }
    },
    async close(error) {
      session.close(error);
      void io;
    },
  };
}

/** The sink topic the Flink dialect recorded for a streaming model (read generically: the CLI's bridge knows no target package). */
function streamingTopic(target: unknown): string | undefined {
  const topic = (target as { data?: { flink?: { job?: { topic?: unknown } } } } | undefined)?.data?.flink?.job?.topic;
  return typeof topic === 'string' ? topic : undefined;
}

/** The Flink web UI page of a job, from the compute's `jobmanager` URL (credentials and query dropped). */
function flinkJobUrl(artifacts: CompiledArtifacts, compute: string, jobId: string): string | undefined {
  const raw = (artifacts.computes[compute]?.config as { jobmanager?: unknown } | undefined)?.jobmanager;
  const value = typeof raw === 'object' && raw !== null ? (raw as { url?: unknown }).url : raw;
  if (typeof value !== 'string' || !value) return undefined;
  try {
    const u = new URL(value);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}/#/job/running/${jobId}/overview`;
  } catch {
    return undefined;
  }
}
