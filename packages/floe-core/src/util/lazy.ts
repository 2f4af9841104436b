import { createRequire } from 'node:module';

// createRequire keeps a lazy load synchronous in both the CJS and the ESM build
// (an ES module has no require, and a dynamic import would make every caller async).
const requireHere = createRequire(__filename);

/** A value built by `build()` on the first call, then the same value on every call. */
export function memo<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/**
 * A package loaded with require() on the first call, then the same module: for
 * packages that cost start-up time and that only some commands or inputs need.
 */
export function lazyRequire<T>(id: string): () => T {
  return memo(() => requireHere(id) as T);
}
