import { escapeAssetKey, nodeRunMetadata, openPipesSession, readFloeExtras, testRunMetadata } from '@floe/plugin-dagster';
import type { CompiledArtifacts, RunEvent } from '@floe/core';
import type { Io } from './context';

export interface PipesBridge {
  onEvent(e: RunEvent): void;
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
    async close(error) {
      session.close(error);
      void io;
    },
  };
}
