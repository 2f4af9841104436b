// Where the stack keeps things: jars in the user's cache, run state (pid
// files, logs, configs, data, checkpoints) under <workDir>/target/dev.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

let versions;
/** @returns {{ kafka: { version: string, dependencies: string[], directOnly: string[] }, flink: { version: string, dependencies: string[], directOnly: string[] } }} */
export function loadVersions() {
  versions ??= JSON.parse(readFileSync(path.join(here, '..', 'versions.json'), 'utf8'));
  return versions;
}

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'floe', 'dev-stack');
}

/** @param {string} [workDir] defaults to the current directory */
export function stateRoot(workDir) {
  return path.resolve(workDir ?? process.cwd(), 'target', 'dev');
}
