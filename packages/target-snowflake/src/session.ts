import { FloeError } from '@floe/core';
import type { SdkConnection } from './sdk';

export interface Column {
  name: string;
  /** Snowflake DDL type, e.g. `NUMBER(38,0)`, `VARCHAR`, `TIMESTAMP_NTZ`. */
  type: string;
}

export interface Result {
  rows: Record<string, unknown>[];
  columns: Column[];
  /** Rows inserted/updated/deleted, for DML. */
  rowsAffected: number;
}

/** Observers of every statement sent (tests record them to parse with sqlglot). */
export const statementListeners = new Set<(sql: string, binds?: unknown[][] | unknown[]) => void>();

interface SdkColumn {
  getName(): string;
  getType(): string;
  getPrecision(): number;
  getScale(): number;
}

/** The DDL type of a result column, from the driver's column metadata. */
export function ddlType(c: SdkColumn): string {
  const t = c.getType().toLowerCase();
  switch (t) {
    case 'fixed': {
      const scale = c.getScale() ?? 0;
      return `NUMBER(38,${scale})`;
    }
    case 'real':
      return 'FLOAT';
    case 'text':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp_ntz':
      return 'TIMESTAMP_NTZ';
    case 'timestamp_ltz':
      return 'TIMESTAMP_LTZ';
    case 'timestamp_tz':
      return 'TIMESTAMP_TZ';
    case 'binary':
      return 'BINARY';
    default:
      return t.toUpperCase();
  }
}

/** Sum of the DML count columns Snowflake returns ("number of rows inserted", "... updated", "... deleted"). */
function dmlCount(rows: Record<string, unknown>[]): number {
  let n = 0;
  for (const r of rows.slice(0, 1)) {
    for (const [k, v] of Object.entries(r)) if (/^number of (rows|multi-joined rows) (inserted|updated|deleted)$/i.test(k) && !/multi-joined/.test(k)) n += Number(v);
  }
  return n;
}

/**
 * One Snowflake session. Every statement is sent alone (the driver's
 * default); an AbortSignal cancels the running statement server-side.
 */
export class Session {
  constructor(
    private readonly conn: SdkConnection,
    private readonly signal?: AbortSignal,
  ) {}

  query(sql: string, binds?: unknown[][] | unknown[]): Promise<Result> {
    if (this.signal?.aborted) return Promise.reject(new FloeError('FLOE_RUN_CANCELLED', 'cancelled before the statement was sent'));
    for (const l of statementListeners) l(sql, binds);
    return new Promise<Result>((resolve, reject) => {
      let onAbort: (() => void) | undefined;
      const stmt = this.conn.execute({
        sqlText: sql,
        ...(binds ? { binds: binds as never } : {}),
        complete: (err, statement, rows) => {
          if (onAbort) this.signal?.removeEventListener('abort', onAbort);
          if (err) return reject(err);
          const columns = ((statement.getColumns() ?? []) as unknown as SdkColumn[]).map((c) => ({ name: c.getName(), type: ddlType(c) }));
          const data = (rows ?? []) as Record<string, unknown>[];
          const updated = statement.getNumUpdatedRows();
          resolve({ rows: data, columns, rowsAffected: typeof updated === 'number' && updated >= 0 ? updated : dmlCount(data) });
        },
      });
      if (this.signal) {
        onAbort = () => {
          stmt.cancel(() => undefined);
          reject(new FloeError('FLOE_RUN_CANCELLED', 'cancelled; the statement was cancelled on the server'));
        };
        this.signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  async exec(sql: string): Promise<number> {
    return (await this.query(sql)).rowsAffected;
  }

  /** BEGIN … COMMIT on this session; ROLLBACK on any error. Snowflake DDL commits implicitly, so only DML goes inside. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.exec('BEGIN');
    try {
      const out = await fn();
      await this.exec('COMMIT');
      return out;
    } catch (err) {
      // Sent even after an abort; if the session is gone, Snowflake rolls the open transaction back itself.
      await new Promise<void>((done) => this.conn.execute({ sqlText: 'ROLLBACK', complete: () => done() }));
      throw err;
    }
  }
}
