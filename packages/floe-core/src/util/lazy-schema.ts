import type { z as Z } from 'zod';
import { lazyRequire, memo } from './lazy';

// `zod` costs about 40 ms of module loading (its core, classic API and 40 locale
// files), and building Floe's schemas a few more. `floe compile` of a dbt project
// validates nothing with zod, so zod loads on first use instead of at start-up.
type Zod = typeof import('zod').z;
const loadZod = lazyRequire<typeof import('zod')>('zod');

/** The `z` namespace of the `zod` package, loaded on the first call. */
export function zodLib(): Zod {
  return loadZod().z;
}

/** True once zod was loaded (tests check that `floe compile` does without it). */
export function zodLoaded(): boolean {
  return loadZod.built;
}

// Proxies made by lazySchema: their schema is known to be a zod schema without building it.
const lazySchemas = new WeakSet<object>();

/**
 * A zod schema that is built (loading zod) on its first use, for schemas exported as
 * constants: the constant keeps its type and behaves as the schema (methods, `_zod`,
 * `instanceof`, composition into other schemas), but nothing is built at import time.
 * The builder gets the `z` namespace.
 *
 * `fastParse`, if given, is a hand-written parse of the common valid inputs: it returns
 * exactly what the schema's parse would (a test must compare them), or undefined when
 * unsure, and then zod decides. `parse` and `safeParse` try it first, so a valid default
 * config is accepted without loading zod; every error still comes from zod.
 */
export function lazySchema<T extends Z.ZodType>(build: (z: Zod) => T, fastParse?: (input: unknown) => Z.output<T> | undefined): T {
  const schema = memo(() => build(zodLib()));
  const fast: Record<PropertyKey, unknown> = {};
  if (fastParse) {
    fast.parse = (input: unknown, params?: Z.core.ParseContext<Z.core.$ZodIssue>) => fastParse(input) ?? schema().parse(input, params);
    fast.safeParse = (input: unknown, params?: Z.core.ParseContext<Z.core.$ZodIssue>) => {
      const data = fastParse(input);
      return data !== undefined ? { success: true, data } : schema().safeParse(input, params);
    };
  }
  const proxy = new Proxy({} as T, {
    get: (_t, key) => (Object.hasOwn(fast, key) ? fast[key] : Reflect.get(schema(), key)),
    set: (_t, key, value) => Reflect.set(schema(), key, value),
    has: (_t, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // Reported configurable: the proxy's own (empty) target cannot vouch for a non-configurable one.
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(schema(), key);
      return d && { ...d, configurable: true };
    },
    defineProperty: (_t, key, d) => Reflect.defineProperty(schema(), key, d),
    deleteProperty: (_t, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
  lazySchemas.add(proxy);
  return proxy;
}

/** True for a schema made by {@link lazySchema}, without building it. */
export function isLazySchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && lazySchemas.has(value);
}
