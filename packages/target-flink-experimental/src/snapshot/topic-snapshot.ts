import type { Dialect } from '@floe/core';
import type { KafkaClient, KafkaRecord } from '../clients';

/**
 * A batch model reads a streaming model's topic through a stream source on its
 * own (batch) compute: before the batch run, the topic's current content is
 * read up to the offsets current at that moment (a bounded, deterministic
 * read) and written into the source's relation. With `key` the topic is an
 * upsert log: the last value per key wins and a tombstone deletes the key.
 */
export interface TopicSnapshotSpec {
  topic: string;
  /** Key columns of an upsert topic; absent for an append topic (every record is a row). */
  key?: readonly string[];
  columns: readonly { name: string; dataType?: string }[];
}

export function tableFromRecords(records: readonly KafkaRecord[], key: readonly string[] | undefined): Record<string, unknown>[] {
  if (!key?.length) return records.filter((r) => r.value !== null).map((r) => JSON.parse(r.value!.toString('utf8')) as Record<string, unknown>);
  const table = new Map<string, Record<string, unknown>>();
  for (const r of records) {
    const k = r.key?.toString('utf8') ?? '';
    if (r.value === null) table.delete(k);
    else table.set(k, JSON.parse(r.value.toString('utf8')) as Record<string, unknown>);
  }
  return [...table.values()];
}

export async function readTopicSnapshot(kafka: KafkaClient, spec: TopicSnapshotSpec, timeoutMs = 60_000): Promise<Record<string, unknown>[]> {
  return tableFromRecords(await kafka.readAll(spec.topic, { timeoutMs }), spec.key);
}

/** SQL that replaces `relation` with the rows, typed by the declared columns (the batch dialect's types). */
export function snapshotTableSql(dialect: Dialect, relation: { database?: string; schema: string; identifier: string }, spec: TopicSnapshotSpec, rows: readonly Record<string, unknown>[]): string[] {
  const cols = spec.columns.map((c) => ({ name: c.name, type: dialect.mapType(c.dataType ?? 'string') }));
  const value = (v: unknown, type: string) => {
    if (v === null || v === undefined) return `CAST(NULL AS ${type})`;
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return `CAST(${dialect.quoteLiteral(text)} AS ${type})`;
  };
  const select = (row: Record<string, unknown> | undefined) => `SELECT ${cols.map((c) => `${row ? value(row[c.name], c.type) : `CAST(NULL AS ${c.type})`} AS ${dialect.quoteIdentifier(c.name)}`).join(', ')}`;
  const body = rows.length ? rows.map((r) => select(r)).join('\nUNION ALL ') : `${select(undefined)} WHERE 1 = 0`;
  const schema = [relation.database, relation.schema].filter(Boolean).map((p) => dialect.quoteIdentifier(p!)).join('.');
  return [`CREATE SCHEMA IF NOT EXISTS ${schema}`, `CREATE OR REPLACE TABLE ${dialect.renderRelation(relation)} AS\n${body}`];
}
