import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { FloeError, parseCsv, type CompiledNode } from '@floe/core/internal';
import { mapType } from '../dialect';
import { relationKind, render, sibling, type Place } from '../relations';
import type { Column, Session } from '../session';
import { replaceTable } from './replace';
import { sql } from './statements';

/** Binds per INSERT; below the driver's arrayBindingThreshold, so rows travel inline (no stage needed). */
const BINDS_PER_STATEMENT = 50_000;

const INT = /^[+-]?\d{1,18}$/;
const DEC = /^[+-]?\d*\.(\d+)$/;
const BOOL = /^(true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/** Column type from every non-empty value, like dbt's seed inference. */
export function inferType(values: string[]): string {
  const v = values.filter((x) => x !== '');
  if (v.length === 0) return 'VARCHAR';
  if (v.every((x) => INT.test(x))) return 'NUMBER(38,0)';
  if (v.every((x) => INT.test(x) || DEC.test(x))) {
    const scale = Math.max(...v.map((x) => DEC.exec(x)?.[1]?.length ?? 0));
    return scale <= 12 ? `NUMBER(38,${scale})` : 'FLOAT';
  }
  if (v.every((x) => BOOL.test(x))) return 'BOOLEAN';
  if (v.every((x) => DATE.test(x))) return 'DATE';
  if (v.every((x) => TS.test(x) || DATE.test(x))) return 'TIMESTAMP_NTZ';
  return 'VARCHAR';
}

export interface SeedData {
  columns: Column[];
  rows: (string | null)[][];
}

/** Reads and types a seed file: RFC 4180 CSV, empty fields as NULL, `column_types` overriding inference. */
export function readSeed(node: CompiledNode, projectDir: string): SeedData {
  const file = node.seed?.file ?? (typeof node.config['file'] === 'string' ? (node.config['file'] as string) : node.path);
  const path = isAbsolute(file) ? file : resolve(projectDir, file);
  if (!existsSync(path)) throw new FloeError('FLOE_SEED_INVALID', `${node.name}: seed file ${file} does not exist`);
  const csv = parseCsv(readFileSync(path, 'utf8'), { delimiter: node.seed?.delimiter ?? ',', quote: node.seed?.quote ?? '"', file });
  if (csv.diagnostics.some((d) => d.severity === 'error')) {
    throw new FloeError('FLOE_SEED_INVALID', `${node.name}: ${csv.diagnostics[0]?.message ?? 'unreadable CSV'}`, { diagnostics: csv.diagnostics });
  }
  const overrides: Record<string, string> = { ...stringMap(node.config['column_types']), ...(node.seed?.columnTypes ?? {}) };
  const lower = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k.toLowerCase(), v]));
  const columns = csv.header.map((name, i) => {
    const o = lower[name.toLowerCase()];
    return { name, type: o ? mapType(o) : inferType(csv.rows.map((r) => r[i] ?? '')) };
  });
  return { columns, rows: csv.rows.map((r) => csv.header.map((_, i) => (r[i] === undefined || r[i] === '' ? null : (r[i] as string)))) };
}

/**
 * A seed: typed staging table, bulk INSERT with array binds (one request per
 * ~50k values), then swapped into place with the same atomic
 * CREATE OR REPLACE as tables. Staged-file upload (PUT + COPY INTO) is not
 * used yet; see docs/targets.md.
 */
export async function materializeSeed(s: Session, node: CompiledNode, place: Place, projectDir: string, transient: boolean): Promise<{ rows: number; message: string }> {
  const data = readSeed(node, projectDir);
  const staging = sibling(place, '__FLOE_SEED');
  await s.exec(sql.createTable(staging, data.columns, true));
  try {
    const names = data.columns.map((c) => c.name);
    const chunk = Math.max(1, Math.floor(BINDS_PER_STATEMENT / Math.max(1, names.length)));
    for (let i = 0; i < data.rows.length; i += chunk) {
      await s.query(sql.insertValues(staging, names), data.rows.slice(i, i + chunk));
    }
    const kindBefore = await relationKind(s, place);
    const rows = await replaceTable(s, place, `SELECT * FROM ${render(staging)}`, transient);
    return { rows, message: `${kindBefore ? 'RELOAD' : 'INSERT'} ${rows}` };
  } finally {
    await s.exec(sql.dropTable(staging)).catch(() => undefined);
  }
}

function stringMap(v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
