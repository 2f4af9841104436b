/** Python methods on str, list and dict values (`'a,b'.split(',')`, `d.items()`, `l.append(x)` ...). */
import { isDict, isTuple, pyCmp, pyEq, PyError, pyIn, repr, str, toList, tuple, typeName } from './values';

export type Kwargs = Record<string, unknown>;
export type MethodImpl = (self: never, args: unknown[], kw: Kwargs) => unknown;

function arg(args: unknown[], kw: Kwargs, i: number, name: string, dflt?: unknown): unknown {
  if (i < args.length) return args[i];
  if (name in kw) return kw[name];
  return dflt;
}

export function needStr(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new PyError(`${what} must be str, not ${typeName(v)}`);
  return v;
}

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    return left && right ? s.trim() : left ? s.trimStart() : s.trimEnd();
  }
  const set = needStr(chars, 'strip arg');
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.includes(s[a] as string)) a++;
  if (right) while (b > a && set.includes(s[b - 1] as string)) b--;
  return s.slice(a, b);
}

export function pySplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (sep === undefined || sep === null) {
    const parts = s.trim().split(/\s+/).filter((p) => p.length > 0);
    if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
    // Re-split keeping the remainder intact.
    const out: string[] = [];
    let rest = s.trimStart();
    for (let i = 0; i < maxsplit; i++) {
      const m = /\s+/.exec(rest);
      if (!m) break;
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    out.push(rest);
    return out;
  }
  const sp = needStr(sep, 'separator');
  if (sp === '') throw new PyError('empty separator');
  const parts = s.split(sp);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sp)];
}

export function pyReplace(s: string, old: unknown, nw: unknown, count: number): string {
  const o = needStr(old, 'replace() argument 1');
  const n = str(nw);
  if (count < 0) return s.split(o).join(n);
  let out = '';
  let rest = s;
  for (let i = 0; i < count; i++) {
    const idx = rest.indexOf(o);
    if (idx < 0) break;
    out += rest.slice(0, idx) + n;
    rest = rest.slice(idx + o.length);
    if (o === '') {
      out += rest.slice(0, 1);
      rest = rest.slice(1);
    }
  }
  return out + rest;
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : (s[0] as string).toUpperCase() + s.slice(1).toLowerCase();
}

