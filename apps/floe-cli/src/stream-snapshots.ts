import { FloeError, closeAll, connectComputes, envSecretResolver, silentLogger, type CompiledArtifacts, type PluginRegistry } from '@floe/core/internal';
import { createKafkaClient, readTopicSnapshot, snapshotTableSql } from '@floe/target-flink-experimental';
import type { Io } from './context';

/**
 * Stream sources declared on a batch compute (a topic, e.g. a streaming model's
 * upsert sink, read by a batch model): before the run, each one the selection
 * reads is loaded from a bounded read of its topic into its relation.
 */
export async function loadStreamSnapshots(artifacts: CompiledArtifacts, registry: PluginRegistry, projectDir: string, nodeIds: readonly string[], io: Io): Promise<void> {
  const read = new Set(nodeIds.flatMap((id) => artifacts.nodes[id]?.dependsOn ?? []));
  const sources = Object.values(artifacts.sources).filter((s) => s.stream && read.has(s.id) && artifacts.computes[s.compute]?.executionModel === 'batch');
  if (sources.length === 0) return;
  const brokers = Object.values(artifacts.computes)
    .map((c) => (c.config.kafka as { brokers?: unknown } | undefined)?.brokers)
    .find((b): b is string[] => Array.isArray(b) && b.length > 0);
  if (!brokers) {
    throw new FloeError('FLOE_CONFIG_REQUIRED', `source ${sources[0]!.sourceName}.${sources[0]!.name} is a Kafka stream on a batch compute, but no compute in this environment names Kafka brokers`, {
      hint: 'Add a flink compute with kafka: { brokers: [...] } to platform.yaml.',
    });
  }
  const kafka = createKafkaClient({ brokers, clientId: 'floe-snapshot' });
  const computes = [...new Set(sources.map((s) => s.compute))];
  const conns = await connectComputes({ artifacts, registry, projectDir, computes, resolveSecret: envSecretResolver, logger: silentLogger });
  try {
    for (const s of sources) {
      const compute = artifacts.computes[s.compute]!;
      const plugin = registry.getTarget(compute.type);
      const parsed = plugin.configSchema.safeParse({ ...compute.config, type: compute.type });
      if (!parsed.success || !s.relation) throw new FloeError('FLOE_TARGET_CONFIG_INVALID', `compute "${s.compute}": cannot load the snapshot of source ${s.sourceName}.${s.name}`);
      const dialect = plugin.createDialect(parsed.data);
      const k = s.stream!.kafka as { topic: string; key?: string[] };
      const spec = { topic: k.topic, ...(k.key ? { key: k.key } : {}), columns: s.columns.map((c) => ({ name: c.name, ...(c.dataType ? { dataType: c.dataType } : {}) })) };
      const rows = await readTopicSnapshot(kafka, spec);
      for (const sql of snapshotTableSql(dialect, s.relation, spec, rows)) await conns.get(s.compute)!.execute(sql);
      io.err(`snapshot: topic ${k.topic} → ${dialect.renderRelation(s.relation)} (${rows.length} row${rows.length === 1 ? '' : 's'})\n`);
    }
  } finally {
    await closeAll(conns, silentLogger);
    await kafka.close();
  }
}
