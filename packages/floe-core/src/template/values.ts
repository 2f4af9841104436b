/**
 * Python/Jinja value semantics on JS values. Mapping: str→string, int/float→number,
 * bool→boolean, None→null, list→Array, tuple→Array marked with TUPLE, dict→plain object,
 * Jinja Undefined→Undef (from failed lookups) or JS undefined (from JS functions: prints empty).
 */
import type { FloeErrorCode } from '../errors/error-codes';

/** An error raised by value operations; the compiled template adds the position. */
export class PyError extends Error {
  constructor(message: string, readonly code: FloeErrorCode = 'FLOE_TEMPLATE_ERROR', readonly hint?: string) {
    super(message);
  }
}

/** Jinja's Undefined: the result of looking up a missing name, attribute or item. */
export class Undef {
  /** `path` is set when the value comes from an undefined name (`foo`, `foo.bar`): the name itself is missing. */
  constructor(
    readonly hint: string,
    readonly path?: string,
  ) {}
}

export const TUPLE: unique symbol = Symbol('floe.tuple');

export function tuple<T>(items: T[]): T[] {
  (items as unknown as Record<symbol, boolean>)[TUPLE] = true;
  return items;
}

export function isTuple(v: unknown): boolean {
  return Array.isArray(v) && (v as unknown as Record<symbol, boolean>)[TUPLE] === true;
}

/**
 * A Python object implemented in JS (the `modules` values: datetime, timedelta, re.Match ...).
 * Operators, str(), repr() and comparisons ask it through Python's dunder names; a method that
 * returns undefined means NotImplemented. Templates can read any of its public members.
 */
export abstract class PyObject {
  /** Python's type name (`datetime`, `timedelta`, `re.Match`). */
  abstract get __typename__(): string;
  abstract __repr__(): string;
  __str__(): string {
    return this.__repr__();
  }
  /** `this op other`, or `other op this` when `reflected`; undefined when not supported. */
  __binop__(_op: '+' | '-' | '*', _other: unknown, _reflected: boolean): unknown {
    return undefined;
  }
  /** Ordering against `other` (negative, zero, positive); undefined when unorderable. */
  __cmp__(_other: unknown): number | undefined {
    return undefined;
  }
  __eq__(other: unknown): boolean {
    const c = this.__cmp__(other);
    return c === 0;
  }
  /** `obj[key]` (`match[1]`); undefined falls back to attribute lookup for a string key. */
  __getitem__(_key: unknown): unknown {
    return undefined;
  }
  toString(): string {
    return this.__str__();
  }
}

export function isUndef(v: unknown): v is Undef | undefined {
  return v === undefined || v instanceof Undef;
}

/** Set (true) on a class's prototype whose objects Jinja's `is mapping` test accepts (dbt relations). */
export const JINJA_MAPPING: unique symbol = Symbol.for('floe.template.mapping');

export function isDict(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  // Any realm's Object.prototype (its own prototype is null), or a null-prototype object.
  return p === null || p === Object.prototype || Object.getPrototypeOf(p) === null;
}

export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (isUndef(v)) return 'Undefined';
  switch (typeof v) {
    case 'string': return 'str';
    case 'number': return Number.isInteger(v) ? 'int' : 'float';
    case 'boolean': return 'bool';
    case 'function': return 'function';
    default:
      if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
      if (isDict(v)) return 'dict';
      if (v instanceof PyObject) return v.__typename__;
      return (v as object).constructor?.name ?? 'object';
  }
}

export function undefinedMessage(u: Undef | undefined): string {
  return u instanceof Undef ? u.hint : 'value is undefined';
}

export function truthy(v: unknown, strict: boolean): boolean {
  if (v === true) return true;
  if (v === false || v === null || v === undefined) return false;
  switch (typeof v) {
    case 'string': return v.length > 0;
    case 'number': return v !== 0 && !Number.isNaN(v);
    case 'object':
      if (Array.isArray(v)) return v.length > 0;
      if (v instanceof Undef) {
        if (strict) throw new PyError(v.hint);
        return false;
      }
      if (isDict(v)) {
        for (const _ in v) return true;
        return false;
      }
      if (v instanceof Map || v instanceof Set) return v.size > 0;
      return true;
    default:
      return true;
  }
}

/** Python str() as Jinja prints it. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v instanceof Undef) return '';
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return numStr(v);
  if (v instanceof PyObject) return v.__str__();
  return repr(v);
}

function numStr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

/** Python repr(). */
export function repr(v: unknown): string {
  if (typeof v === 'string') return reprString(v);
  if (v === undefined || v instanceof Undef) return '';
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return numStr(v);
  if (Array.isArray(v)) {
    const inner = v.map(repr).join(', ');
    if (isTuple(v)) return v.length === 1 ? `(${inner},)` : `(${inner})`;
    return `[${inner}]`;
  }
  if (isDict(v)) {
    return `{${Object.keys(v).map((k) => `${reprString(k)}: ${repr(v[k])}`).join(', ')}}`;
  }
  if (typeof v === 'function') return `<function ${v.name || 'anonymous'}>`;
  if (v instanceof PyObject) return v.__repr__();
  if (v instanceof Map) return `{${[...v.entries()].map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
  if (v instanceof Set) return v.size === 0 ? 'set()' : `{${[...v].map(repr).join(', ')}}`;
  const s = (v as { toString?: () => string }).toString?.();
  return typeof s === 'string' ? s : String(v);
}

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const c = s.charCodeAt(i);
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 32 || c === 127) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean')) return Number(a) === Number(b);
  if (a instanceof Undef || a === undefined) return b instanceof Undef || b === undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length || isTuple(a) !== isTuple(b)) return false;
    for (let i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
    return true;
  }
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !pyEq(a[k], b[k])) return false;
    return true;
  }
  if (a instanceof PyObject) return a.__eq__(b);
  if (b instanceof PyObject) return b.__eq__(a);
  return false;
}

/** Python ordering (`<`): negative, zero or positive; raises like Python for unorderable types. */
export function pyCmp(a: unknown, b: unknown, op = '<'): number {
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean')) return Number(a) - Number(b);
  if (ta === 'string' && tb === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (!pyEq(a[i], b[i])) return pyCmp(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  if (a instanceof PyObject) {
    const c = a.__cmp__(b);
    if (c !== undefined) return c;
  }
  throw new PyError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function pyIn(item: unknown, container: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (const x of container) if (pyEq(x, item)) return true;
    return false;
  }
  if (isDict(container)) return Object.prototype.hasOwnProperty.call(container, str(item));
  if (container instanceof Map || container instanceof Set) return container.has(item);
  if (isUndef(container)) throw new PyError(container instanceof Undef ? container.hint : 'value is undefined');
  throw new PyError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Values a for loop or a filter iterates over, as an array. */
export function toList(v: unknown, strict: boolean): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (v === undefined) return [];
  if (v instanceof Undef) {
    if (strict) throw new PyError(v.hint);
    return [];
  }
  if (isDict(v)) return Object.keys(v);
  if (v instanceof Map) return [...v.keys()];
  if (v !== null && typeof v === 'object' && Symbol.iterator in v) return Array.from(v as Iterable<unknown>);
  throw new PyError(`'${typeName(v)}' object is not iterable`);
}

export function pyLen(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (isUndef(v)) return 0;
  throw new PyError(`object of type '${typeName(v)}' has no len()`);
}

export function pyInt(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim().replace(/_/g, '');
    if (/^[+-]?\d+$/.test(s)) return parseInt(s, 10);
  }
  throw new PyError(`invalid literal for int(): ${repr(v)}`);
}
