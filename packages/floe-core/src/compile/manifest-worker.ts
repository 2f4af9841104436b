/**
 * Worker-thread entry (its own tsup entry, dist/manifest-worker.js): writes
 * manifest.json from the compiled_artifacts.json node texts that the main
 * thread streams to it while it writes that file, so the manifest is built
 * on the second core. Imports nothing heavy, so it starts in a few ms.
 * Protocol: see ManifestWorkerMessage in manifest-in-worker.ts.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { CompiledNode } from '../artifacts/schema';
import { dbtManifestNodeJson } from './dbt-manifest';
import type { ManifestWorkerData, ManifestWorkerMessage, ManifestWorkerReply } from './manifest-in-worker';

const { path, projectName, progress } = workerData as ManifestWorkerData;
const port = parentPort!;
let fd: number | undefined;
let text = '';

const flush = () => {
  if (!text) return;
  writeSync(fd!, text);
  text = '';
};

function writeAll(bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd!, bytes, done);
}

function fail(error: unknown): void {
  const e = error as NodeJS.ErrnoException;
  const reply: ManifestWorkerReply = { ok: false, message: e?.message ?? String(error), ...(e?.code ? { code: e.code } : {}) };
  try {
    if (fd !== undefined) closeSync(fd);
    unlinkSync(path);
  } catch {
    // Nothing was created, or it is already gone.
  }
  fd = undefined;
  failed = true;
  port.postMessage(reply);
  port.close();
}

let failed = false;

port.on('message', (m: ManifestWorkerMessage) => {
  if (failed) return;
  try {
    fd ??= openSync(path, 'w');
    if (m.kind === 'text') text += m.text;
    else if (m.kind === 'bytes') {
      flush();
      writeAll(m.bytes);
    }
    else if (m.kind === 'nodes') {
      const batch = JSON.parse(Buffer.from(m.json.buffer, m.json.byteOffset, m.json.byteLength).toString('utf8')) as Record<string, CompiledNode>;
      let sep = m.sep;
      let count = 0;
      for (const id of Object.keys(batch)) {
        text += `${sep}${JSON.stringify(id)}:${dbtManifestNodeJson(batch[id]!, projectName)}`;
        sep = ',';
        count++;
      }
      Atomics.add(progress, 0, count);
    } else {
      flush();
      closeSync(fd!);
      fd = undefined;
      port.postMessage({ ok: true } satisfies ManifestWorkerReply);
      port.close();
      return;
    }
    if (text.length >= 1 << 20) flush();
  } catch (error) {
    fail(error);
  }
});
