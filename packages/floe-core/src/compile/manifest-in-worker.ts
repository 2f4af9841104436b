import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FloeError } from '../errors';

/** What the main thread tells dist/manifest-worker.js at start. */
export interface ManifestWorkerData {
  /** The (staged) file to write. */
  path: string;
  projectName: string;
  /** [0]: how many nodes the worker has turned into manifest text so far. */
  progress: Int32Array;
}

/** Main thread to worker, in file order. */
export type ManifestWorkerMessage =
  | { kind: 'text'; text: string }
  /** UTF-8 text, possibly on a SharedArrayBuffer (not changed afterwards). */
  | { kind: 'bytes'; bytes: Uint8Array }
  /**
   * A batch of compiled_artifacts.json nodes as the UTF-8 JSON object `{"id":<node>,...}`
   * on a SharedArrayBuffer (not copied, not changed afterwards): their manifest
   * entries come next, in that order, the first after `sep` and the others after ','.
   */
  | { kind: 'nodes'; json: Uint8Array; sep: string }
  | { kind: 'end' };

/** Worker to main thread, once. `code` is the Node error code of a failed file operation. */
export type ManifestWorkerReply = { ok: true } | { ok: false; message: string; code?: string };

/**
 * An output file written elsewhere (on a worker thread): `write` starts it
 * at the given path and settles when the file is complete (rejecting with a
 * FloeError); `abort` stops it, leaving at most a partial file at that path
 * for the caller to remove.
 */
export interface DeferredOutput {
  write(path: string): Promise<void>;
  abort(): void;
}

export function isDeferredOutput(value: unknown): value is DeferredOutput {
  return typeof value === 'object' && value !== null && typeof (value as DeferredOutput).write === 'function' && typeof (value as DeferredOutput).abort === 'function';
}

/**
 * The built worker script next to this module's bundle (dist/), or undefined
 * when running from sources (jest) or from a single-file bundle of the CLI:
 * callers then build the manifest on the main thread.
 */
export function manifestWorkerScript(): string | undefined {
  const path = join(__dirname, 'manifest-worker.js');
  return path.endsWith(join('dist', 'manifest-worker.js')) && existsSync(path) ? path : undefined;
}

/**
 * manifest.json as a DeferredOutput fed by `post` (call it with every
 * message in order; messages sent before `write` are queued). `nodesDone`
 * reads, without waiting, how many nodes the worker has finished.
 */
export function manifestWorkerOutput(
  script: string,
  projectName: string,
): { output: DeferredOutput; post: (m: ManifestWorkerMessage) => void; nodesDone: () => number } {
  const progress = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | undefined;
  let queue: ManifestWorkerMessage[] = [];
  const post = (m: ManifestWorkerMessage) => (worker ? worker.postMessage(m) : queue.push(m));
  const output: DeferredOutput = {
    write(path) {
      if (worker) throw new FloeError('FLOE_INTERNAL', 'manifest.json is already being written');
      const w = new Worker(script, { workerData: { path, projectName, progress } satisfies ManifestWorkerData });
      worker = w;
      for (const m of queue) w.postMessage(m);
      queue = [];
      return new Promise<void>((resolve, reject) => {
        w.once('message', (r: ManifestWorkerReply) => {
          if (r.ok) resolve();
          else if (r.code) reject(new FloeError('FLOE_OUTPUT_UNWRITABLE', `could not write ${path}: ${r.message}`, { hint: 'Check that the target folder is writable and the disk is not full.' }));
          else reject(new FloeError('FLOE_INTERNAL', `building manifest.json failed: ${r.message}`));
        });
        w.once('error', (cause) => reject(new FloeError('FLOE_INTERNAL', `building manifest.json failed: ${cause.message}`, { cause })));
        // After a reply this does nothing; otherwise the worker died (or was aborted) without finishing.
        w.once('exit', (code) => reject(new FloeError('FLOE_INTERNAL', `the manifest.json worker stopped before finishing (exit code ${code})`)));
      });
    },
    abort() {
      void worker?.terminate();
    },
  };
  return { output, post, nodesDone: () => Atomics.load(progress, 0) };
}
