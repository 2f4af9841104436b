/**
 * The catalog objects a Flink job needs (Kafka tables and views), kept as
 * structured data in the artifacts and rendered to DDL when a session needs
 * them: once for the running job, once with bounded scans for `floe test`.
 * Everything is TEMPORARY and IF NOT EXISTS, so replaying a prelude in any
 * session is idempotent and nothing depends on an earlier session.
 */
export interface ColumnSpec {
  name: string;
  /** Flink SQL type, e.g. BIGINT, TIMESTAMP(3). */
  type: string;
}

export interface KafkaTableSpec {
  kind: 'kafka-table';
  /** Node or source id that owns the table. */
  id: string;
  /** Rendered relation: `catalog`.`database`.`table`. */
  relation: string;
  /** Rendered `catalog`.`database`. */
  database: string;
  connector: 'kafka' | 'upsert-kafka';
  topic: string;
  format: string;
  columns: ColumnSpec[];
  primaryKey?: string[];
  /** Sink only: `exactly-once` writes in Kafka transactions committed on checkpoints (readers use read_committed). */
  delivery?: 'exactly-once' | 'at-least-once';
  /** Sink only, with exactly-once: the transactional id prefix (unique per job). */
  transactionalIdPrefix?: string;
  /** Key columns of an append topic's records (kafka connector only). */
  keyFields?: string[];
  watermark?: { column: string; delayMs: number };
  /** earliest | latest | group-offsets | an ISO timestamp (kafka connector only). */
  start?: string;
  /** Partitions when Floe creates the topic. */
  partitions: number;
  /** True for a sink Floe owns (created and configured by deploy). */
  owned: boolean;
}

export interface ViewSpec {
  kind: 'view';
  id: string;
  relation: string;
  database: string;
  sql: string;
}

export type FlinkObject = KafkaTableSpec | ViewSpec;

export interface RenderOptions {
  brokers: readonly string[];
  /** Consumer group of the job's Kafka sources (its job name), so offsets and lag are visible. */
  groupId?: string;
  /** Bounded scans up to the latest offset at start: a snapshot read for tests. */
  bounded?: boolean;
}

const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;

export function intervalSeconds(ms: number): string {
  return `INTERVAL ${lit(String(ms / 1000))} SECOND`;
}

/** Parses `5s`, `500ms`, `1m`, `2h`, `1d` (also `1 min`, `10 sec`) to milliseconds; undefined when malformed. */
export function parseDurationMs(text: unknown): number | undefined {
  if (typeof text === 'number' && Number.isFinite(text)) return text * 1000;
  if (typeof text !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const mult = unit.startsWith('ms') || unit.startsWith('milli') ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : unit.startsWith('h') ? 3_600_000 : 86_400_000;
  return Math.round(n * mult);
}

function startOptions(start: string | undefined): Record<string, string> {
  const s = (start ?? 'earliest').toLowerCase();
  if (s === 'earliest') return { 'scan.startup.mode': 'earliest-offset' };
  if (s === 'latest') return { 'scan.startup.mode': 'latest-offset' };
  if (s === 'group-offsets') return { 'scan.startup.mode': 'group-offsets', 'properties.auto.offset.reset': 'earliest' };
  const t = Date.parse(start!);
  return { 'scan.startup.mode': 'timestamp', 'scan.startup.timestamp-millis': String(t) };
}

/** The WITH options of a Kafka table. */
export function kafkaOptions(t: KafkaTableSpec, o: RenderOptions): Record<string, string> {
  const opts: Record<string, string> = { connector: t.connector, topic: t.topic, 'properties.bootstrap.servers': o.brokers.join(',') };
  if (o.groupId) opts['properties.group.id'] = o.groupId;
  if (t.connector === 'upsert-kafka') {
    opts['key.format'] = t.format;
    opts['value.format'] = t.format;
  } else {
    opts.format = t.format;
    Object.assign(opts, startOptions(t.start));
    if (t.keyFields?.length) {
      opts['key.format'] = t.format;
      opts['key.fields'] = t.keyFields.join(';');
      opts['value.fields-include'] = 'ALL';
    }
  }
  if (o.bounded) opts['scan.bounded.mode'] = 'latest-offset';
  if (t.owned && t.delivery) {
    opts['sink.delivery-guarantee'] = t.delivery;
    if (t.delivery === 'exactly-once') {
      opts['sink.transactional-id-prefix'] = t.transactionalIdPrefix ?? t.topic;
      // Below the broker's transaction.max.timeout.ms (15 min by default), above any checkpoint interval.
      opts['properties.transaction.timeout.ms'] = '600000';
    }
  }
  // Readers of a topic written in transactions see committed records only.
  if (!t.owned || o.bounded) opts['properties.isolation.level'] = 'read_committed';
  return opts;
}

export function renderObject(o: FlinkObject, options: RenderOptions): string {
  if (o.kind === 'view') return `CREATE TEMPORARY VIEW IF NOT EXISTS ${o.relation} AS\n${o.sql}`;
  const cols = o.columns.map((c) => `  ${q(c.name)} ${c.type}`);
  if (o.watermark) cols.push(`  WATERMARK FOR ${q(o.watermark.column)} AS ${q(o.watermark.column)} - ${intervalSeconds(o.watermark.delayMs)}`);
  if (o.primaryKey?.length) cols.push(`  PRIMARY KEY (${o.primaryKey.map(q).join(', ')}) NOT ENFORCED`);
  const opts = Object.entries(kafkaOptions(o, options)).map(([k, v]) => `  ${lit(k)} = ${lit(v)}`);
  return `CREATE TEMPORARY TABLE IF NOT EXISTS ${o.relation} (\n${cols.join(',\n')}\n) WITH (\n${opts.join(',\n')}\n)`;
}

/** The DDL prelude for a list of objects: databases first, then each object once, in order. */
export function renderPrelude(objects: readonly FlinkObject[], options: RenderOptions): string[] {
  const seen = new Set<string>();
  const unique = objects.filter((o) => (seen.has(o.id) ? false : (seen.add(o.id), true)));
  const databases = [...new Set(unique.map((o) => o.database))].map((d) => `CREATE DATABASE IF NOT EXISTS ${d}`);
  return [...databases, ...unique.map((o) => renderObject(o, options))];
}

/** Merges object lists, keeping the first occurrence of each id. */
export function mergeObjects(...lists: readonly (readonly FlinkObject[])[]): FlinkObject[] {
  const seen = new Set<string>();
  const out: FlinkObject[] = [];
  for (const list of lists) for (const o of list) if (!seen.has(o.id)) (seen.add(o.id), out.push(o));
  return out;
}
