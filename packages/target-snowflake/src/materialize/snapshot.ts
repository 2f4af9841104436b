import { DBT_SCD_COLUMNS, FloeError, NATIVE_SCD_COLUMNS, snapshotCheckColumns, type CompiledNode, type ScdColumns } from '@floe/core';
import { ident } from '../dialect';
import { columnsOf, relationKind, render, type Place } from '../relations';
import type { Session } from '../session';
import { stringConfig, uniqueKey } from './node-config';
import { replaceTable } from './replace';
import { sql } from './statements';
import { wrapped } from './sql-text';

const VERSION_AT = '__FLOE_VERSION_AT';
const MERGE_KEY = 'FLOE_MERGE_KEY';

interface SnapshotPlan {
  keys: string[];
  strategy: 'timestamp' | 'check';
  scd: ScdColumns;
  /** `SELECT s.*, <version time> AS __FLOE_VERSION_AT FROM (<snapshot sql>) AS s` */
  source: string;
}

function plan(node: CompiledNode, mode: 'native' | 'dbt'): SnapshotPlan {
  const keys = uniqueKey(node);
  if (keys.length === 0) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: a snapshot needs unique_key`);
  const strategy = stringConfig(node, 'strategy') ?? 'timestamp';
  const updatedAt = stringConfig(node, 'updated_at');
  if (strategy !== 'timestamp' && strategy !== 'check') {
    throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: snapshot strategy "${strategy}" is not supported (use timestamp or check)`);
  }
  if (strategy === 'timestamp' && !updatedAt) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: strategy timestamp needs updated_at`);
  const versionAt = strategy === 'timestamp' ? `CAST(s.${ident(updatedAt as string)} AS TIMESTAMP_NTZ)` : 'CAST(CURRENT_TIMESTAMP() AS TIMESTAMP_NTZ)';
  return { keys, strategy, scd: mode === 'dbt' ? DBT_SCD_COLUMNS : NATIVE_SCD_COLUMNS, source: `SELECT s.*, ${versionAt} AS ${ident(VERSION_AT)} FROM ${wrapped(node.compiledSql as string)} AS s` };
}

const scdIdExpr = (keys: string[], alias: string) =>
  `MD5(CONCAT_WS('|', ${keys.map((k) => `CAST(${alias}.${ident(k)} AS VARCHAR)`).join(', ')}, CAST(${alias}.${ident(VERSION_AT)} AS VARCHAR)))`;

/** The first build: every source row opens a version. */
export function firstSnapshotSelect(node: CompiledNode, mode: 'native' | 'dbt', cols: string[]): string {
  const p = plan(node, mode);
  const q = ident;
  return `SELECT ${cols.map((c) => `v.${q(c)}`).join(', ')}, ${scdIdExpr(p.keys, 'v')} AS ${q(p.scd.scdId)}, v.${q(VERSION_AT)} AS ${q(p.scd.updatedAt)}, v.${q(VERSION_AT)} AS ${q(p.scd.validFrom)}, CAST(NULL AS TIMESTAMP_NTZ) AS ${q(p.scd.validTo)}
FROM (${p.source}) AS v`;
}

/**
 * SCD type 2 with one MERGE, as dbt-snowflake does: a staging table holds the
 * new versions (merge key NULL, so they insert) and the current versions they
 * close (merge key = their scd id, so they update valid_to).
 */
export async function materializeSnapshot(s: Session, node: CompiledNode, place: Place, mode: 'native' | 'dbt', transient: boolean): Promise<{ rows: number; message: string }> {
  const p = plan(node, mode);
  const q = ident;
  const kind = await relationKind(s, place);
  if (kind !== 'table') {
    const cols = (await s.query(`SELECT * FROM ${wrapped(node.compiledSql as string)} AS s LIMIT 0`)).columns.map((c) => c.name);
    const rows = await replaceTable(s, place, firstSnapshotSelect(node, mode, cols), transient);
    return { rows, message: `SNAPSHOT ${rows}` };
  }
  const base = place.identifier;
  const SRC = `${base}__FLOE_SNAP_SRC`;
  const CHANGES = `${base}__FLOE_SNAP_CHANGES`;
  const STAGE = `${base}__FLOE_SNAP_STAGE`;
  const target = render(place);
  try {
    await s.exec(sql.createTempAs(SRC, p.source));
    const srcCols = (await s.query(`SELECT * FROM ${q(SRC)} LIMIT 0`)).columns.filter((c) => c.name.toUpperCase() !== VERSION_AT);
    const snapCols = await columnsOf(s, place);
    // New source columns are added to the snapshot (older versions hold NULL).
    for (const c of srcCols) if (!snapCols.some((t) => t.name.toUpperCase() === c.name.toUpperCase())) await s.exec(sql.addColumn(place, c));
    const names = srcCols.map((c) => c.name);
    const keyMatch = (a: string, b: string) => p.keys.map((k) => `${a}.${q(k)} = ${b}.${q(k)}`).join(' AND ');
    const checked = snapshotCheckColumns(node, names);
    const changed =
      p.strategy === 'timestamp'
        ? `src.${q(VERSION_AT)} > cur.${q(p.scd.updatedAt)}`
        : checked.map((c) => `src.${q(c)} IS DISTINCT FROM cur.${q(c)}`).join(' OR ') || 'FALSE';
    await s.exec(
      sql.createTempAs(
        CHANGES,
        `SELECT src.* FROM ${q(SRC)} AS src
