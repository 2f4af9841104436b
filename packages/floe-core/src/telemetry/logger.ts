import type { DestinationStream, Logger } from 'pino';
import { lazyRequire } from '../util/lazy';

// pino (about 25 files) loads with the first logger, not with @floe/core: most commands never create one.
const loadPino = lazyRequire<typeof import('pino')>('pino');

/** Keys whose values never reach a log line, at any depth we know of. */
export const REDACT_PATHS = [
  'password', '*.password', '*.*.password',
  'token', '*.token', '*.*.token',
  'private_key', '*.private_key', '*.*.private_key',
  'secret', '*.secret', '*.*.secret',
  'api_key', '*.api_key', '*.*.api_key',
  'authorization', '*.authorization', 'headers.authorization',
];

export interface LoggerOptions {
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Where JSON lines go; default stderr. */
  destination?: NodeJS.WritableStream;
}

/** A pino logger with secret redaction; JSON lines (`--log-format json`). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const pino = loadPino();
  return pino(
    { level: options.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { app: 'floe' } },
    (options.destination ?? process.stderr) as DestinationStream,
  );
}

export type { Logger };
