import { lazyRequire } from './lazy';

/**
 * The `yaml` package (about 20 ms of module loading), loaded on the first call:
 * the fast reader (load/fast-yaml.ts) covers ordinary project files, and most
 * commands never parse --vars.
 */
export const yamlLib = lazyRequire<typeof import('yaml')>('yaml');