LEFT JOIN (SELECT * FROM ${target} WHERE ${q(p.scd.validTo)} IS NULL) AS cur ON ${keyMatch('src', 'cur')}
WHERE cur.${q(p.scd.scdId)} IS NULL OR (${changed})`,
      ),
    );
    const cols = names.map((c) => `${q(c)}`);
    const closing = [
      `SELECT ${names.map((c) => `cur.${q(c)}`).join(', ')}, cur.${q(p.scd.scdId)}, cur.${q(p.scd.updatedAt)}, cur.${q(p.scd.validFrom)}, ch.${q(VERSION_AT)} AS ${q(p.scd.validTo)}, cur.${q(p.scd.scdId)} AS ${q(MERGE_KEY)}
FROM ${target} AS cur JOIN ${q(CHANGES)} AS ch ON ${keyMatch('cur', 'ch')} WHERE cur.${q(p.scd.validTo)} IS NULL`,
    ];
    if (hardDeletes(node) === 'invalidate') {
      closing.push(
        `SELECT ${names.map((c) => `cur.${q(c)}`).join(', ')}, cur.${q(p.scd.scdId)}, cur.${q(p.scd.updatedAt)}, cur.${q(p.scd.validFrom)}, CAST(CURRENT_TIMESTAMP() AS TIMESTAMP_NTZ) AS ${q(p.scd.validTo)}, cur.${q(p.scd.scdId)} AS ${q(MERGE_KEY)}
FROM ${target} AS cur WHERE cur.${q(p.scd.validTo)} IS NULL AND NOT EXISTS (SELECT 1 FROM ${q(SRC)} AS src WHERE ${keyMatch('src', 'cur')})`,
      );
    }
    await s.exec(
      sql.createTempAs(
        STAGE,
        [
          `SELECT ${names.map((c) => `ch.${q(c)}`).join(', ')}, ${scdIdExpr(p.keys, 'ch')} AS ${q(p.scd.scdId)}, ch.${q(VERSION_AT)} AS ${q(p.scd.updatedAt)}, ch.${q(VERSION_AT)} AS ${q(p.scd.validFrom)}, CAST(NULL AS TIMESTAMP_NTZ) AS ${q(p.scd.validTo)}, CAST(NULL AS VARCHAR) AS ${q(MERGE_KEY)}
FROM ${q(CHANGES)} AS ch`,
          ...closing,
        ].join('\nUNION ALL\n'),
      ),
    );
    const all = [...cols, q(p.scd.scdId), q(p.scd.updatedAt), q(p.scd.validFrom), q(p.scd.validTo)];
    // One MERGE statement: atomic on its own.
    const r = await s.query(
      `MERGE INTO ${target} AS DBT_INTERNAL_DEST USING ${q(STAGE)} AS DBT_INTERNAL_SOURCE ON DBT_INTERNAL_DEST.${q(p.scd.scdId)} = DBT_INTERNAL_SOURCE.${q(MERGE_KEY)}
WHEN MATCHED AND DBT_INTERNAL_SOURCE.${q(MERGE_KEY)} IS NOT NULL THEN UPDATE SET ${q(p.scd.validTo)} = DBT_INTERNAL_SOURCE.${q(p.scd.validTo)}
WHEN NOT MATCHED THEN INSERT (${all.join(', ')}) VALUES (${all.map((c) => `DBT_INTERNAL_SOURCE.${c}`).join(', ')})`,
    );
    const inserted = Number(r.rows[0]?.['number of rows inserted'] ?? 0);
    return { rows: inserted, message: `SNAPSHOT ${inserted}` };
  } finally {
    for (const t of [STAGE, CHANGES, SRC]) await s.exec(sql.dropTemp(t)).catch(() => undefined);
  }
}


function hardDeletes(node: CompiledNode): 'ignore' | 'invalidate' {
  if (node.config['invalidate_hard_deletes'] === true) return 'invalidate';
  return node.config['hard_deletes'] === 'invalidate' ? 'invalidate' : 'ignore';
}
