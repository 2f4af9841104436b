import { FloeError, scdColumnsOf, snapshotCheckColumns, type CompiledNode } from '@floe/core';
import { quoteIdentifier } from '../dialect';
import { columnsOf, relationKind, render, tempColumnsOf, type Place } from '../relations';
import type { Session } from '../session';
import { stringConfig, uniqueKey } from './node-config';
import { replaceTable } from './replace-table';
import { wrapped } from './sql-text';

const SRC = '__floe_snapshot_src';
const CHANGES = '__floe_snapshot_changes';
const DELETED = '__floe_snapshot_deleted';
const VERSION_AT = '__floe_version_at';

export async function materializeSnapshot(s: Session, node: CompiledNode, place: Place, mode: 'native' | 'dbt'): Promise<{ rows: number; message: string }> {
  const scd = scdColumnsOf(node, mode);
  const hard = hardDeletes(node);
  const newRecord = hard === 'new_record';
  // dbt_valid_to_current: the SQL expression current versions carry in valid_to instead of NULL.
  const currentTo = stringConfig(node, 'dbt_valid_to_current');
  const openTo = currentTo ? `CAST(${currentTo} AS TIMESTAMP)` : 'CAST(NULL AS TIMESTAMP)';
  const keys = uniqueKey(node);
  if (keys.length === 0) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: a snapshot needs unique_key`);
  const strategy = stringConfig(node, 'strategy') ?? 'timestamp';
  const updatedAt = stringConfig(node, 'updated_at');
  if (strategy === 'timestamp' && !updatedAt) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: strategy timestamp needs updated_at`);
  if (strategy !== 'timestamp' && strategy !== 'check') {
    throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: snapshot strategy "${strategy}" is not supported (use timestamp or check)`);
  }
  const q = quoteIdentifier;
  const versionAt = strategy === 'timestamp' ? `CAST(s.${q(updatedAt as string)} AS TIMESTAMP)` : `CAST(current_timestamp AS TIMESTAMP)`;
  const scdId = (alias: string) => `md5(concat_ws('|', ${keys.map((k) => `CAST(${alias}.${q(k)} AS VARCHAR)`).join(', ')}, CAST(${alias}.${q(VERSION_AT)} AS VARCHAR)))`;
  const target = render(place);

  const kind = await relationKind(s, place);
  if (kind !== 'table') {
    // First run: every source row opens a version.
    const sql = `SELECT v.* EXCLUDE (${q(VERSION_AT)}), ${scdId('v')} AS ${q(scd.scdId)}, v.${q(VERSION_AT)} AS ${q(scd.updatedAt)}, v.${q(VERSION_AT)} AS ${q(scd.validFrom)}, ${openTo} AS ${q(scd.validTo)}${newRecord ? `, 'False' AS ${q(scd.isDeleted)}` : ''}
FROM (SELECT s.*, ${versionAt} AS ${q(VERSION_AT)} FROM ${wrapped(node.compiledSql as string)} AS s) AS v`;
    const rows = await replaceTable(s, place, sql);
    return { rows, message: `SNAPSHOT ${rows}` };
  }

  return s.transaction(async () => {
    await s.exec(`DROP TABLE IF EXISTS temp.main.${q(SRC)}`);
    await s.exec(`DROP TABLE IF EXISTS temp.main.${q(CHANGES)}`);
    await s.exec(`CREATE TEMP TABLE ${q(SRC)} AS SELECT s.*, ${versionAt} AS ${q(VERSION_AT)} FROM ${wrapped(node.compiledSql as string)} AS s`);
    const srcCols = (await tempColumnsOf(s, SRC)).filter((c) => c.name !== VERSION_AT);
    const snapCols = await columnsOf(s, place);
    if (newRecord && !snapCols.some((t) => t.name.toLowerCase() === scd.isDeleted.toLowerCase())) {
      await s.exec(`ALTER TABLE ${target} ADD COLUMN ${q(scd.isDeleted)} VARCHAR DEFAULT 'False'`);
    }
    // New source columns are added to the snapshot (older versions hold NULL).
    for (const c of srcCols) {
      if (!snapCols.some((t) => t.name.toLowerCase() === c.name.toLowerCase())) {
        await s.exec(`ALTER TABLE ${target} ADD COLUMN ${q(c.name)} ${c.type}`);
      }
    }
    const keyMatch = (a: string, b: string) => keys.map((k) => `${a}.${q(k)} = ${b}.${q(k)}`).join(' AND ');
    const isCurrent = (alias: string) =>
      currentTo ? `(${alias}.${q(scd.validTo)} IS NULL OR ${alias}.${q(scd.validTo)} = ${openTo})` : `${alias}.${q(scd.validTo)} IS NULL`;
    const checkCols = snapshotCheckColumns(node, srcCols.map((c) => c.name));
    const changed =
      strategy === 'timestamp'
        ? `src.${q(VERSION_AT)} > cur.${q(scd.updatedAt)}`
        : checkCols.map((c) => `src.${q(c)} IS DISTINCT FROM cur.${q(c)}`).join(' OR ') || 'FALSE';
    // Rows that open a version: keys never seen (or closed), keys whose data changed, and (new_record) keys back after a deletion.
    const reinstated = newRecord ? ` OR cur.${q(scd.isDeleted)} = 'True'` : '';
    await s.exec(
      `CREATE TEMP TABLE ${q(CHANGES)} AS SELECT src.* FROM ${q(SRC)} AS src
LEFT JOIN (SELECT * FROM ${target} AS t WHERE ${isCurrent('t')}) AS cur ON ${keyMatch('src', 'cur')}
WHERE cur.${q(scd.scdId)} IS NULL OR (${changed})${reinstated}`,
    );
    // Close the current version of changed keys at the new version's timestamp.
    await s.exec(
      `UPDATE ${target} AS t SET ${q(scd.validTo)} = ch.${q(VERSION_AT)} FROM ${q(CHANGES)} AS ch WHERE ${isCurrent('t')} AND ${keyMatch('t', 'ch')}`,
    );
    const gone = (alias: string) => `${isCurrent(alias)} AND NOT EXISTS (SELECT 1 FROM ${q(SRC)} AS src WHERE ${keyMatch('src', alias)})`;
    const now = 'CAST(current_timestamp AS TIMESTAMP)';
    if (hard === 'new_record') {
      // A deleted key: its current version closes now and a copy marked deleted opens (once).
      await s.exec(`DROP TABLE IF EXISTS temp.main.${q(DELETED)}`);
      await s.exec(`CREATE TEMP TABLE ${q(DELETED)} AS SELECT * FROM ${target} AS t WHERE ${gone('t')} AND t.${q(scd.isDeleted)} IS DISTINCT FROM 'True'`);
      await s.exec(`UPDATE ${target} AS t SET ${q(scd.validTo)} = ${now} FROM ${q(DELETED)} AS d WHERE ${isCurrent('t')} AND ${keyMatch('t', 'd')}`);
      const cols = srcCols.map((c) => q(c.name)).join(', ');
      const idOf = `md5(concat_ws('|', ${keys.map((k) => `CAST(d.${q(k)} AS VARCHAR)`).join(', ')}, CAST(${now} AS VARCHAR), 'deleted'))`;
      await s.exec(
        `INSERT INTO ${target} (${cols}, ${q(scd.scdId)}, ${q(scd.updatedAt)}, ${q(scd.validFrom)}, ${q(scd.validTo)}, ${q(scd.isDeleted)})
SELECT ${srcCols.map((c) => `d.${q(c.name)}`).join(', ')}, ${idOf}, ${now}, ${now}, ${openTo}, 'True' FROM ${q(DELETED)} AS d`,
      );
      await s.exec(`DROP TABLE temp.main.${q(DELETED)}`);
    } else if (hard === 'invalidate') {
      await s.exec(`UPDATE ${target} AS t SET ${q(scd.validTo)} = ${now} WHERE ${gone('t')}`);
    }
    const colList = srcCols.map((c) => q(c.name)).join(', ');
    const rows = await s.exec(
      `INSERT INTO ${target} (${colList}, ${q(scd.scdId)}, ${q(scd.updatedAt)}, ${q(scd.validFrom)}, ${q(scd.validTo)}${newRecord ? `, ${q(scd.isDeleted)}` : ''})
SELECT ${srcCols.map((c) => `ch.${q(c.name)}`).join(', ')}, ${scdId('ch')}, ch.${q(VERSION_AT)}, ch.${q(VERSION_AT)}, ${openTo}${newRecord ? `, 'False'` : ''} FROM ${q(CHANGES)} AS ch`,
    );
    await s.exec(`DROP TABLE temp.main.${q(SRC)}`);
    await s.exec(`DROP TABLE temp.main.${q(CHANGES)}`);
    return { rows, message: `SNAPSHOT ${rows}` };
  });
}


function hardDeletes(node: CompiledNode): 'ignore' | 'invalidate' | 'new_record' {
  const v = node.config['hard_deletes'];
  if (v === 'new_record' || v === 'invalidate') return v;
  if (v !== undefined && v !== 'ignore') {
    throw new FloeError('FLOE_CONFIG_INVALID', `${node.name}: hard_deletes must be ignore, invalidate or new_record, got ${JSON.stringify(v)}`);
  }
  return node.config['invalidate_hard_deletes'] === true ? 'invalidate' : 'ignore';
}
