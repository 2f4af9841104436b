/** Rows returned by a query, as plain JS values (bigint where the target returns 64-bit integers). */
export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  rowsAffected?: number;
}

/** Options of one statement: an AbortSignal that cancels it. */
export interface ExecuteOptions {
  signal?: AbortSignal;
}

/** Context a target receives when it connects. */
export interface ConnectContext {
  /** Absolute project folder; relative paths in target config resolve against it. */
  projectDir: string;
  /** Resolves `{ env: X }` / `{ secret: X }` references; the only place secret values exist. */
  resolveSecret(ref: SecretRef): string;
  logger: PluginLogger;
  signal?: AbortSignal;
}

/** A reference to a secret value: `{ env: NAME }` or `{ secret: NAME }`. */
export type SecretRef = { env: string } | { secret: string };

/** The logger a plugin receives (pino underneath; never log secret values). */
export interface PluginLogger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
}

/**
 * The I/O half of a target. Everything that touches a database goes through
 * here; core wraps it (connect once, close guard, cancellation, error mapping).
 */
export interface TargetConnection {
  execute(sql: string, options?: ExecuteOptions): Promise<QueryResult>;
  close(): Promise<void>;
}
