import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { FloeError, type CompiledNode } from '@floe/core';
import { mapType, quoteLiteral } from '../dialect';
import type { Place } from '../relations';
import type { Session } from '../session';
import { replaceTable } from './replace-table';

/**
 * A seed: DuckDB's bulk CSV reader with explicit delimiter, quote and header
 * (types inferred from every row, `column_types` overriding), swapped in
 * atomically like a table. No row-by-row INSERTs.
 */
export async function materializeSeed(s: Session, node: CompiledNode, place: Place, projectDir: string): Promise<{ rows: number; message: string }> {
  const file = node.seed?.file ?? (typeof node.config['file'] === 'string' ? (node.config['file'] as string) : node.path);
  const path = isAbsolute(file) ? file : resolve(projectDir, file);
  if (!existsSync(path)) throw new FloeError('FLOE_SEED_INVALID', `${node.name}: seed file ${file} does not exist`);
  const delimiter = node.seed?.delimiter ?? stringOr(node.config['delimiter'], ',');
  const quote = node.seed?.quote ?? stringOr(node.config['quote'], '"');
  const columnTypes: Record<string, string> = { ...objectOf(node.config['column_types']), ...(node.seed?.columnTypes ?? {}) };
  const types = Object.entries(columnTypes)
    .map(([col, t]) => `${quoteLiteral(col)}: ${quoteLiteral(mapType(t))}`)
    .join(', ');
  const options = [
    `delim = ${quoteLiteral(delimiter)}`,
    `quote = ${quoteLiteral(quote)}`,
    // RFC 4180: a quote inside a quoted field is doubled.
    `escape = ${quoteLiteral(quote)}`,
    'header = true',
    'sample_size = -1',
    ...(types ? [`types = {${types}}`] : []),
  ];
  const rows = await replaceTable(s, place, `SELECT * FROM read_csv(${quoteLiteral(path)}, ${options.join(', ')})`);
  return { rows, message: `INSERT ${rows}` };
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' && v !== '' ? v : fallback;
}

function objectOf(v: unknown): Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
