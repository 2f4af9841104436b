/** Jinja attribute and item lookup (`a.b`, `a['b']`, `a[0]`, slices) on JS values. */
import { methodOf } from './methods';
import { isDict, PyError, PyObject, pyInt, str, typeName, Undef } from './values';

function describe(obj: unknown): string {
  return obj instanceof Undef ? obj.hint : `'${typeName(obj)}' object`;
}

/** `obj.name`: Python attribute first (methods), then item, like Jinja's getattr. */
export function getAttr(obj: unknown, name: string, strict: boolean): unknown {
  if (obj === undefined || obj instanceof Undef) {
    if (strict) throw new PyError(obj instanceof Undef ? obj.hint : `value is undefined (reading '${name}')`);
    const path = obj instanceof Undef && obj.path ? `${obj.path}.${name}` : undefined;
    return new Undef(path ? `'${path}' is undefined` : obj instanceof Undef ? obj.hint : `value is undefined (reading '${name}')`, path);
  }
  if (obj === null || typeof obj !== 'object') {
    if (typeof obj === 'function') return propOf(obj as unknown as Record<string, unknown>, name);
    const m = methodOf(obj, name);
    if (m) return m;
    return new Undef(`${describe(obj)} has no attribute '${name}'`);
  }
  if (Array.isArray(obj)) {
    return methodOf(obj, name) ?? new Undef(`'${typeName(obj)}' object has no attribute '${name}'`);
  }
  if (isDict(obj)) {
    const m = methodOf(obj, name);
    if (m) return m;
    if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
    return new Undef(`'dict object' has no attribute '${name}'`);
  }
  if (obj instanceof Map) return obj.has(name) ? obj.get(name) : new Undef(`'Map' object has no attribute '${name}'`);
  return propOf(obj as Record<string, unknown>, name);
}

function propOf(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj && name !== 'constructor' && name !== '__proto__') {
    const v = obj[name];
    return typeof v === 'function' && !Object.prototype.hasOwnProperty.call(obj, name) ? (v as (...a: unknown[]) => unknown).bind(obj) : v;
  }
  return new Undef(`'${typeName(obj)}' object has no attribute '${name}'`);
}

/** `obj[key]`: item first, then attribute for string keys, like Jinja's getitem. */
export function getItem(obj: unknown, key: unknown, strict: boolean): unknown {
  if (obj === undefined || obj instanceof Undef) {
    if (strict) throw new PyError(obj instanceof Undef ? obj.hint : 'value is undefined');
    return new Undef(obj instanceof Undef ? obj.hint : 'value is undefined');
  }
  if (typeof key === 'number' || typeof key === 'boolean') {
    if (Array.isArray(obj) || typeof obj === 'string') {
      let i = Number(key);
      if (!Number.isInteger(i)) throw new PyError(`${typeName(obj)} indices must be integers`);
      if (i < 0) i += obj.length;
      if (i < 0 || i >= obj.length) return new Undef(`${typeName(obj)} index ${String(key)} out of range`);
      return obj[i];
    }
  }
  if (isDict(obj)) {
    const k = str(key);
    if (Object.prototype.hasOwnProperty.call(obj, k)) return obj[k];
    return new Undef(`'dict object' has no attribute '${k}'`);
  }
  if (obj instanceof Map) return obj.has(key) ? obj.get(key) : new Undef(`'Map' object has no item ${str(key)}`);
  if (obj instanceof PyObject) {
    const item = obj.__getitem__(key);
    if (item !== undefined) return item;
  }
  if (typeof key === 'string') return getAttr(obj, key, strict);
  return new Undef(`${describe(obj)} has no item ${str(key)}`);
}

export function getSlice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (typeof obj !== 'string' && !Array.isArray(obj)) {
    if (obj === undefined || obj instanceof Undef) return obj;
    throw new PyError(`'${typeName(obj)}' object is not subscriptable`);
  }
  const n = obj.length;
  const st = step === undefined || step === null ? 1 : pyInt(step);
  if (st === 0) throw new PyError('slice step cannot be zero');
  const norm = (v: unknown, dflt: number, lo: number, hi: number): number => {
    if (v === undefined || v === null) return dflt;
    let i = pyInt(v);
    if (i < 0) i += n;
    return Math.min(Math.max(i, lo), hi);
  };
  const items: unknown[] = [];
  if (st > 0) {
    const a = norm(start, 0, 0, n);
    const b = norm(stop, n, 0, n);
    if (st === 1) return obj.slice(a, b);
    for (let i = a; i < b; i += st) items.push(obj[i]);
  } else {
    const a = norm(start, n - 1, -1, n - 1);
    const b = norm(stop, -1, -1, n - 1);
    for (let i = a; i > b; i += st) items.push(obj[i]);
  }
  return typeof obj === 'string' ? items.join('') : items;
}

/** Resolves a dotted attribute path (`'a.b'` or `'0'`) as Jinja's attribute= arguments do. */
export function attrPath(obj: unknown, path: unknown, strict: boolean): unknown {
  if (typeof path === 'number') return getItem(obj, path, strict);
  let v = obj;
  for (const part of String(path).split('.')) v = /^\d+$/.test(part) ? getItem(v, Number(part), strict) : getItem(v, part, strict);
  return v;
}
