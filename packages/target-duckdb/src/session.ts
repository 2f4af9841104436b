import type { DuckDBConnection } from '@duckdb/node-api';
import { FloeError, traceStatement } from '@floe/core';

export type Row = Record<string, unknown>;

/**
 * One DuckDB connection lent to one node. Every statement is traced; the
 * AbortSignal interrupts the running statement, and a statement is never
 * started once the signal is aborted.
 */
export class Session {
  constructor(
    readonly connection: DuckDBConnection,
    private readonly signal?: AbortSignal,
  ) {}

  /** Runs a statement; returns its rows (CTAS/INSERT/MERGE return one `Count` row). */
  async query(sql: string, params?: unknown[]): Promise<Row[]> {
    if (this.signal?.aborted) throw new FloeError('FLOE_RUN_CANCELLED', 'cancelled before the statement started');
    const onAbort = () => this.connection.interrupt();
    this.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await traceStatement('duckdb', sql, async () => {
        const reader = params ? await this.connection.runAndReadAll(sql, params as never) : await this.connection.runAndReadAll(sql);
        return reader.getRowObjectsJS() as Row[];
      });
    } finally {
      this.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Runs a statement and returns the count DuckDB reports for it (rows written), or 0. */
  async exec(sql: string): Promise<number> {
    const rows = await this.query(sql);
    const count = rows.length === 1 ? (rows[0] as Row)['Count'] : undefined;
    return typeof count === 'bigint' || typeof count === 'number' ? Number(count) : 0;
  }

  /** BEGIN … COMMIT around `fn`; any error (or cancellation) rolls back and rethrows. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.query('BEGIN TRANSACTION');
    try {
      const out = await fn();
      // COMMIT is not interruptible by the signal: once the work is done, it lands whole.
      await traceStatement('duckdb', 'COMMIT', () => this.connection.run('COMMIT'));
      return out;
    } catch (err) {
      try {
        await this.connection.run('ROLLBACK');
      } catch {
        // The transaction may already be aborted by DuckDB; nothing to roll back.
      }
      throw err;
    }
  }
}
