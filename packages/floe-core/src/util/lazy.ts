import { createRequire } from 'node:module';

// createRequire keeps a lazy load synchronous in both the CJS and the ESM build
// (an ES module has no require, and a dynamic import would make every caller async).
const requireHere = createRequire(__filename);

/** A value built on the first call, then the same value; `built` says whether that call happened (and succeeded). */
export interface Memo<T> {
  (): T;
  readonly built: boolean;
}

/** A value built by `build()` on the first call, then the same value on every call. */
export function memo<T>(build: () => T): Memo<T> {
  let value: T | undefined;
  let built = false;
  const get = () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
  return Object.defineProperty(get, 'built', { get: () => built }) as Memo<T>;
}

/**
 * A package loaded with require() on the first call, then the same module: for
 * packages that cost start-up time and that only some commands or inputs need.
 */
export function lazyRequire<T>(id: string): Memo<T> {
  return memo(() => requireHere(id) as T);
}
