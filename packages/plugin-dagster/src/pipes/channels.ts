import { appendFileSync, readFileSync, writeSync } from 'node:fs';
import { FloeError } from '@floe/core';
import type { PipesContextData } from './protocol';

/** Where message lines go. `close` flushes whatever a channel buffered. */
export interface PipesMessageChannel {
  write(line: string): void;
  close(): void;
}

export interface PipesStdio {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** fs.writeSync on fds 1 and 2, so nothing is lost if the process exits right after. */
export const processStdio: PipesStdio = {
  stdout: (text) => writeAll(1, text),
  stderr: (text) => writeAll(2, text),
};

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let offset = 0;
  // Bounded by the buffer length: each iteration writes at least one byte or throws.
  while (offset < buf.length) offset += writeSync(fd, buf, offset);
}

function invalid(message: string): FloeError {
  return new FloeError('FLOE_PIPES_INVALID', message, {
    hint: 'Launch floe from Dagster with PipesSubprocessClient (the generated code location does).',
  });
}

/**
 * Opens the channel the orchestration side's message reader asked for:
 * `{path}` (PipesTempFileMessageReader, one JSON line per message, appended),
 * `{stdio: 'stdout'|'stderr'}` or `{buffered_stdio: ...}` (stream readers).
 */
export function openMessageChannel(params: unknown, stdio: PipesStdio = processStdio): PipesMessageChannel {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p.path === 'string') {
    const path = p.path;
    return { write: (line) => appendFileSync(path, line + '\n', 'utf8'), close: () => undefined };
  }
  const streamKey = typeof p.stdio === 'string' ? 'stdio' : typeof p.buffered_stdio === 'string' ? 'buffered_stdio' : undefined;
  if (streamKey) {
    const stream = p[streamKey];
    if (stream !== 'stdout' && stream !== 'stderr') {
      throw invalid(`DAGSTER_PIPES_MESSAGES asks for stream ${String(stream)}; expected stdout or stderr`);
    }
    const out = stream === 'stdout' ? stdio.stdout : stdio.stderr;
    if (streamKey === 'stdio') return { write: (line) => out(line + '\n'), close: () => undefined };
    const buffer: string[] = [];
    return {
      write: (line) => void buffer.push(line),
      close: () => {
        if (buffer.length) out(buffer.splice(0).map((l) => l + '\n').join(''));
      },
    };
  }
  throw invalid(
    `DAGSTER_PIPES_MESSAGES has keys [${Object.keys(p).join(', ')}]; floe writes Pipes messages to a file (path) ` +
      'or to stdout/stderr (stdio), not to blob stores. Use PipesTempFileMessageReader or PipesStdioMessageReader.',
  );
}

/** Loads the context from `{path}` (PipesTempFileContextInjector) or inline `{data}` (PipesEnvContextInjector). */
export function loadContext(params: unknown): PipesContextData {
  const p = (params ?? {}) as Record<string, unknown>;
  let data: unknown;
  if (typeof p.path === 'string') {
    try {
      data = JSON.parse(readFileSync(p.path, 'utf8'));
    } catch (cause) {
      throw new FloeError('FLOE_PIPES_INVALID', `cannot read the Dagster Pipes context file ${p.path}`, { cause });
    }
  } else if (p.data !== null && typeof p.data === 'object') {
    data = p.data;
  } else {
    throw invalid(`DAGSTER_PIPES_CONTEXT has keys [${Object.keys(p).join(', ')}]; expected path or data`);
  }
  const ctx = data as Partial<PipesContextData>;
  if (typeof ctx.run_id !== 'string') throw invalid('the Dagster Pipes context has no run_id');
  return {
    asset_keys: ctx.asset_keys ?? null,
    code_version_by_asset_key: ctx.code_version_by_asset_key ?? null,
    provenance_by_asset_key: ctx.provenance_by_asset_key ?? null,
    partition_key: ctx.partition_key ?? null,
    partition_key_range: ctx.partition_key_range ?? null,
    partition_time_window: ctx.partition_time_window ?? null,
    run_id: ctx.run_id,
    job_name: ctx.job_name ?? null,
    retry_number: ctx.retry_number ?? 0,
    extras: (ctx.extras as Record<string, unknown> | undefined) ?? {},
  };
}
