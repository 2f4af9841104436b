import { readFileSync, existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { FloeError, parseCsv, type CompiledNode } from '@floe/core/internal';
import { createBigQueryDialect } from '../dialect';
import { render, sibling, type Place } from '../sql/quote';
import { inferType, seedSelect } from '../sql/seed';
import { createOrReplaceTable, dropTable } from '../sql/statements';
import { STAGING_EXPIRE_HOURS, type NodeContext } from './context';
import { replaceTable } from './replace';

/** Rows per statement: keeps each query well below BigQuery's 1 MB query-text limit for typical seeds. */
const CHUNK_ROWS = 2000;

/**
 * A seed: the CSV is parsed here (delimiter, quote, header; types inferred
 * from every row, column_types overriding) and written with one
 * CREATE OR REPLACE TABLE per seed (atomic). Larger seeds fill an expiring
 * staging table chunk by chunk, then replace the target in one statement.
 */
export async function materializeSeed(c: NodeContext, node: CompiledNode, place: Place, projectDir: string): Promise<{ rows: number; message: string }> {
  const file = node.seed?.file ?? (typeof node.config['file'] === 'string' ? (node.config['file'] as string) : node.path);
  const path = isAbsolute(file) ? file : resolve(projectDir, file);
  if (!existsSync(path)) throw new FloeError('FLOE_SEED_INVALID', `${node.name}: seed file ${file} does not exist`);
  const delimiter = node.seed?.delimiter ?? ',';
  const quote = node.seed?.quote ?? '"';
  const csv = parseCsv(readFileSync(path, 'utf8'), { delimiter, quote, file });
  if (csv.diagnostics.length) throw new FloeError('FLOE_SEED_INVALID', `${node.name}: ${csv.diagnostics[0]?.message}`);
  const overrides: Record<string, string> = { ...objectOf(node.config['column_types']), ...(node.seed?.columnTypes ?? {}) };
  const dialect = createBigQueryDialect({ project: place.project, dataset: place.dataset } as never);
  const types = csv.header.map((h, i) => {
    const o = Object.entries(overrides).find(([k]) => k.toLowerCase() === h.toLowerCase());
    return o ? dialect.mapType(o[1]).toUpperCase() : inferType(csv.rows.map((r) => r[i] ?? ''));
  });
  const rows = csv.rows;
  if (rows.length <= CHUNK_ROWS) {
    const n = await replaceTable(c, place, seedSelect(csv.header, types, rows));
    return { rows: n, message: `INSERT ${n}` };
  }
  const staging = sibling(place, '__floe_seed');
  try {
    await c.session.run(createOrReplaceTable(staging, seedSelect(csv.header, types, rows.slice(0, CHUNK_ROWS)), {}, { expireHours: STAGING_EXPIRE_HOURS }));
    for (let i = CHUNK_ROWS; i < rows.length; i += CHUNK_ROWS) {
      await c.session.run(`INSERT INTO ${render(staging)}\n${seedSelect(csv.header, types, rows.slice(i, i + CHUNK_ROWS))}`);
    }
    const n = await replaceTable(c, place, `SELECT * FROM ${render(staging)}`);
    return { rows: n, message: `INSERT ${n}` };
  } finally {
    await c.session.run(dropTable(staging)).catch(() => undefined);
  }
}

function objectOf(v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
