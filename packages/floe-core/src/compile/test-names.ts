import { hexDigest, stableStringify } from '../artifacts/serialize';

/**
 * The 10-character hash that makes a generic test's unique_id unique:
 * sha256 of owner, column, test name, arguments and config (sorted JSON).
 */
export function genericTestHash(ownerName: string, column: string | undefined, testName: string, args: Record<string, unknown>, config: Record<string, unknown>): string {
  return hexDigest('sha256', `${ownerName}|${column ?? ''}|${testName}|${sortedJson(args)}|${sortedJson(config)}`).slice(0, 10);
}

/** stableStringify, with the common empty mapping answered without a copy. */
function sortedJson(v: Record<string, unknown>): string {
  if (Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === 0) return '{}';
  return stableStringify(v);
}

export interface GenericTestNames {
  /** dbt's full name: the node name and the middle part of its unique_id. */
  name: string;
  /** dbt's short name (alias): the name when under 64 characters, else a truncated prefix and an md5. */
  alias: string;
}

/**
 * Names a generic test exactly as dbt-core does (synthesize_generic_test_names),
 * so `--select`, run_results and store_failures tables use the names dbt
 * users know: `<test>_<owner>_<arg values joined by __>`, with the arguments
 * in key order (column_name among them) and owner `source_<test>_<source>_<table>`
 * for source tests. Argument values are the unrendered YAML values.
 */
export function genericTestNames(
  testName: string,
  owner: { model: string } | { source: string; table: string },
  args: Record<string, unknown>,
  /** The column the test is declared under: a `column_name` argument unless args has its own. */
  columnName?: string,
): GenericTestNames {
  const keys = Object.keys(args);
  const addColumn = columnName !== undefined && !Object.prototype.hasOwnProperty.call(args, 'column_name');
  if (addColumn) keys.push('column_name');
  keys.sort();
  // The argument values flattened, each made identifier-safe, joined by "__" (built in one pass, no arrays).
  let unique = '';
  let first = true;
  for (const key of keys) {
    if (key === 'model') continue;
    const v = addColumn && key === 'column_name' ? columnName : args[key];
    const parts = Array.isArray(v) ? v : isPlainMap(v) ? Object.values(v) : undefined;
    if (parts === undefined) {
      unique += (first ? '' : '__') + pythonStr(v).replace(NOT_IDENTIFIER, '_');
      first = false;
      continue;
    }
    for (const part of parts) {
      unique += (first ? '' : '__') + pythonStr(part).replace(NOT_IDENTIFIER, '_');
      first = false;
    }
  }
  const identifier = 'model' in owner ? `${testName}_${owner.model}` : `source_${testName}_${owner.source}_${owner.table}`;
  const name = `${identifier}_${unique}`;
  const alias = name.length >= 64 ? `${identifier.slice(0, 30)}_${hexDigest('md5', name)}` : name;
  return { name, alias };
}

const NOT_IDENTIFIER = /[^0-9a-zA-Z_]+/g;

/** Python's str() of a YAML scalar, as dbt sees it. */
function pythonStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
