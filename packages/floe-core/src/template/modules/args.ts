/** Python-style argument binding for the `modules` functions (positional, then keyword, with defaults). */
import { splitArgs } from '../runtime';
import { PyError, typeName } from '../values';

/**
 * Binds a call's arguments to `names` in order, as a Python signature would. A name missing
 * from `defaults` is required.
 */
export function bind(fn: string, args: unknown[], names: readonly string[], defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const { positional, kwargs } = splitArgs(args);
  if (positional.length > names.length) throw new PyError(`${fn}() takes at most ${names.length} arguments (${positional.length} given)`);
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => (out[names[i] as string] = v));
  for (const [k, v] of Object.entries(kwargs)) {
    if (!names.includes(k)) throw new PyError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (k in out) throw new PyError(`${fn}() got multiple values for argument '${k}'`);
    out[k] = v;
  }
  for (const name of names) {
    if (name in out) continue;
    if (!(name in defaults)) throw new PyError(`${fn}() missing required argument '${name}'`);
    out[name] = defaults[name];
  }
  return out;
}

export function int(v: unknown, what: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new PyError(`${what}: an integer is required (got type ${typeName(v)})`);
  return v;
}

/** A JS function callable from templates that also carries attributes (`datetime.now`, `re.IGNORECASE`). */
export function callable<T extends Record<string, unknown>>(name: string, fn: (...args: unknown[]) => unknown, attrs: T): ((...args: unknown[]) => unknown) & T {
  Object.defineProperty(fn, 'name', { value: name });
  return Object.assign(fn, attrs);
}
