import { createHash } from 'node:crypto';

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
export function genericTestNames(testName: string, owner: { model: string } | { source: string; table: string }, args: Record<string, unknown>): GenericTestNames {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const v = args[key];
    const parts = Array.isArray(v) ? v : isPlainMap(v) ? Object.values(v) : [v];
    flat.push(...parts.map(pythonStr));
  }
  const unique = flat.map((a) => a.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = 'model' in owner ? `${testName}_${owner.model}` : `source_${testName}_${owner.source}_${owner.table}`;
  const name = `${identifier}_${unique}`;
  const alias = name.length >= 64 ? `${identifier.slice(0, 30)}_${createHash('md5').update(name).digest('hex')}` : name;
  return { name, alias };
}

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
