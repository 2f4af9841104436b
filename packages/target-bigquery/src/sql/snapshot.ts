import type { ScdColumns } from '@floe/core';
import { quoteIdentifier as q, render, wrapped, type Place } from './quote';


export const VERSION_AT = '__floe_version_at';

export interface SnapshotSpec {
  keys: readonly string[];
  strategy: 'timestamp' | 'check';
  updatedAt?: string;
  scd: ScdColumns;
}

const keyMatch = (keys: readonly string[], a: string, b: string) => keys.map((k) => `${a}.${q(k)} = ${b}.${q(k)}`).join(' AND ');

function scdIdExpr(keys: readonly string[], alias: string): string {
  const parts = [...keys.map((k) => `${alias}.${q(k)}`), `${alias}.${q(VERSION_AT)}`].map((e) => `COALESCE(CAST(${e} AS STRING), '')`);
  return `TO_HEX(MD5(CONCAT(${parts.join(", '|', ")})))`;
}

/** The model's rows plus the version timestamp the strategy assigns. */
export function snapshotSource(spec: SnapshotSpec, modelSql: string): string {
  const versionAt = spec.strategy === 'timestamp' ? `CAST(s.${q(spec.updatedAt as string)} AS TIMESTAMP)` : 'CURRENT_TIMESTAMP()';
  return `SELECT s.*, ${versionAt} AS ${q(VERSION_AT)} FROM ${wrapped(modelSql)} AS s`;
}

/** First run: every source row opens a version. */
export function snapshotInitialSelect(spec: SnapshotSpec, modelSql: string): string {
  const { scd } = spec;
  return `SELECT v.* EXCEPT (${q(VERSION_AT)}), ${scdIdExpr(spec.keys, 'v')} AS ${q(scd.scdId)}, v.${q(VERSION_AT)} AS ${q(scd.updatedAt)}, v.${q(VERSION_AT)} AS ${q(scd.validFrom)}, CAST(NULL AS TIMESTAMP) AS ${q(scd.validTo)}
FROM (${snapshotSource(spec, modelSql)}) AS v`;
}

/** Rows that open a version: keys without a current version, and keys whose data changed. */
export function snapshotChangesSelect(spec: SnapshotSpec, target: Place, source: Place, checkCols: readonly string[]): string {
  const { scd } = spec;
  const changed =
    spec.strategy === 'timestamp'
      ? `src.${q(VERSION_AT)} > cur.${q(scd.updatedAt)}`
      : checkCols.map((c) => `src.${q(c)} IS DISTINCT FROM cur.${q(c)}`).join(' OR ') || 'FALSE';
  return `SELECT src.* FROM ${render(source)} AS src
LEFT JOIN (SELECT * FROM ${render(target)} WHERE ${q(scd.validTo)} IS NULL) AS cur ON ${keyMatch(spec.keys, 'src', 'cur')}
WHERE cur.${q(scd.scdId)} IS NULL OR (${changed})`;
}

/** The DML of one snapshot run, to be sent as one transaction. */
export function snapshotApply(spec: SnapshotSpec, target: Place, source: Place, changes: Place, srcCols: readonly string[], invalidateHardDeletes: boolean): string[] {
  const { scd, keys } = spec;
  const out = [
    `UPDATE ${render(target)} AS t SET ${q(scd.validTo)} = ch.${q(VERSION_AT)} FROM ${render(changes)} AS ch WHERE t.${q(scd.validTo)} IS NULL AND ${keyMatch(keys, 't', 'ch')}`,
  ];
  if (invalidateHardDeletes) {
    out.push(
      `UPDATE ${render(target)} AS t SET ${q(scd.validTo)} = CURRENT_TIMESTAMP() WHERE t.${q(scd.validTo)} IS NULL AND NOT EXISTS (SELECT 1 FROM ${render(source)} AS src WHERE ${keyMatch(keys, 'src', 't')})`,
    );
  }
  const cols = srcCols.map(q).join(', ');
  out.push(
    `INSERT INTO ${render(target)} (${cols}, ${q(scd.scdId)}, ${q(scd.updatedAt)}, ${q(scd.validFrom)}, ${q(scd.validTo)})
SELECT ${srcCols.map((c) => `ch.${q(c)}`).join(', ')}, ${scdIdExpr(keys, 'ch')}, ch.${q(VERSION_AT)}, ch.${q(VERSION_AT)}, CAST(NULL AS TIMESTAMP) FROM ${render(changes)} AS ch`,
  );
  return out;
}