export function title(s: string): string {
  return s.toLowerCase().replace(/(^|[^A-Za-z0-9'])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

function affix(self: string, args: unknown[], fn: (s: string, x: string) => boolean): boolean {
  const x = args[0];
  if (Array.isArray(x)) return x.some((p) => fn(self, needStr(p, 'tuple item')));
  return fn(self, needStr(x, 'argument'));
}

/** str.format with positional/named fields and a basic format spec. */
export function strFormat(fmt: string, args: unknown[], kw: Kwargs): string {
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const f = field ?? '';
    const colon = f.indexOf(':');
    const ref = colon >= 0 ? f.slice(0, colon) : f;
    const spec = colon >= 0 ? f.slice(colon + 1) : '';
    const [head, ...path] = ref.split('.');
    let v: unknown;
    if (head === '' || head === undefined) v = args[auto++];
    else if (/^\d+$/.test(head)) v = args[Number(head)];
    else if (head in kw) v = kw[head];
    else throw new PyError(`KeyError: '${head}' in format string`);
    for (const p of path) v = isDict(v) ? v[p] : (v as Record<string, unknown> | undefined)?.[p];
    return formatSpec(v, spec);
  });
}

function formatSpec(v: unknown, spec: string): string {
  if (spec === '') return str(v);
  const m = /^(?:(.)?([<>^]))?([+-])?(0)?(\d+)?(,)?(?:\.(\d+))?([sdfeg%])?$/.exec(spec);
  if (!m) return str(v);
  const [, fill, align, sign, zero, width, comma, prec, type] = m;
  let s: string;
  if (type === 'f' || (prec !== undefined && typeof v === 'number' && type !== 's')) s = (v as number).toFixed(prec ? Number(prec) : 6);
  else if (type === '%') s = ((v as number) * 100).toFixed(prec ? Number(prec) : 6) + '%';
  else if (type === 'd') s = String(Math.trunc(v as number));
  else if (type === 'e') s = (v as number).toExponential(prec ? Number(prec) : 6).replace(/e([+-])(\d)$/, 'e$10$2');
  else s = str(v);
  if (comma) s = s.replace(/^(-?\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  if (sign === '+' && typeof v === 'number' && v >= 0) s = '+' + s;
  const w = width ? Number(width) : 0;
  if (s.length < w) {
    const pad = zero && !align ? '0' : (fill ?? ' ');
    const al = align ?? (typeof v === 'number' ? '>' : '<');
    const n = w - s.length;
    if (al === '<') s = s + pad.repeat(n);
    else if (al === '^') s = pad.repeat(Math.floor(n / 2)) + s + pad.repeat(Math.ceil(n / 2));
    else if (zero && !align && /^[-+]/.test(s)) s = s[0] + '0'.repeat(n) + s.slice(1);
    else s = pad.repeat(n) + s;
  }
  return s;
}

/** Python `fmt % values` (printf-style). */
export function percentFormat(fmt: string, values: unknown): string {
  const positional = isTuple(values) ? (values as unknown[]) : [values];
  let idx = 0;
  let usedMapping = false;
  const out = fmt.replace(/%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdirfFeEgGxXoc%])/g, (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let v: unknown;
    if (key !== undefined) {
      if (!isDict(values)) throw new PyError('format requires a mapping');
      usedMapping = true;
      v = values[key];
    } else {
      if (idx >= positional.length) throw new PyError('not enough arguments for format string');
      v = positional[idx++];
    }
    let s: string;
    switch (conv) {
      case 's': s = str(v); break;
      case 'r': s = repr(v); break;
      case 'd': case 'i': case 'u':
        if (typeof v !== 'number' && typeof v !== 'boolean') throw new PyError(`%${conv} format: a real number is required, not ${typeName(v)}`);
        s = String(Math.trunc(Number(v)));
        break;
      case 'f': case 'F':
        if (typeof v !== 'number') throw new PyError(`must be real number, not ${typeName(v)}`);
        s = v.toFixed(prec !== undefined ? Number(prec) : 6);
        break;
      case 'e': case 'E':
        s = (v as number).toExponential(prec !== undefined ? Number(prec) : 6).replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') s = s.toUpperCase();
        break;
      case 'g': case 'G': s = String(v); break;
      case 'x': s = (v as number).toString(16); break;
      case 'X': s = (v as number).toString(16).toUpperCase(); break;
      case 'o': s = (v as number).toString(8); break;
      case 'c': s = typeof v === 'number' ? String.fromCharCode(v) : str(v); break;
      default: s = str(v);
    }
    if (flags.includes('+') && typeof v === 'number' && v >= 0) s = '+' + s;
    const w = width && width !== '*' ? Number(width) : 0;
    if (s.length < w) {
      if (flags.includes('-')) s = s.padEnd(w);
      else if (flags.includes('0') && conv !== 's' && conv !== 'r') s = /^[-+]/.test(s) ? s[0] + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0');
      else s = s.padStart(w);
    }
    return s;
  });
  if (!usedMapping && isTuple(values) && idx < positional.length) throw new PyError('not all arguments converted during string formatting');
  return out;
}

const STR: Record<string, (s: string, a: unknown[], kw: Kwargs) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, a) => stripChars(s, a[0], true, true),
  lstrip: (s, a) => stripChars(s, a[0], true, false),
  rstrip: (s, a) => stripChars(s, a[0], false, true),
  split: (s, a, kw) => pySplit(s, arg(a, kw, 0, 'sep'), Number(arg(a, kw, 1, 'maxsplit', -1))),
  rsplit: (s, a, kw) => {
    const max = Number(arg(a, kw, 1, 'maxsplit', -1));
    const sep = arg(a, kw, 0, 'sep');
    if (max < 0 || sep === undefined || sep === null) return pySplit(s, sep, max);
    const parts = s.split(needStr(sep, 'separator'));
    if (parts.length <= max + 1) return parts;
    return [parts.slice(0, parts.length - max).join(sep as string), ...parts.slice(parts.length - max)];
  },
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((_, i, all) => i < all.length - 1 || all[i] !== ''),
  replace: (s, a, kw) => pyReplace(s, a[0], a[1], Number(arg(a, kw, 2, 'count', -1))),
  startswith: (s, a) => affix(s, a, (x, p) => x.startsWith(p)),
  endswith: (s, a) => affix(s, a, (x, p) => x.endsWith(p)),
  join: (s, a) => toList(a[0], false).map((x) => needStr(x, 'sequence item')).join(s),
  format: (s, a, kw) => strFormat(s, a, kw),
  capitalize: (s) => capitalize(s),
  title: (s) => title(s),
  find: (s, a) => s.indexOf(needStr(a[0], 'find arg')),
  rfind: (s, a) => s.lastIndexOf(needStr(a[0], 'rfind arg')),
  index: (s, a) => {
    const i = s.indexOf(needStr(a[0], 'index arg'));
    if (i < 0) throw new PyError('substring not found');
    return i;
  },
  count: (s, a) => {
    const sub = needStr(a[0], 'count arg');
    return sub === '' ? s.length + 1 : s.split(sub).length - 1;
  },
  isdigit: (s) => s.length > 0 && /^\d+$/.test(s),
  isnumeric: (s) => s.length > 0 && /^\d+$/.test(s),
  isalpha: (s) => s.length > 0 && /^[A-Za-z]+$/.test(s),
  isalnum: (s) => s.length > 0 && /^[A-Za-z0-9]+$/.test(s),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isspace: (s) => s.length > 0 && /^\s+$/.test(s),
  zfill: (s, a) => (/^[-+]/.test(s) ? s[0] + s.slice(1).padStart(Number(a[0]) - 1, '0') : s.padStart(Number(a[0]), '0')),
  ljust: (s, a) => s.padEnd(Number(a[0]), (a[1] as string | undefined) ?? ' '),
  rjust: (s, a) => s.padStart(Number(a[0]), (a[1] as string | undefined) ?? ' '),
  center: (s, a) => {
    const w = Number(a[0]);
    const n = Math.max(0, w - s.length);
    return ' '.repeat(Math.floor(n / 2)) + s + ' '.repeat(Math.ceil(n / 2));
  },
  partition: (s, a) => {
    const sep = needStr(a[0], 'separator');
    const i = s.indexOf(sep);
    return tuple(i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s, a) => (s.startsWith(a[0] as string) ? s.slice((a[0] as string).length) : s),
  removesuffix: (s, a) => (a[0] && s.endsWith(a[0] as string) ? s.slice(0, -(a[0] as string).length) : s),
  swapcase: (s) => s.replace(/[a-zA-Z]/g, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())),
};

