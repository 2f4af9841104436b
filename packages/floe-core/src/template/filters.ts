/** Jinja's built-in filters (plus dbt's as_text/as_bool/as_number/as_native) with Jinja's defaults. */
import { attrPath } from './access';
import { TESTS } from './jinja-tests';
import { capitalize, percentFormat, pyReplace, title, type Kwargs } from './methods';
import { isDict, isUndef, pyCmp, pyEq, PyError, pyInt, pyLen, repr, str, toList, truthy, tuple, typeName, Undef } from './values';

export interface FilterEnv {
  strict: boolean;
}
export type FilterFn = (v: unknown, args: unknown[], kw: Kwargs, env: FilterEnv) => unknown;

function arg(args: unknown[], kw: Kwargs, i: number, name: string, dflt?: unknown): unknown {
  if (i < args.length) return args[i];
  if (Object.prototype.hasOwnProperty.call(kw, name)) return kw[name];
  return dflt;
}

function text(v: unknown, env: FilterEnv): string {
  if (v instanceof Undef && env.strict) throw new PyError(v.hint);
  return str(v);
}

function list(v: unknown, env: FilterEnv): unknown[] {
  return toList(v, env.strict);
}

/** Sort key: lower-cased strings unless case_sensitive (Jinja's ignore_case). */
function keyFn(attribute: unknown, caseSensitive: boolean, env: FilterEnv): (x: unknown) => unknown {
  return (x) => {
    let v = attribute === undefined || attribute === null ? x : attrPath(x, attribute, env.strict);
    if (!caseSensitive && typeof v === 'string') v = v.toLowerCase();
    return v;
  };
}

function runTest(name: unknown, v: unknown, args: unknown[]): boolean {
  if (name === undefined || name === null) return truthy(v, false);
  const t = TESTS[str(name)];
  if (!t) throw new PyError(`no test named '${str(name)}'`, 'FLOE_TEMPLATE_UNSUPPORTED');
  return t(v, args);
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c] as string);
}

/** json.dumps(sort_keys=True) with Jinja's HTML-safe escaping, as the tojson filter does. */
export function pyJson(v: unknown, indent: number | undefined, sortKeys: boolean, level = 0): string {
  if (v === null || v === undefined || v instanceof Undef) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const nl = indent === undefined ? '' : '\n' + ' '.repeat(indent * (level + 1));
  const end = indent === undefined ? '' : '\n' + ' '.repeat(indent * level);
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + v.map((x) => nl + pyJson(x, indent, sortKeys, level + 1)).join(sep) + end + ']';
  }
  if (isDict(v)) {
    const keys = Object.keys(v);
    if (sortKeys) keys.sort();
    if (keys.length === 0) return '{}';
    return '{' + keys.map((k) => nl + pyJson(k, indent, sortKeys) + ': ' + pyJson(v[k], indent, sortKeys, level + 1)).join(sep) + end + '}';
  }
  throw new PyError(`Object of type ${typeName(v)} is not JSON serializable`);
}

function roundCommon(x: number, precision: number): number {
  const f = 10 ** precision;
  const y = Math.abs(x) * f;
  // Round half away from zero, tolerant to binary representation (2.675 -> 2.68 like Python's decimal-free round? Jinja uses round()).
  const r = Math.round(y + Number.EPSILON * y);
  return (Math.sign(x) * r) / f;
}

function pyFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v.replace(/_/g, ''))) return Number(v.replace(/_/g, ''));
  throw new PyError(`could not convert string to float: ${repr(v)}`);
}

function doSort(v: unknown, args: unknown[], kw: Kwargs, env: FilterEnv): unknown[] {
  const reverse = truthy(arg(args, kw, 0, 'reverse', false), false);
  const cs = truthy(arg(args, kw, 1, 'case_sensitive', false), false);
  const key = keyFn(arg(args, kw, 2, 'attribute'), cs, env);
  const items = [...list(v, env)];
  const keyed = items.map((x) => [key(x), x] as const);
  keyed.sort((a, b) => pyCmp(a[0], b[0]));
  if (reverse) keyed.reverse();
  return keyed.map((p) => p[1]);
}

