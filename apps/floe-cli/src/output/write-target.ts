import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes several files under target/ so that readers see either the old or
 * the new set of each file: each is written to a temp name, then renamed.
 * Called only after everything succeeded, so a failed command writes nothing.
 */
export async function writeTargetFiles(projectDir: string, files: Record<string, string | Iterable<string>>, targetDir = 'target'): Promise<string[]> {
  const written: string[] = [];
  const tmpSuffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const staged: [string, string][] = [];
  for (const [rel, contents] of Object.entries(files)) {
    const path = join(projectDir, targetDir, rel);
    await mkdir(dirname(path), { recursive: true });
    if (typeof contents === 'string') await writeFile(path + tmpSuffix, contents);
    else writeChunks(path + tmpSuffix, contents);
    staged.push([path + tmpSuffix, path]);
  }
  for (const [tmp, path] of staged) {
    await rename(tmp, path);
    written.push(path);
  }
  return written;
}

/**
 * Writes a file from a sequence of pieces in ~1 MB batches, so a large
 * artifacts file is never held whole in memory (see compileOutputChunks).
 */
function writeChunks(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    let batch: string[] = [];
    let size = 0;
    for (const c of chunks) {
      batch.push(c);
      size += c.length;
      if (size >= 1 << 20) {
        writeSync(fd, batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (batch.length) writeSync(fd, batch.join(''));
  } finally {
    closeSync(fd);
  }
}