const LIST: Record<string, (l: unknown[], a: unknown[], kw: Kwargs) => unknown> = {
  append: (l, a) => {
    l.push(a[0]);
    return null;
  },
  extend: (l, a) => {
    for (const x of toList(a[0], false)) l.push(x);
    return null;
  },
  insert: (l, a) => {
    l.splice(Number(a[0]), 0, a[1]);
    return null;
  },
  pop: (l, a) => {
    if (l.length === 0) throw new PyError('pop from empty list');
    let i = a.length > 0 ? Number(a[0]) : l.length - 1;
    if (i < 0) i += l.length;
    if (i < 0 || i >= l.length) throw new PyError('pop index out of range');
    return l.splice(i, 1)[0];
  },
  remove: (l, a) => {
    const i = l.findIndex((x) => pyEq(x, a[0]));
    if (i < 0) throw new PyError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, a) => {
    const i = l.findIndex((x) => pyEq(x, a[0]));
    if (i < 0) throw new PyError(`${repr(a[0])} is not in list`);
    return i;
  },
  count: (l, a) => l.filter((x) => pyEq(x, a[0])).length,
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l, _a, kw) => {
    l.sort((x, y) => pyCmp(x, y));
    if (kw.reverse) l.reverse();
    return null;
  },
  copy: (l) => [...l],
  clear: (l) => {
    l.length = 0;
    return null;
  },
};

const DICT: Record<string, (d: Record<string, unknown>, a: unknown[], kw: Kwargs) => unknown> = {
  items: (d) => Object.keys(d).map((k) => tuple([k, d[k]])),
  keys: (d) => Object.keys(d),
  values: (d) => Object.keys(d).map((k) => d[k]),
  get: (d, a) => {
    const k = str(a[0]);
    return Object.prototype.hasOwnProperty.call(d, k) ? d[k] : a.length > 1 ? a[1] : null;
  },
  update: (d, a, kw) => {
    if (a.length > 0) {
      const o = a[0];
      if (isDict(o)) Object.assign(d, o);
      else for (const pair of toList(o, false)) d[str((pair as unknown[])[0])] = (pair as unknown[])[1];
    }
    Object.assign(d, kw);
    return null;
  },
  pop: (d, a) => {
    const k = str(a[0]);
    if (Object.prototype.hasOwnProperty.call(d, k)) {
      const v = d[k];
      delete d[k];
      return v;
    }
    if (a.length > 1) return a[1];
    throw new PyError(`KeyError: ${repr(a[0])}`);
  },
  setdefault: (d, a) => {
    const k = str(a[0]);
    if (!Object.prototype.hasOwnProperty.call(d, k)) d[k] = a.length > 1 ? a[1] : null;
    return d[k];
  },
  copy: (d) => ({ ...d }),
  clear: (d) => {
    for (const k of Object.keys(d)) delete d[k];
    return null;
  },
};

/** A Python method bound to its receiver; called with positional args and keyword args. */
export class BoundMethod {
  constructor(
    readonly self: unknown,
    readonly name: string,
    readonly impl: (self: never, args: unknown[], kw: Kwargs) => unknown,
  ) {}
  call(args: unknown[], kw: Kwargs): unknown {
    return this.impl(this.self as never, args, kw);
  }
}

/** The method `name` of a str/list/dict value, or undefined. */
export function methodOf(v: unknown, name: string): BoundMethod | undefined {
  let impl: MethodImpl | undefined;
  if (typeof v === 'string') impl = STR[name] as MethodImpl | undefined;
  else if (Array.isArray(v)) impl = LIST[name] as MethodImpl | undefined;
  else if (isDict(v)) impl = DICT[name] as MethodImpl | undefined;
  if (impl === undefined || !Object.prototype.hasOwnProperty.call(typeof v === 'string' ? STR : Array.isArray(v) ? LIST : DICT, name)) return undefined;
  return new BoundMethod(v, name, impl);
}

export { pyIn };
