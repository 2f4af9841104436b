import { FloeError, isFloeError } from '@floe/core';

const LOCK_RE = /Could not set lock on file "([^"]+)": Conflicting lock is held in (.+?) \(PID (\d+)\)/;

export function isInterrupt(err: unknown): boolean {
  return err instanceof Error && /INTERRUPT Error|Interrupted/.test(err.message);
}

/** Maps a failure to open the database: a held lock names the holder's PID. */
export function mapOpenError(err: unknown, path: string): FloeError {
  if (isFloeError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  const lock = LOCK_RE.exec(message);
  if (lock) {
    return new FloeError('FLOE_DATABASE_LOCKED', `the DuckDB database ${path} is held by another process: ${lock[2]} (PID ${lock[3]})`, {
      cause: err,
      hint: `Wait for process ${lock[3]} to finish, or stop it; DuckDB allows one writing process per file.`,
    });
  }
  if (/lock/i.test(message) && /Conflicting|Could not set lock/i.test(message)) {
    return new FloeError('FLOE_DATABASE_LOCKED', `the DuckDB database ${path} is held by another process: ${message}`, { cause: err });
  }
  return new FloeError('FLOE_CONNECTION_FAILED', `could not open the DuckDB database ${path}: ${message}`, { cause: err });
}

/** Maps an error raised while building a node. */
export function mapNodeError(err: unknown, nodeName: string, signal?: AbortSignal): FloeError {
  if (isFloeError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (signal?.aborted || isInterrupt(err)) {
    return new FloeError('FLOE_RUN_CANCELLED', `${nodeName}: cancelled; its relation is unchanged`, { cause: err });
  }
  return new FloeError('FLOE_NODE_FAILED', `${nodeName}: ${message}`, { cause: err });
}
