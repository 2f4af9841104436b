import type { Diagnostic, DialectCompileResult, DialectNodeInput, DialectUpstream, RelationName } from '@floe/core';
import type { FlinkConfig } from '../config';
import { mergeObjects, parseDurationMs, renderPrelude, type ColumnSpec, type FlinkObject, type KafkaTableSpec } from './flink-objects';
import { analyzeSql, positionOf, type SqlShape } from './sql-shape';
import { isFlinkNodeData, jobNameFor, type FlinkNodeData } from './streaming-data';

interface Helpers {
  config: FlinkConfig;
  quote: (name: string) => string;
  renderRelation: (r: RelationName) => string;
  mapType: (t: string) => string;
}

const STREAMING = new Set(['streaming_table', 'view', 'ephemeral']);

/**
 * Compile-time work of the Flink dialect for one node: the DDL it needs
 * (sources, views, its sink), its changelog mode and watermarks, and the
 * streaming checks (changelog vs sink, watermark per window, unbounded state).
 */
export function compileFlinkNode(node: DialectNodeInput, h: Helpers): DialectCompileResult {
  const m = node.materialized;
  if (node.resourceType !== 'model' || !STREAMING.has(m) || node.compiledSql === null) return {};
  const diagnostics: Diagnostic[] = [];
  const raw = node.rawCode ?? '';
  const at = (pattern: RegExp | undefined, code: Diagnostic['code'], severity: Diagnostic['severity'], message: string, hint: string) => {
    const idx = pattern ? raw.search(pattern) : -1;
    const pos = idx >= 0 ? positionOf(raw, idx) : node.configAt ?? { line: node.line ?? 1, column: node.column ?? 1 };
    diagnostics.push({ code, severity, message, hint, file: node.file, line: pos.line, column: pos.column });
  };

  // 1. What the upstream side provides.
  const upstreamObjects: FlinkObject[][] = [];
  const watermarks = new Set<string>();
  let inputUpdating = false;
  for (const up of node.upstream) {
    if (up.kind === 'source') {
      const spec = sourceSpec(up, h);
      if (!spec) {
        at(undefined, 'FLOE_STREAMING_INVALID', 'error', `model "${node.name}" reads source ${up.name}, which has no stream: settings`, `Declare it as a stream (stream: { kafka: { topic: ... }, watermark: ... }) or read it from a batch compute.`);
        continue;
      }
      upstreamObjects.push([spec]);
      if (spec.watermark) watermarks.add(spec.watermark.column);
      if (spec.format === 'debezium-json') inputUpdating = true;
      continue;
    }
    const data = up.target?.data?.flink;
    if (!isFlinkNodeData(data)) {
      at(undefined, 'FLOE_CROSS_COMPUTE_REF', 'error', `model "${node.name}" on Flink refs "${up.name}", which is not a Flink model`, 'Read batch data through a stream source (a Kafka topic), or move the model to the same compute.');
      continue;
    }
    upstreamObjects.push(data.exports);
    for (const w of data.watermarks) watermarks.add(w);
    if (data.changelog === 'updating') inputUpdating = true;
  }

  // 2. The query's shape.
  const shape = analyzeSql(node.compiledSql);
  for (const w of shape.windows) {
    if (!watermarks.has(w.timeColumn)) {
      at(
        new RegExp(`DESCRIPTOR\\s*\\(\\s*\`?${w.timeColumn}\\b`, 'i'),
        'FLOE_STREAMING_WATERMARK_MISSING',
        'error',
        `model "${node.name}": ${w.fn} over ${w.timeColumn}, but ${w.timeColumn} has no watermark${watermarks.size ? ` (watermarked: ${[...watermarks].join(', ')})` : ''}`,
        `Add watermark: { column: ${w.timeColumn}, delay: 5s } to the stream source that carries ${w.timeColumn}, or window over a watermarked column.`,
      );
    }
  }
  const updatingBy = updatingReason(shape, inputUpdating);
  const changelog: FlinkNodeData['changelog'] = updatingBy ? 'updating' : 'append';
  const stateTtl = node.config.state_ttl;
  if (stateTtl !== undefined && parseDurationMs(stateTtl) === undefined) {
    at(/state_ttl/, 'FLOE_CONFIG_INVALID', 'error', `model "${node.name}": state_ttl '${String(stateTtl)}' is not a duration`, "Write a duration such as state_ttl='1h' or '30 min'.");
  }
  const unbounded = unboundedState(shape);
  if (unbounded && stateTtl === undefined && m !== 'ephemeral') {
    at(
      unbounded.pattern,
      'FLOE_STREAMING_STATE_UNBOUNDED',
      'warning',
      `model "${node.name}": ${unbounded.what} over a stream keeps state for every key forever (no window, no state_ttl)`,
      "Set state_ttl='1h' (or the longest time a key may stay relevant) in the model's config, or aggregate/join over a window.",
    );
  }

  const objects = mergeObjects(...upstreamObjects);
  const outWatermarks = [...watermarks].sort();
  if (m === 'ephemeral') return { data: { flink: { changelog, watermarks: outWatermarks, exports: objects, prelude: objects } satisfies FlinkNodeData } };
  const relation = h.renderRelation(node.relation!);
  const database = relation.slice(0, relation.lastIndexOf('.'));
  const render = (prelude: FlinkObject[], groupId?: string) => renderPrelude(prelude, { brokers: h.config.kafka.brokers, ...(groupId ? { groupId } : {}) });

  if (m === 'view') {
    const view: FlinkObject = { kind: 'view', id: node.id, relation, database, sql: node.compiledSql };
    const prelude = mergeObjects(objects, [view]);
    const data: FlinkNodeData = { changelog, watermarks: outWatermarks, exports: prelude, prelude };
    return { statements: render(prelude), data: { flink: data }, diagnostics };
  }

  // streaming_table: a Kafka sink and an INSERT job.
  const uniqueKey = toList(node.config.unique_key);
  const project = node.project ?? { name: 'floe', environment: 'dev' };
  const topic = typeof node.config.topic === 'string' && node.config.topic ? node.config.topic : `${project.name}.${node.name}`;
  const columns: ColumnSpec[] = node.columns.filter((c) => c.dataType).map((c) => ({ name: c.name, type: h.mapType(c.dataType!) }));
  if (columns.length === 0) {
    at(/config\s*\(/, 'FLOE_CONFIG_REQUIRED', 'error', `streaming_table "${node.name}": its sink topic needs the output columns with their types`, `Describe the columns in a property file: models: [{ name: ${node.name}, columns: [{ name: user_id, data_type: bigint }, ...] }].`);
  }
  for (const k of uniqueKey) {
    if (columns.length && !columns.some((c) => c.name === k)) {
      at(/unique_key/, 'FLOE_CONFIG_INVALID', 'error', `streaming_table "${node.name}": unique_key column "${k}" is not one of its declared columns`, `Declare ${k} under the model's columns, or fix unique_key.`);
    }
  }
  if (changelog === 'updating' && uniqueKey.length === 0) {
    at(
      /config\s*\(/,
      'FLOE_STREAMING_CHANGELOG',
      'error',
      `streaming_table "${node.name}" produces an updating result (${updatingBy}) but writes the append-only topic "${topic}"`,
      `Add unique_key=[...] (the grouping columns) to write an upsert topic, or aggregate over a window (TUMBLE/HOP/CUMULATE grouped by window_start, window_end) so the result is append-only.`,
    );
  }
  const partitions = Number(node.config.partitions ?? 1);
  // delivery='exactly-once': transactional Kafka sink + exactly-once checkpoints (model config).
  const delivery = node.config.delivery === 'exactly-once' || node.config.delivery === 'at-least-once' ? node.config.delivery : undefined;
  const restartAttempts = typeof node.config.restart_attempts === 'number' ? node.config.restart_attempts : undefined;
  const restartDelay = parseDurationMs(node.config.restart_delay ?? '2s') ?? 2_000;
  const sink: KafkaTableSpec = {
    kind: 'kafka-table',
    id: node.id,
    relation,
    database,
    connector: uniqueKey.length ? 'upsert-kafka' : 'kafka',
    topic,
    format: 'json',
    columns,
    ...(uniqueKey.length ? { primaryKey: uniqueKey } : { start: 'earliest' }),
    partitions: Number.isInteger(partitions) && partitions > 0 ? partitions : 1,
    owned: true,
    ...(delivery ? { delivery, ...(delivery === 'exactly-once' ? { transactionalIdPrefix: jobNameFor(project.name, project.environment, node.name) } : {}) } : {}),
  };
  const jobName = jobNameFor(project.name, project.environment, node.name);
  const select = columns.map((c) => h.quote(c.name)).join(', ');
  const insert = `INSERT INTO ${relation}\nSELECT ${select} FROM (\n${node.compiledSql}\n) AS floe_model`;
  const properties: Record<string, string> = {
    'pipeline.name': jobName,
    'execution.runtime-mode': 'streaming',
    'execution.checkpointing.interval': h.config.checkpoint_interval,
    'parallelism.default': String(typeof node.config.parallelism === 'number' ? node.config.parallelism : h.config.parallelism),
    ...(stateTtl !== undefined && parseDurationMs(stateTtl) !== undefined ? { 'table.exec.state.ttl': `${parseDurationMs(stateTtl)} ms` } : {}),
    'execution.checkpointing.mode': delivery === 'at-least-once' ? 'AT_LEAST_ONCE' : 'EXACTLY_ONCE',
    // Restart strategy from the model: restart_attempts (default: Flink's), restart_delay (default 2 s).
    ...(restartAttempts !== undefined
      ? restartAttempts === 0
        ? { 'restart-strategy.type': 'none' }
        : { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': String(restartAttempts), 'restart-strategy.fixed-delay.delay': `${restartDelay} ms` }
      : {}),
  };
  const prelude = mergeObjects(objects, [sink]);
  const data: FlinkNodeData = {
    changelog,
    watermarks: [],
    exports: [sink],
    prelude,
    job: { name: jobName, sinkId: node.id, topic, upsert: uniqueKey.length > 0, insert, properties },
  };
  return { statements: [...render(prelude, jobName), insert], data: { flink: data }, diagnostics };
}

function sourceSpec(up: DialectUpstream, h: Helpers): KafkaTableSpec | undefined {
  const stream = up.stream as { kafka?: { topic: string; format?: string; start?: string; key?: string[] }; watermark?: { column: string; delay?: string } } | undefined;
  if (!stream?.kafka || !up.relation) return undefined;
  const relation = h.renderRelation(up.relation);
  const delay = parseDurationMs(stream.watermark?.delay ?? '0s') ?? 0;
  return {
    kind: 'kafka-table',
    id: up.id,
    relation,
    database: relation.slice(0, relation.lastIndexOf('.')),
    connector: 'kafka',
    topic: stream.kafka.topic,
    format: stream.kafka.format ?? 'json',
    columns: up.columns.map((c) => ({ name: c.name, type: h.mapType(c.dataType ?? 'string') })),
    ...(stream.kafka.key?.length ? { keyFields: stream.kafka.key } : {}),
    ...(stream.watermark ? { watermark: { column: stream.watermark.column, delayMs: delay } } : {}),
    start: stream.kafka.start ?? 'earliest',
    partitions: 1,
    owned: false,
  };
}

/** Why a query's result is updating, or undefined when it is append-only. */
function updatingReason(shape: SqlShape, inputUpdating: boolean): string | undefined {
  if (inputUpdating) return 'it reads an updating input (an upsert topic or a changelog)';
  if (shape.regularGroupBy.length) return 'a GROUP BY without window_start/window_end is a regular aggregation';
  if (shape.distinct.length && !shape.windowGroupBy.length) return 'SELECT DISTINCT outside a window';
  if (shape.regularJoins.some((j) => j.outer)) return 'an outer join outside a window';
  if (shape.topN.length) return 'ROW_NUMBER() OVER (Top-N or deduplication)';
  return undefined;
}

function unboundedState(shape: SqlShape): { what: string; pattern: RegExp } | undefined {
  if (shape.regularJoins.length) return { what: 'a regular join', pattern: /\bjoin\b/i };
  if (shape.regularGroupBy.length) return { what: 'a group aggregation', pattern: /\bgroup\s+by\b/i };
  if (shape.distinct.length && !shape.windowGroupBy.length) return { what: 'SELECT DISTINCT', pattern: /\bselect\s+distinct\b/i };
  if (shape.topN.length) return { what: 'a Top-N / deduplication', pattern: /\brow_number\s*\(/i };
  return undefined;
}

function toList(v: unknown): string[] {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  return Array.isArray(v) ? v.map(String) : [];
}
