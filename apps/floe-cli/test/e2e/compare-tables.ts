import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** One relation that dbt built (from dbt's target/manifest.json). */
export interface RelationSpec {
  resourceType: 'seed' | 'model' | 'snapshot';
  name: string;
  schema: string;
  identifier: string;
  /** Snapshots: `timestamp` (validity taken from the data, compared exactly) or `check` (run time). */
  strategy?: string;
  /** Snapshots: the business key, to number each key's versions. */
  uniqueKey?: string[];
  /** Snapshots: bookkeeping column names (dbt's snapshot_meta_column_names applied). */
  meta?: { scdId: string; updatedAt: string; validFrom: string; validTo: string };
  /** Snapshots: dbt_valid_to_current, the SQL value current versions hold instead of NULL. */
  validToCurrent?: string;
}

export interface ColumnDiff {
  name: string;
  dbtType?: string;
  floeType?: string;
}

export interface TableComparison {
  relation: RelationSpec;
  matched: boolean;
  dbtRows: number;
  floeRows: number;
  /** Floe's column names, in order. */
  floeColumns: string[];
  /** Human-readable reasons when not matched; notes (e.g. INTEGER vs BIGINT) when matched. */
  problems: string[];
  notes: string[];
}

const SYSTEM_SCHEMAS = new Set(['information_schema', 'pg_catalog']);
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

const DEFAULT_META = { scdId: 'dbt_scd_id', updatedAt: 'dbt_updated_at', validFrom: 'dbt_valid_from', validTo: 'dbt_valid_to' };

/**
 * The relations dbt built, read from its manifest: every seed, snapshot and
 * non-ephemeral model (views included), in a stable order.
 */
export function relationsFromDbtManifest(manifest: unknown): RelationSpec[] {
  const nodes = (manifest as { nodes?: Record<string, Record<string, unknown>> }).nodes ?? {};
  const out: RelationSpec[] = [];
  for (const n of Object.values(nodes)) {
    const type = n['resource_type'];
    if (type !== 'seed' && type !== 'model' && type !== 'snapshot') continue;
    const config = (n['config'] ?? {}) as Record<string, unknown>;
    if (config['materialized'] === 'ephemeral' || config['enabled'] === false) continue;
    const key = config['unique_key'];
    const names = (config['snapshot_meta_column_names'] ?? {}) as Record<string, unknown>;
    const name = (k: keyof typeof DEFAULT_META, dbtKey: string) => (typeof names[dbtKey] === 'string' ? (names[dbtKey] as string).toLowerCase() : DEFAULT_META[k]);
    out.push({
      resourceType: type,
      name: String(n['name']),
      schema: String(n['schema']),
      identifier: String(n['alias'] ?? n['name']),
      ...(type === 'snapshot' && typeof config['strategy'] === 'string' ? { strategy: config['strategy'] } : {}),
      ...(type === 'snapshot' && key ? { uniqueKey: Array.isArray(key) ? key.map(String) : String(key).split(',').map((k) => k.trim()) } : {}),
      ...(type === 'snapshot'
        ? {
            meta: { scdId: name('scdId', 'dbt_scd_id'), updatedAt: name('updatedAt', 'dbt_updated_at'), validFrom: name('validFrom', 'dbt_valid_from'), validTo: name('validTo', 'dbt_valid_to') },
            ...(typeof config['dbt_valid_to_current'] === 'string' ? { validToCurrent: config['dbt_valid_to_current'] } : {}),
          }
        : {}),
    });
  }
  return out.sort((a, b) => `${a.resourceType}.${a.schema}.${a.identifier}`.localeCompare(`${b.resourceType}.${b.schema}.${b.identifier}`));
}

interface Side {
  columns: { name: string; type: string }[];
  file: string;
  rows: number;
}

/**
 * Exports every relation of one database file to Parquet (opened read-only at
 * its own path, so views that name their catalog still resolve). Relations
 * missing from the database are left out of the result.
 */
async function exportSide(dbPath: string, relations: RelationSpec[], outDir: string): Promise<{ sides: Map<string, Side>; all: string[] }> {
  mkdirSync(outDir, { recursive: true });
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const tables = await rows(conn, `select table_schema, table_name from information_schema.tables where table_catalog = current_database()`);
    const all = tables
      .filter((t) => !SYSTEM_SCHEMAS.has(String(t['table_schema'])))
      .map((t) => `${String(t['table_schema'])}.${String(t['table_name'])}`)
      .sort();
    const sides = new Map<string, Side>();
    for (const r of relations) {
      const key = `${r.schema}.${r.identifier}`;
      if (!all.some((x) => x.toLowerCase() === key.toLowerCase())) continue;
      const columns = (
        await rows(
          conn,
          `select column_name, data_type from information_schema.columns where table_catalog = current_database() and lower(table_schema) = lower(${lit(r.schema)}) and lower(table_name) = lower(${lit(r.identifier)}) order by ordinal_position`,
        )
      ).map((c) => ({ name: String(c['column_name']), type: String(c['data_type']) }));
      const file = join(outDir, `${r.schema}.${r.identifier}.parquet`);
      await conn.run(`COPY (SELECT * FROM ${q(r.schema)}.${q(r.identifier)}) TO ${lit(file)} (FORMAT parquet)`);
      const n = await rows(conn, `select count(*) as n from ${q(r.schema)}.${q(r.identifier)}`);
      sides.set(key, { columns, file, rows: Number(n[0]?.['n']) });
    }
    return { sides, all };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Runs one query on a database file, read-only (for spot checks beside the full comparison). */
export async function queryFile(dbPath: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    return await rows(conn, sql);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Type families: a difference inside one (INTEGER vs BIGINT) is a note, across them a mismatch. */
export function typeFamily(type: string): string {
  const t = type.toUpperCase();
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(t)) return 'integer';
  if (/^(FLOAT|REAL|DOUBLE)$/.test(t) || t.startsWith('DECIMAL')) return 'number';
  if (t === 'VARCHAR' || t.startsWith('VARCHAR(')) return 'text';
  if (t === 'TIMESTAMP' || /^TIMESTAMP_(S|MS|NS)$/.test(t)) return 'timestamp';
  if (t === 'TIMESTAMP WITH TIME ZONE') return 'timestamptz';
  return t;
}

/**
 * The row shape compared for one relation: numbers rounded to 6 places as
 * DOUBLE, mismatched families as text, snapshot bookkeeping reduced to what
 * both tools must agree on.
 */
function normalizedSelect(rel: RelationSpec, side: Side, other: Side, from: string): { select: string; header: string[] } {
  const otherTypes = new Map(other.columns.map((c) => [c.name.toLowerCase(), c.type]));
  const exprs: string[] = [];
  const header: string[] = [];
  const snapshot = rel.resourceType === 'snapshot';
  const meta = rel.meta ?? DEFAULT_META;
  for (const c of side.columns) {
    const name = c.name.toLowerCase();
    const otherType = otherTypes.get(name);
    if (otherType === undefined) continue;
    // Snapshot ids and update stamps are tool-specific; check-strategy validity is the run time.
    if (snapshot && (name === meta.scdId || name === meta.updatedAt)) continue;
    if (snapshot && rel.strategy !== 'timestamp' && (name === meta.validFrom || name === meta.validTo)) continue;
    const fam = typeFamily(c.type);
    let e: string;
    if (fam !== typeFamily(otherType)) e = `CAST(${q(c.name)} AS VARCHAR)`;
    else if (fam === 'number') e = `round(CAST(${q(c.name)} AS DOUBLE), 6)`;
    else if (fam === 'integer') e = `CAST(${q(c.name)} AS HUGEINT)`;
    else e = q(c.name);
    exprs.push(`${e} AS ${q(name)}`);
    header.push(name);
  }
  if (snapshot) {
    // Validity windows modulo timestamps: each key's versions in order, the
    // current one open (NULL or dbt_valid_to_current, which must be the same
    // value in both), and every closed window ending where the next begins.
    const names = new Set(side.columns.map((c) => c.name.toLowerCase()));
    if (names.has(meta.validFrom) && names.has(meta.validTo)) {
      const from = q(meta.validFrom);
      const to = q(meta.validTo);
      const current = rel.validToCurrent ? `(${to} IS NULL OR ${to} = ${rel.validToCurrent})` : `${to} IS NULL`;
      exprs.push(`${current} AS is_current`, `CASE WHEN ${current} THEN CAST(${to} AS VARCHAR) END AS current_valid_to`);
      header.push('is_current', 'current_valid_to');
      if (rel.uniqueKey?.length) {
        const part = rel.uniqueKey.map(q).join(', ');
        exprs.push(`row_number() OVER (PARTITION BY ${part} ORDER BY ${from}) AS version_no`);
        exprs.push(`(${current} OR ${to} IS NOT DISTINCT FROM lead(${from}) OVER (PARTITION BY ${part} ORDER BY ${from})) AS windows_chain`);
        header.push('version_no', 'windows_chain');
      }
    }
  }
  return { select: `SELECT ${exprs.join(', ')} FROM ${from}`, header };
}

export interface CompareOptions {
  dbtDatabase: string;
  floeDatabase: string;
  relations: RelationSpec[];
  /** Scratch folder for the Parquet exports. */
  workDir: string;
}

export interface CompareReport {
  tables: TableComparison[];
  /** Relations in Floe's database that dbt does not have (staging leftovers would show here). */
  extraInFloe: string[];
}

/** Compares the contents of every relation dbt built with the same relation in Floe's database. */
export async function compareDatabases(options: CompareOptions): Promise<CompareReport> {
  const d = await exportSide(options.dbtDatabase, options.relations, join(options.workDir, 'dbt'));
  const f = await exportSide(options.floeDatabase, options.relations, join(options.workDir, 'floe'));
  const mem = await DuckDBInstance.create(':memory:');
  const conn = await mem.connect();
  const tables: TableComparison[] = [];
  try {
    for (const rel of options.relations) {
      const key = `${rel.schema}.${rel.identifier}`;
      const ds = d.sides.get(key);
      const fs = f.sides.get(key);
      const problems: string[] = [];
      const notes: string[] = [];
      if (!ds || !fs) {
        tables.push({ relation: rel, matched: false, dbtRows: ds?.rows ?? -1, floeRows: fs?.rows ?? -1, floeColumns: fs?.columns.map((c) => c.name) ?? [], problems: [`missing in ${!ds ? 'dbt' : 'floe'}'s database`], notes });
        continue;
      }
      const dNames = ds.columns.map((c) => c.name.toLowerCase());
      const fNames = fs.columns.map((c) => c.name.toLowerCase());
      if (dNames.join(',') !== fNames.join(',')) problems.push(`columns differ: dbt [${dNames.join(', ')}] vs floe [${fNames.join(', ')}]`);
      for (const c of ds.columns) {
        const other = fs.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
        if (!other || other.type === c.type) continue;
        if (typeFamily(other.type) !== typeFamily(c.type)) problems.push(`column ${c.name}: type ${c.type} in dbt, ${other.type} in floe`);
        else notes.push(`${c.name} ${c.type}/${other.type}`);
      }
      const dSel = normalizedSelect(rel, ds, fs, `read_parquet(${lit(ds.file)})`);
      const fSel = normalizedSelect(rel, fs, ds, `read_parquet(${lit(fs.file)})`);
      if (dSel.header.join(',') !== fSel.header.join(',')) {
        // Same column set in another order: compare by name.
        fSel.select = `SELECT ${dSel.header.map(q).join(', ')} FROM (${fSel.select})`;
      }
      const onlyDbt = await rows(conn, `SELECT * FROM (${dSel.select} EXCEPT ALL ${fSel.select}) LIMIT 5`);
      const onlyFloe = await rows(conn, `SELECT * FROM (${fSel.select} EXCEPT ALL ${dSel.select}) LIMIT 5`);
      if (ds.rows !== fs.rows) problems.push(`row count: dbt ${ds.rows}, floe ${fs.rows}`);
      if (onlyDbt.length) problems.push(`rows only in dbt (first ${onlyDbt.length}): ${JSON.stringify(onlyDbt)}`);
      if (onlyFloe.length) problems.push(`rows only in floe (first ${onlyFloe.length}): ${JSON.stringify(onlyFloe)}`);
      tables.push({ relation: rel, matched: problems.length === 0, dbtRows: ds.rows, floeRows: fs.rows, floeColumns: fs.columns.map((c) => c.name), problems, notes });
    }
  } finally {
    conn.closeSync();
    mem.closeSync();
  }
  const dbtAll = new Set(d.all.map((x) => x.toLowerCase()));
  return { tables, extraInFloe: f.all.filter((x) => !dbtAll.has(x.toLowerCase())) };
}

/** A plain-text table of the comparison, one line per relation. */
export function formatReport(title: string, report: CompareReport): string {
  const lines = [`${title}:`];
  for (const t of report.tables) {
    const r = t.relation;
    const status = t.matched ? 'MATCH   ' : 'MISMATCH';
    const snap = r.resourceType === 'snapshot' ? ` (${r.strategy ?? '?'} strategy)` : '';
    lines.push(`  ${status} ${r.resourceType.padEnd(8)} ${`${r.schema}.${r.identifier}`.padEnd(36)} rows dbt=${t.dbtRows} floe=${t.floeRows}${snap}${t.notes.length ? `  [types: ${t.notes.join('; ')}]` : ''}`);
    for (const p of t.problems) lines.push(`           ${p}`);
  }
  if (report.extraInFloe.length) lines.push(`  only in floe's database: ${report.extraInFloe.join(', ')}`);
  const ok = report.tables.filter((t) => t.matched).length;
  lines.push(`  ${ok}/${report.tables.length} relations matched`);
  return lines.join('\n');
}
