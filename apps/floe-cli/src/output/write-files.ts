import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FloeError } from '@floe/core';

export interface FileToWrite {
  /** Absolute path. */
  path: string;
  contents: string;
  /** Unix mode, e.g. 0o755. */
  mode?: number;
}

/**
 * Writes files in two phases: every file goes to a temp name next to its
 * destination first; only when all of them were written are they renamed into
 * place. A failure in the first phase removes the temp files, so the
 * destination keeps its old files (nothing half-written). Other files in the
 * destination folders are left alone.
 */
export async function writeFilesStaged(files: readonly FileToWrite[]): Promise<string[]> {
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const staged: string[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      await writeFile(f.path + suffix, f.contents);
      staged.push(f.path + suffix);
      if (f.mode !== undefined) await chmod(f.path + suffix, f.mode);
    }
  } catch (e) {
    await Promise.all(staged.map((p) => rm(p, { force: true })));
    const err = e as NodeJS.ErrnoException;
    throw new FloeError('FLOE_OUTPUT_UNWRITABLE', `cannot write ${err.path ?? 'the output'}: ${err.code ?? err.message}`, {
      hint: 'Check that the output folder is writable (or pick another with --out); nothing was written.',
    });
  }
  for (const f of files) await rename(f.path + suffix, f.path);
  return files.map((f) => f.path);
}
