import { PipesFloat, PipesMetadataValue } from './metadata';

/**
 * JSON for one Pipes message line. Like JSON.stringify, except that a
 * PipesFloat keeps a decimal point (`1.0`), non-finite floats become the
 * `NaN`/`Infinity` tokens Python's json module reads, and bigints are written
 * as integers.
 */
export function toPipesJson(value: unknown): string {
  if (value instanceof PipesFloat) return floatToken(value.value);
  if (value instanceof PipesMetadataValue) {
    return `{"raw_value":${toPipesJson(value.raw_value)},"type":${JSON.stringify(value.type)}}`;
  }
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : floatToken(value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toPipesJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function');
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toPipesJson(v)}`).join(',')}}`;
}

function floatToken(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const text = JSON.stringify(n);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}
