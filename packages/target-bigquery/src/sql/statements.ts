import { partitionExpression, tableLayoutClause, type PartitionBy } from './partitioning';
import { quoteIdentifier as q, render, wrapped, type Place } from './quote';

/**
 * The SQL text the BigQuery target sends, one pure function per statement,
 * so the same strings are executed, parsed by the sqlglot check and shown in
 * golden tests.
 */

export interface TableLayout {
  partitionBy?: PartitionBy;
  clusterBy?: readonly string[];
}

/** CREATE OR REPLACE TABLE … AS: one job, so BigQuery swaps the table atomically (old version kept on failure). */
export function createOrReplaceTable(place: Place, selectSql: string, layout: TableLayout = {}, options: { expireHours?: number } = {}): string {
  const clause = tableLayoutClause(layout.partitionBy, layout.clusterBy ?? []);
  const opts = options.expireHours ? `\nOPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL ${options.expireHours} HOUR))` : '';
  return `CREATE OR REPLACE TABLE ${render(place)}${clause ? `\n${clause}` : ''}${opts}\nAS ${wrapped(selectSql)}`;
}

export function createOrReplaceView(place: Place, selectSql: string): string {
  return `CREATE OR REPLACE VIEW ${render(place)}\nAS ${wrapped(selectSql)}`;
}

export function dropTable(place: Place): string {
  return `DROP TABLE IF EXISTS ${render(place)}`;
}

export function dropView(place: Place): string {
  return `DROP VIEW IF EXISTS ${render(place)}`;
}

export function createSchema(project: string, dataset: string, location?: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${q(project)}.${q(dataset)}${location ? `\nOPTIONS (location = '${location.replace(/'/g, '')}')` : ''}`;
}

/** A multi-statement transaction: the DML in `body` commits together or not at all. */
export function transaction(body: readonly string[]): string {
  return ['BEGIN TRANSACTION;', ...body.map((s) => `${s};`), 'COMMIT TRANSACTION;'].join('\n');
}

const colList = (cols: readonly string[], alias?: string) => cols.map((c) => (alias ? `${alias}.${q(c)}` : q(c))).join(', ');

export function insertFrom(target: Place, batch: Place, cols: readonly string[]): string {
  return `INSERT INTO ${render(target)} (${colList(cols)})\nSELECT ${colList(cols)} FROM ${render(batch)}`;
}

/** MERGE on unique_key: update the other columns of matched rows, insert the rest. */
export function mergeInto(target: Place, batch: Place, cols: readonly string[], keys: readonly string[]): string {
  const on = keys.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
  const updatable = cols.filter((c) => !keys.some((k) => k.toLowerCase() === c.toLowerCase()));
  const whenMatched = updatable.length ? `WHEN MATCHED THEN UPDATE SET ${updatable.map((c) => `${q(c)} = s.${q(c)}`).join(', ')}\n` : '';
  return `MERGE INTO ${render(target)} AS t\nUSING ${render(batch)} AS s\nON ${on}\n${whenMatched}WHEN NOT MATCHED THEN INSERT (${colList(cols)}) VALUES (${colList(cols, 's')})`;
}

/** delete+insert: remove every target row whose key appears in the batch (in a transaction with the insert). */
export function deleteMatchingKeys(target: Place, batch: Place, keys: readonly string[]): string {
  return `DELETE FROM ${render(target)} AS t\nWHERE EXISTS (SELECT 1 FROM ${render(batch)} AS s WHERE ${keys.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ')})`;
}

/**
 * insert_overwrite: delete the partitions the batch touches (or the static
 * `partitions` list), to be followed by the insert in one transaction.
 */
export function deletePartitions(target: Place, batch: Place, partition: PartitionBy, staticPartitions?: readonly string[]): string {
  const expr = partitionExpression(partition, 't');
  const set = staticPartitions?.length
    ? staticPartitions.join(', ')
    : `SELECT DISTINCT ${partitionExpression(partition, 's')} FROM ${render(batch)} AS s`;
  return `DELETE FROM ${render(target)} AS t\nWHERE ${expr} IN (${set})`;
}

export function addColumn(target: Place, name: string, type: string): string {
  return `ALTER TABLE ${render(target)} ADD COLUMN ${q(name)} ${type}`;
}

export function dropColumn(target: Place, name: string): string {
  return `ALTER TABLE ${render(target)} DROP COLUMN ${q(name)}`;
}

export function countFailures(testSql: string): string {
  return `SELECT COUNT(*) AS failures FROM ${wrapped(testSql)} AS floe_test`;
}
