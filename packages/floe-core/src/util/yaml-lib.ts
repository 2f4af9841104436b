import { createRequire } from 'node:module';

// `yaml` (about 20 ms of module loading) loads on first use: the fast reader
// (load/fast-yaml.ts) covers ordinary project files, and most commands never parse
// --vars. createRequire keeps the call synchronous in both the CJS and the ESM build.
const requireHere = createRequire(__filename);
let yamlModule: typeof import('yaml') | undefined;

/** The `yaml` package, loaded on the first call. */
export function yamlLib(): typeof import('yaml') {
  yamlModule ??= requireHere('yaml') as typeof import('yaml');
  return yamlModule;
}
