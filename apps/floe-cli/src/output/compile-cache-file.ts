import { readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintMatches, type CompileFingerprint } from '@floe/core/internal';

/** target/.floe-compile-cache.json: what the last successful `floe compile` read and wrote. */
export const CACHE_FILE = '.floe-compile-cache.json';

interface CacheDoc {
  fingerprint: CompileFingerprint;
  /** The files written, by path, with the size and mtime they had right after writing. */
  outputs: Record<string, { size: number; mtimeMs: number }>;
  nodes: Record<string, number>;
  sources: number;
}

/**
 * The cached summary when nothing the compile reads has changed and the
 * written files are still the ones it wrote; undefined otherwise (compile).
 */
export function upToDate(projectDir: string, options: { vars?: Record<string, unknown>; environment?: string }): CacheDoc | undefined {
  let doc: CacheDoc;
  try {
    doc = JSON.parse(readFileSync(join(projectDir, 'target', CACHE_FILE), 'utf8')) as CacheDoc;
  } catch {
    return undefined;
  }
  try {
    for (const [file, o] of Object.entries(doc.outputs)) {
      const st = statSync(file);
      if (st.size !== o.size || st.mtimeMs !== o.mtimeMs) return undefined;
    }
    return fingerprintMatches(projectDir, doc.fingerprint, options, process.env) ? doc : undefined;
  } catch {
    return undefined;
  }
}

export function writeCache(projectDir: string, fingerprint: CompileFingerprint | undefined, written: string[], nodes: Record<string, number>, sources: number): void {
  const file = join(projectDir, 'target', CACHE_FILE);
  if (!fingerprint) {
    rmSync(file, { force: true });
    return;
  }
  const outputs: CacheDoc['outputs'] = {};
  for (const w of written) {
    const st = statSync(w);
    outputs[w] = { size: st.size, mtimeMs: st.mtimeMs };
  }
  writeFileSync(file, JSON.stringify({ fingerprint, outputs, nodes, sources } satisfies CacheDoc) + '\n');
}
