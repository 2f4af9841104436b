import type { FlinkObject } from './flink-objects';

/** What the Flink dialect stores under `node.target.data` (JSON), read by the deployer and by dependants at compile time. */
export interface FlinkNodeData {
  /** Append-only or updating output (Flink's changelog mode, as derived at compile time). */
  changelog: 'append' | 'updating';
  /** Columns of this node's output that carry a watermark. */
  watermarks: string[];
  /** Objects a dependant must define to read this node. */
  exports: FlinkObject[];
  /** Objects this node's own job or test session defines, in order. */
  prelude: FlinkObject[];
  /** streaming_table only. */
  job?: FlinkJobSpec;
}

export interface FlinkJobSpec {
  /** Deterministic `pipeline.name`: floe.<project>.<environment>.<model>. */
  name: string;
  /** The sink (also in `prelude`). */
  sinkId: string;
  topic: string;
  upsert: boolean;
  /** The INSERT statement the job runs. */
  insert: string;
  /** Session properties for the job (runtime mode, checkpointing, state TTL, parallelism). */
  properties: Record<string, string>;
}

export function isFlinkNodeData(v: unknown): v is FlinkNodeData {
  const d = v as Partial<FlinkNodeData> | undefined;
  return !!d && (d.changelog === 'append' || d.changelog === 'updating') && Array.isArray(d.prelude) && Array.isArray(d.exports);
}

export function jobNameFor(project: string, environment: string, model: string): string {
  return `floe.${project}.${environment}.${model}`;
}
