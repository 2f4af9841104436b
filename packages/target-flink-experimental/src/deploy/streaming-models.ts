import { FloeError, type CompiledArtifacts, type CompiledNode } from '@floe/core';
import type { FlinkObject, KafkaTableSpec } from '../compile/flink-objects';
import { isFlinkNodeData, type FlinkJobSpec, type FlinkNodeData } from '../compile/streaming-data';

/** A streaming_table model as the deployer sees it: its job, the objects its session needs, its checksum. */
export interface StreamingModel {
  id: string;
  name: string;
  compute: string;
  checksum: string;
  job: FlinkJobSpec;
  prelude: FlinkObject[];
  /** Streaming models this one reads (started before it). */
  upstreamModels: string[];
}

export function flinkData(node: CompiledNode): FlinkNodeData | undefined {
  const d = node.target?.data?.flink;
  return isFlinkNodeData(d) ? d : undefined;
}

/**
 * The streaming_table models among `nodeIds` (all when omitted), in dependency
 * order, so a job starts only after the jobs whose topics it reads.
 */
export function streamingModels(artifacts: CompiledArtifacts, nodeIds?: readonly string[]): StreamingModel[] {
  const wanted = nodeIds ? new Set(nodeIds) : undefined;
  const all = Object.values(artifacts.nodes).filter((n) => n.resourceType === 'model' && n.materialized === 'streaming_table');
  const models = new Map<string, StreamingModel>();
  for (const n of all) {
    const data = flinkData(n);
    if (!data?.job) throw new FloeError('FLOE_ARTIFACTS_INCOMPATIBLE', `streaming model "${n.name}" has no compiled Flink job in the artifacts`, { hint: 'Re-compile with this version of Floe.' });
    models.set(n.id, { id: n.id, name: n.name, compute: n.compute, checksum: n.checksum, job: data.job, prelude: data.prelude, upstreamModels: [] });
  }
  // Transitive streaming upstreams through views and ephemerals.
  const upstreamOf = (id: string, seen = new Set<string>()): string[] => {
    const node = artifacts.nodes[id];
    if (!node) return [];
    const out: string[] = [];
    for (const dep of node.dependsOn) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      if (models.has(dep)) out.push(dep);
      else out.push(...upstreamOf(dep, seen));
    }
    return out;
  };
  for (const m of models.values()) m.upstreamModels = upstreamOf(m.id);
  const order: StreamingModel[] = [];
  const done = new Set<string>();
  const visit = (m: StreamingModel) => {
    if (done.has(m.id)) return;
    done.add(m.id);
    for (const u of m.upstreamModels) visit(models.get(u)!);
    order.push(m);
  };
  for (const m of [...models.values()].sort((a, b) => a.name.localeCompare(b.name))) visit(m);
  return wanted ? order.filter((m) => wanted.has(m.id)) : order;
}

/** Kafka tables in a prelude: the sinks Floe owns and the source topics it reads. */
export function kafkaTables(prelude: readonly FlinkObject[]): KafkaTableSpec[] {
  return prelude.filter((o): o is KafkaTableSpec => o.kind === 'kafka-table');
}
