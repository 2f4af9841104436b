import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Database } from 'node-sqlite3-wasm';
import { traceStatement } from '@floe/core';

/** A row as SQLite returns it (numbers, text, null, Uint8Array; bigint beyond 2^53). */
export type Row = Record<string, unknown>;

/** Absolute database path; relative paths resolve against the project folder. */
export function databasePath(path: string, projectDir: string): string {
  return isAbsolute(path) ? path : resolve(projectDir, path);
}

/**
 * One SQLite database file through node-sqlite3-wasm (SQLite compiled to
 * WebAssembly, so it installs from npm with no native build). Its API is
 * synchronous: a node's statements run back to back without yielding, so two
 * nodes never interleave inside one transaction.
 */
export class SqliteDatabase {
  private readonly db: Database;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // Rebuilding a table renames a staging table; legacy rename keeps views
    // referring to the table by name instead of re-validating them.
    this.db.exec('PRAGMA legacy_alter_table = ON');
    this.db.exec('PRAGMA busy_timeout = 5000');
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  all(sql: string, params?: unknown[]): Row[] {
    return this.db.all(sql, params as never) as Row[];
  }

  run(sql: string, params?: unknown[]): number {
    return this.db.run(sql, params as never).changes;
  }

  /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** `table`, `view` or undefined. */
  kindOf(name: string): 'table' | 'view' | undefined {
    const r = this.all('SELECT type FROM sqlite_master WHERE name = ? AND type IN (\'table\', \'view\')', [name])[0];
    return r?.['type'] as 'table' | 'view' | undefined;
  }

  columnsOf(qualified: string): { name: string; type: string }[] {
    return this.all(`SELECT name, type FROM pragma_table_info(${qualified})`).map((r) => ({ name: String(r['name']), type: String(r['type'] ?? '') }));
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

/** Wraps a SQLite call in Floe's statement span (the query text, never bound values). */
export function traced<T>(sql: string, fn: () => T): Promise<T> {
  return traceStatement('sqlite', sql, async () => fn());
}