function selectOrReject(v: unknown, args: unknown[], env: FilterEnv, keep: boolean, byAttr: boolean): unknown[] {
  const out: unknown[] = [];
  const [first, ...rest] = args;
  const testName = byAttr ? rest[0] : first;
  const testArgs = byAttr ? rest.slice(1) : rest;
  for (const x of list(v, env)) {
    const subject = byAttr ? attrPath(x, first, false) : x;
    if (runTest(testName, subject, testArgs) === keep) out.push(x);
  }
  return out;
}

function minMax(v: unknown, args: unknown[], kw: Kwargs, env: FilterEnv, sign: number): unknown {
  const items = list(v, env);
  if (items.length === 0) return new Undef('No aggregated item, sequence was empty.');
  const key = keyFn(arg(args, kw, 1, 'attribute'), truthy(arg(args, kw, 0, 'case_sensitive', false), false), env);
  let best = items[0];
  for (const x of items) if (sign * pyCmp(key(x), key(best)) > 0) best = x;
  return best;
}

function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw new PyError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
}

export const FILTERS: Record<string, FilterFn> = {
  upper: (v, _a, _k, env) => text(v, env).toUpperCase(),
  lower: (v, _a, _k, env) => text(v, env).toLowerCase(),
  capitalize: (v, _a, _k, env) => capitalize(text(v, env)),
  title: (v, _a, _k, env) => title(text(v, env)),
  trim: (v, a, kw, env) => {
    const s = text(v, env);
    const chars = arg(a, kw, 0, 'chars');
    if (chars === undefined || chars === null) return s.trim();
    const set = str(chars);
    let i = 0;
    let j = s.length;
    while (i < j && set.includes(s[i] as string)) i++;
    while (j > i && set.includes(s[j - 1] as string)) j--;
    return s.slice(i, j);
  },
  replace: (v, a, kw, env) => pyReplace(text(v, env), arg(a, kw, 0, 'old'), arg(a, kw, 1, 'new'), Number(arg(a, kw, 2, 'count', -1) ?? -1)),
  join: (v, a, kw, env) => {
    const sep = str(arg(a, kw, 0, 'd', ''));
    const attribute = arg(a, kw, 1, 'attribute');
    let items = list(v, env);
    if (attribute !== undefined && attribute !== null) items = items.map((x) => attrPath(x, attribute, env.strict));
    return items.map((x) => text(x, env)).join(sep);
  },
  default: (v, a, kw) => {
    const boolean = truthy(arg(a, kw, 1, 'boolean', false), false);
    if (isUndef(v) || (boolean && !truthy(v, false))) return arg(a, kw, 0, 'default_value', '');
    return v;
  },
  length: (v, _a, _k, env) => {
    if (v instanceof Undef && env.strict) throw new PyError(v.hint);
    return pyLen(v);
  },
  list: (v, _a, _k, env) => [...list(v, env)],
  int: (v, a, kw) => {
    const dflt = arg(a, kw, 0, 'default', 0);
    const base = Number(arg(a, kw, 1, 'base', 10));
    try {
      if (typeof v === 'string' && base !== 10) {
        const n = parseInt(v.trim().replace(/^0[xob]/i, ''), base);
        return Number.isNaN(n) ? dflt : n;
      }
      return pyInt(v);
    } catch {
      try {
        return Math.trunc(pyFloat(v));
      } catch {
        return dflt;
      }
    }
  },
  float: (v, a, kw) => {
    try {
      return pyFloat(v);
    } catch {
      return arg(a, kw, 0, 'default', 0);
    }
  },
  string: (v, _a, _k, env) => text(v, env),
  first: (v, _a, _k, env) => {
    const items = list(v, env);
    return items.length > 0 ? items[0] : new Undef('No first item, sequence was empty.');
  },
  last: (v, _a, _k, env) => {
    const items = list(v, env);
    return items.length > 0 ? items[items.length - 1] : new Undef('No last item, sequence was empty.');
  },
  sort: doSort,
  unique: (v, a, kw, env) => {
    const key = keyFn(arg(a, kw, 1, 'attribute'), truthy(arg(a, kw, 0, 'case_sensitive', false), false), env);
    const seen: unknown[] = [];
    const out: unknown[] = [];
    for (const x of list(v, env)) {
      const k = key(x);
      if (!seen.some((s) => pyEq(s, k))) {
        seen.push(k);
        out.push(x);
      }
    }
    return out;
  },
  reverse: (v, _a, _k, env) => (typeof v === 'string' ? Array.from(v).reverse().join('') : [...list(v, env)].reverse()),
  round: (v, a, kw) => {
    const precision = Number(arg(a, kw, 0, 'precision', 0));
    const method = str(arg(a, kw, 1, 'method', 'common'));
    const x = pyFloat(v);
    const f = 10 ** precision;
    if (method === 'ceil') return Math.ceil(x * f) / f;
    if (method === 'floor') return Math.floor(x * f) / f;
    if (method !== 'common') throw new PyError('method must be common, ceil or floor');
    return roundCommon(x, precision);
  },
  abs: (v) => {
    if (typeof v !== 'number') throw new PyError(`bad operand type for abs(): '${typeName(v)}'`);
    return Math.abs(v);
  },
  tojson: (v, a, kw) => {
    const indent = arg(a, kw, 0, 'indent');
    return pyJson(v, indent === undefined || indent === null ? undefined : Number(indent), true).replace(/[<>&']/g, (c) => ({ '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', "'": '\\u0027' })[c] as string);
  },
  map: (v, a, kw, env) => {
    const items = list(v, env);
    if (a.length === 0 && Object.prototype.hasOwnProperty.call(kw, 'attribute')) {
      const dflt = kw.default;
      return items.map((x) => {
        const r = attrPath(x, kw.attribute, false);
        return isUndef(r) && dflt !== undefined ? dflt : r;
      });
    }
    const name = str(a[0]);
    const f = FILTERS[name];
    if (!f) throw new PyError(`no filter named '${name}'`, 'FLOE_TEMPLATE_UNSUPPORTED');
    const rest = a.slice(1);
    return items.map((x) => f(x, rest, kw, env));
  },
  select: (v, a, _k, env) => selectOrReject(v, a, env, true, false),
  reject: (v, a, _k, env) => selectOrReject(v, a, env, false, false),
  selectattr: (v, a, _k, env) => selectOrReject(v, a, env, true, true),
  rejectattr: (v, a, _k, env) => selectOrReject(v, a, env, false, true),
  items: (v) => {
    if (isUndef(v)) return [];
    if (v instanceof Map) return [...v.entries()].map((e) => tuple(e));
    if (!isDict(v)) throw new PyError(`Can only get item pairs from a mapping, not ${typeName(v)}`);
    return Object.keys(v).map((k) => tuple([k, v[k]]));
  },
  dictsort: (v, a, kw) => {
    if (!isDict(v)) throw new PyError('dictsort expects a mapping');
    const cs = truthy(arg(a, kw, 0, 'case_sensitive', false), false);
    const by = str(arg(a, kw, 1, 'by', 'key'));
    const reverse = truthy(arg(a, kw, 2, 'reverse', false), false);
    const idx = by === 'value' ? 1 : 0;
    const pairs = Object.keys(v).map((k) => tuple([k, v[k]]));
    const key = (p: unknown[]): unknown => (!cs && typeof p[idx] === 'string' ? (p[idx] as string).toLowerCase() : p[idx]);
    pairs.sort((x, y) => pyCmp(key(x), key(y)));
    if (reverse) pairs.reverse();
    return pairs;
  },
  indent: (v, a, kw, env) => {
    const w = arg(a, kw, 0, 'width', 4);
    const ind = typeof w === 'string' ? w : ' '.repeat(Number(w));
    const first = truthy(arg(a, kw, 1, 'first', false), false);
    const blank = truthy(arg(a, kw, 2, 'blank', false), false);
    const s = text(v, env) + '\n';
    const lines = s.split('\n');
    lines.pop();
    let rv: string;
    if (blank) rv = lines.join('\n' + ind);
    else {
      rv = lines.shift() ?? '';
      if (lines.length > 0) rv += '\n' + lines.map((l) => (l ? ind + l : l)).join('\n');
    }
    return first ? ind + rv : rv;
  },
  wordcount: (v, _a, _k, env) => (text(v, env).match(/\w+/g) ?? []).length,
  escape: (v) => htmlEscape(str(v)),
  safe: (v) => v,
  format: (v, a, kw) => percentFormat(str(v), Object.keys(kw).length > 0 ? kw : tuple(a)),
  max: (v, a, kw, env) => minMax(v, a, kw, env, 1),
  min: (v, a, kw, env) => minMax(v, a, kw, env, -1),
  sum: (v, a, kw, env) => {
    const attribute = arg(a, kw, 0, 'attribute');
    let acc = arg(a, kw, 1, 'start', 0);
    for (const x of list(v, env)) acc = add(acc, attribute === undefined || attribute === null ? x : attrPath(x, attribute, env.strict));
    return acc;
  },
  attr: (v, a) => attrPath(v, str(a[0]), false),
  center: (v, a, kw, env) => {
    const s = text(v, env);
    const n = Math.max(0, Number(arg(a, kw, 0, 'width', 80)) - s.length);
    const left = Math.floor(n / 2) + (n % 2 === 1 && s.length % 2 === 1 ? 1 : 0);
    return ' '.repeat(left) + s + ' '.repeat(n - left);
  },
  batch: (v, a, kw, env) => {
    const size = Number(arg(a, kw, 0, 'linecount'));
    const fill = arg(a, kw, 1, 'fill_with');
    const items = list(v, env);
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    const lastBatch = out[out.length - 1];
    if (fill !== undefined && lastBatch) while (lastBatch.length < size) lastBatch.push(fill);
    return out;
  },
  truncate: (v, a, kw, env) => {
    const s = text(v, env);
    const length = Number(arg(a, kw, 0, 'length', 255));
    const killwords = truthy(arg(a, kw, 1, 'killwords', false), false);
    const end = str(arg(a, kw, 2, 'end', '...'));
    const leeway = Number(arg(a, kw, 3, 'leeway', 5));
    if (s.length <= length + leeway) return s;
    if (killwords) return s.slice(0, length - end.length) + end;
    const cut = s.slice(0, length - end.length);
    const sp = cut.lastIndexOf(' ');
    return (sp >= 0 ? cut.slice(0, sp) : cut) + end;
  },
  pprint: (v) => repr(v),
  striptags: (v, _a, _k, env) => text(v, env).replace(/<!--.*?-->|<[^>]*>/gs, '').replace(/\s+/g, ' ').trim(),
  // dbt's filters
  as_text: (v, _a, _k, env) => text(v, env),
  as_bool: (v) => (typeof v === 'string' && /^(true|false)$/i.test(v.trim()) ? v.trim().toLowerCase() === 'true' : v),
  as_number: (v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : v),
  as_native: (v) => v,
};
FILTERS.d = FILTERS.default as FilterFn;
FILTERS.count = FILTERS.length as FilterFn;
FILTERS.e = FILTERS.escape as FilterFn;
FILTERS.forceescape = FILTERS.escape as FilterFn;
