import { closeSync, openSync, writevSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isDeferredOutput, type DeferredOutput } from '@floe/core/internal';

/** A file's contents: text, a sequence of pieces streamed out, or a file written elsewhere (a worker thread). */
export type TargetFileContents = string | Iterable<string | Uint8Array> | DeferredOutput;

/**
 * Writes several files under target/ so that readers see either the old or
 * the new set of each file: each is written to a temp name, then renamed.
 * Called only after everything succeeded, so a failed command writes nothing;
 * if writing fails, the temp files are removed. Deferred files are started
 * first, so they are written while the others are.
 */
export async function writeTargetFiles(projectDir: string, files: Record<string, TargetFileContents>, targetDir = 'target'): Promise<string[]> {
  const written: string[] = [];
  const tmpSuffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const entries = Object.entries(files).map(([rel, contents]) => ({ path: join(projectDir, targetDir, rel), contents }));
  const deferred = entries.flatMap((e) => (isDeferredOutput(e.contents) ? [e.contents] : []));
  const started: Promise<void>[] = [];
  try {
    for (const dir of new Set(entries.map((e) => dirname(e.path)))) await mkdir(dir, { recursive: true });
    for (const { path, contents } of entries) {
      if (!isDeferredOutput(contents)) continue;
      const done = contents.write(path + tmpSuffix);
      // Handled below (Promise.all); this keeps an early failure from being an unhandled rejection meanwhile.
      done.catch(() => undefined);
      started.push(done);
    }
    for (const { path, contents } of entries) {
      if (isDeferredOutput(contents)) continue;
      if (typeof contents === 'string') await writeFile(path + tmpSuffix, contents);
      else writeChunks(path + tmpSuffix, contents);
    }
    await Promise.all(started);
  } catch (error) {
    for (const d of deferred) d.abort();
    await Promise.allSettled(started);
    await Promise.all(entries.map((e) => rm(e.path + tmpSuffix, { force: true })));
    throw error;
  }
  for (const { path } of entries) {
    await rename(path + tmpSuffix, path);
    written.push(path);
  }
  return written;
}

/**
 * Writes a file from a sequence of pieces (text or bytes) in ~1 MB batches
 * of at most 512 buffers per writev call, so a large artifacts file is never
 * held whole in memory and cached node bytes are not copied again.
 */
function writeChunks(path: string, chunks: Iterable<string | Uint8Array>): void {
  const fd = openSync(path, 'w');
  try {
    let batch: Uint8Array[] = [];
    let size = 0;
    let text = '';
    const flush = () => {
      if (text) {
        batch.push(Buffer.from(text));
        text = '';
      }
      let buffers = batch;
      while (buffers.length) {
        const written = writevSync(fd, buffers);
        if (written <= 0) throw new Error(`short write to ${path}`);
        buffers = dropBytes(buffers, written);
      }
      batch = [];
      size = 0;
    };
    for (const c of chunks) {
      if (typeof c === 'string') text += c;
      else {
        if (text) {
          batch.push(Buffer.from(text));
          text = '';
        }
        batch.push(c);
      }
      size += c.length;
      if (size >= 1 << 20 || batch.length >= 512) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
}

/** The buffers left after a short write of `n` bytes. */
function dropBytes(buffers: Uint8Array[], n: number): Uint8Array[] {
  let i = 0;
  while (i < buffers.length && n >= buffers[i]!.length) n -= buffers[i++]!.length;
  if (i === buffers.length) return [];
  return [buffers[i]!.subarray(n), ...buffers.slice(i + 1)];
}
