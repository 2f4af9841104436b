import { quoteIdentifier as q, quoteLiteral } from './quote';

const INT = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const BOOL = /^(true|false)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Infers a column's BigQuery type from every non-empty value (as DuckDB's CSV reader does with sample_size=-1). */
export function inferType(values: readonly string[]): string {
  const present = values.filter((v) => v !== '');
  if (present.length === 0) return 'STRING';
  const all = (re: RegExp) => present.every((v) => re.test(v));
  if (all(INT) && present.every((v) => Math.abs(Number(v)) <= Number.MAX_SAFE_INTEGER)) return 'INT64';
  if (all(FLOAT)) return 'FLOAT64';
  if (all(BOOL)) return 'BOOL';
  if (all(DATE)) return 'DATE';
  if (all(TIMESTAMP)) return 'TIMESTAMP';
  return 'STRING';
}

/** One chunk of seed rows as a SELECT over a typed array of structs; an empty field is NULL. */
export function seedSelect(header: readonly string[], types: readonly string[], rows: readonly string[][]): string {
  const struct = `STRUCT<${header.map((h, i) => `${q(h)} ${types[i]}`).join(', ')}>`;
  const value = (v: string | undefined, t: string) => (v === undefined || v === '' ? 'NULL' : t === 'STRING' ? quoteLiteral(v) : `CAST(${quoteLiteral(v)} AS ${t})`);
  const tuples = rows.map((r) => `STRUCT(${header.map((_, i) => value(r[i], types[i] as string)).join(', ')})`);
  return `SELECT ${header.map((h) => `s.${q(h)}`).join(', ')}\nFROM UNNEST(ARRAY<${struct}>[\n${tuples.join(',\n')}\n]) AS s`;
}
