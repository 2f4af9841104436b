import { readFileSync, existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { FloeError, onSchemaChange, parseCsv, planSchemaChange, uniqueKey, type CompiledNode, type RelationName } from '@floe/core';
import { mapType, quoteIdentifier as q, renderRelation, tableName } from './dialect';
import { portableSql } from './portable-sql';
import type { SqliteDatabase } from './database';

type Place = Pick<RelationName, 'schema' | 'identifier'>;

/** `SELECT * FROM (<model sql>)`: SQLite's CREATE ... AS needs a plain SELECT. */
function selectFrom(sql: string): string {
  return `SELECT * FROM (\n${portableSql(sql.trim().replace(/;+\s*$/, ''))}\n)`;
}

function dropRelation(db: SqliteDatabase, place: Place): void {
  const kind = db.kindOf(tableName(place));
  if (kind) db.exec(`DROP ${kind.toUpperCase()} ${renderRelation(place)}`);
}

/** Create or replace a view (a table of the same name is dropped in the same transaction). */
export function materializeView(db: SqliteDatabase, place: Place, sql: string): void {
  db.transaction(() => {
    dropRelation(db, place);
    db.exec(`CREATE VIEW ${renderRelation(place)} AS ${selectFrom(sql)}`);
  });
}

/**
 * Builds the new table beside the old one and swaps it in within ONE
 * transaction (SQLite's DDL is transactional), so a failure or crash leaves
 * the previous version. Returns the number of rows.
 */
export function replaceTable(db: SqliteDatabase, place: Place, sql: string): number {
  const staging = { schema: place.schema, identifier: `${place.identifier}__floe_new` };
  return db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS ${renderRelation(staging)}`);
    db.exec(`CREATE TABLE ${renderRelation(staging)} AS ${selectFrom(sql)}`);
    dropRelation(db, place);
    db.exec(`ALTER TABLE ${renderRelation(staging)} RENAME TO ${q(tableName(place))}`);
    return countRows(db, place);
  });
}

function countRows(db: SqliteDatabase, place: Place): number {
  return Number(db.all(`SELECT count(*) AS n FROM ${renderRelation(place)}`)[0]?.['n'] ?? 0);
}


const BATCH = '__floe_batch';

/** Incremental models: append, merge and delete+insert, with on_schema_change. */
export function materializeIncremental(db: SqliteDatabase, node: CompiledNode, place: Place, fullRefresh: boolean): { rows: number; message: string } {
  const full = node.compiledSql as string;
  if (fullRefresh || db.kindOf(tableName(place)) !== 'table') {
    const rows = replaceTable(db, place, full);
    return { rows, message: `CREATE TABLE ${rows}` };
  }
  const strategy = String(node.config['incremental_strategy'] ?? (uniqueKey(node).length ? 'merge' : 'append'));
  const mode = onSchemaChange(node);
  const target = renderRelation(place);
  return db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS temp.${q(BATCH)}`);
    db.exec(`CREATE TEMP TABLE ${q(BATCH)} AS ${selectFrom(node.compiledIncrementalSql ?? full)}`);
    const batchCols = db.columnsOf(`'${BATCH}'`);
    const tableCols = db.columnsOf(`'${tableName(place).replace(/'/g, "''")}'`);
    // SQLite columns are typeless here: only their names take part.
    const plan = planSchemaChange(tableCols.map(({ name }) => ({ name })), batchCols.map(({ name }) => ({ name })), mode, node.name);
    for (const c of plan.add) db.exec(`ALTER TABLE ${target} ADD COLUMN ${q(c.name)}`);
    for (const c of plan.drop) db.exec(`ALTER TABLE ${target} DROP COLUMN ${q(c.name)}`);
    const cols = plan.insert.map(q).join(', ');
    if (strategy === 'merge' || strategy === 'delete+insert') {
      const keys = uniqueKey(node);
      if (keys.length === 0) throw new FloeError('FLOE_CONFIG_REQUIRED', `${node.name}: incremental_strategy ${strategy} needs unique_key`);
      const tuple = `(${keys.map(q).join(', ')})`;
      // Merge = delete the batch's keys, insert the batch: same result as MERGE for a batch with unique keys.
      db.run(`DELETE FROM ${target} WHERE ${tuple} IN (SELECT ${keys.map(q).join(', ')} FROM temp.${q(BATCH)})`);
    } else if (strategy !== 'append') {
      throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: the sqlite target has no incremental_strategy "${strategy}"`);
    }
    const rows = db.run(`INSERT INTO ${target} (${cols}) SELECT ${cols} FROM temp.${q(BATCH)}`);
    db.exec(`DROP TABLE temp.${q(BATCH)}`);
    return { rows, message: `${strategy.toUpperCase()} ${rows}` };
  });
}

/** Loads a seed CSV: types inferred from every value (or column_types), swapped in like a table. */
export function materializeSeed(db: SqliteDatabase, node: CompiledNode, place: Place, projectDir: string): number {
  const file = node.seed?.file ?? node.path;
  const path = isAbsolute(file) ? file : resolve(projectDir, file);
  if (!existsSync(path)) throw new FloeError('FLOE_SEED_INVALID', `${node.name}: seed file ${file} does not exist`);
  const csv = parseCsv(readFileSync(path, 'utf8'), { delimiter: node.seed?.delimiter ?? ',', quote: node.seed?.quote ?? '"', file });
  const problem = csv.diagnostics.find((d) => d.severity === 'error');
  if (problem) throw new FloeError('FLOE_SEED_INVALID', `${node.name}: ${problem.message}`, { diagnostics: [problem] });
  const { header, rows } = csv;
  if (header.length === 0) throw new FloeError('FLOE_SEED_INVALID', `${node.name}: seed file ${file} is empty`);
  const overrides = { ...(node.seed?.columnTypes ?? {}) };
  const types = header.map((name, i) => (overrides[name] ? mapType(overrides[name] as string) : inferType(rows.map((r) => r[i] ?? ''))));
  const staging = { schema: place.schema, identifier: `${place.identifier}__floe_new` };
  return db.transaction(() => {
    db.exec(`DROP TABLE IF EXISTS ${renderRelation(staging)}`);
    db.exec(`CREATE TABLE ${renderRelation(staging)} (${header.map((h, i) => `${q(h)} ${types[i]}`).join(', ')})`);
    const insert = `INSERT INTO ${renderRelation(staging)} VALUES (${header.map(() => '?').join(', ')})`;
    for (const r of rows) db.run(insert, header.map((_, i) => toValue(r[i] ?? '', types[i] as string)));
    dropRelation(db, place);
    db.exec(`ALTER TABLE ${renderRelation(staging)} RENAME TO ${q(tableName(place))}`);
    return rows.length;
  });
}

function inferType(values: string[]): string {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'TEXT';
  if (present.every((v) => /^-?\d{1,15}$/.test(v))) return 'INTEGER';
  if (present.every((v) => /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v))) return 'REAL';
  return 'TEXT';
}

function toValue(v: string, type: string): string | number | null {
  if (v === '') return null;
  if (type === 'INTEGER' || type === 'REAL' || type === 'NUMERIC') {
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  return v;
}

/** Runs a data test: the number of failing rows; with store_failures, also keeps them in the audit table. */
export function runDataTest(db: SqliteDatabase, node: CompiledNode): number {
  const sql = node.compiledSql as string;
  if (node.config['store_failures'] === true && node.relation) {
    return replaceTable(db, node.relation, sql);
  }
  return Number(db.all(`SELECT count(*) AS n FROM (\n${portableSql(sql)}\n)`)[0]?.['n'] ?? 0);
}
