import {
  FloeError,
  isFloeError,
  type BatchConnection,
  type CompiledNode,
  type ConnectContext,
  type ExecuteOptions,
  type NodeRunOptions,
  type NodeRunResult,
  type QueryResult,
  type TestRunResult,
} from '@floe/core';
import type { SqliteConfig } from './config';
import { SqliteDatabase, databasePath, traced } from './database';
import { materializeIncremental, materializeSeed, materializeView, replaceTable, runDataTest } from './materialize';
import { portableSql } from './portable-sql';

/** Opens the database file and returns Floe's batch connection over it. */
export async function connectSqlite(config: SqliteConfig, ctx: ConnectContext): Promise<SqliteConnection> {
  const path = databasePath(config.path, ctx.projectDir);
  try {
    const conn = new SqliteConnection(new SqliteDatabase(path));
    ctx.logger.debug('opened SQLite database', { path });
    return conn;
  } catch (cause) {
    throw new FloeError('FLOE_CONNECTION_FAILED', `cannot open SQLite database ${path}: ${(cause as Error).message}`, { cause });
  }
}

function notAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FloeError('FLOE_RUN_CANCELLED', 'cancelled before the statement started');
}

/** A node failure as a FloeError that names the node (SQLite's message kept, no values bound into it). */
function nodeError(err: unknown, node: CompiledNode): FloeError {
  if (isFloeError(err)) return err;
  return new FloeError('FLOE_NODE_FAILED', `${node.name}: ${(err as Error).message}`, { cause: err });
}

/** Floe's batch connection to one SQLite file. */
export class SqliteConnection implements BatchConnection {
  constructor(private readonly db: SqliteDatabase) {}

  async execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    notAborted(options.signal);
    const rows = await traced(sql, () => this.db.all(portableSql(sql)));
    return { columns: rows[0] ? Object.keys(rows[0]) : [], rows };
  }

  async runNode(node: CompiledNode, options: NodeRunOptions): Promise<NodeRunResult> {
    notAborted(options.signal);
    const place = node.relation;
    if (!place) throw new FloeError('FLOE_INTERNAL', `${node.name}: a ${node.materialized} node has no relation`);
    try {
      return await traced(node.compiledSql ?? node.name, () => {
        if (node.resourceType === 'seed') {
          const rows = materializeSeed(this.db, node, place, options.projectDir);
          return { rowsAffected: rows, message: `INSERT ${rows}` };
        }
        if (node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', `${node.name}: no compiled SQL`);
        switch (node.materialized) {
          case 'view':
            materializeView(this.db, place, node.compiledSql);
            return { message: 'CREATE VIEW' };
          case 'table': {
            const rows = replaceTable(this.db, place, node.compiledSql);
            return { rowsAffected: rows, message: `CREATE TABLE ${rows}` };
          }
          case 'incremental': {
            const r = materializeIncremental(this.db, node, place, options.fullRefresh);
            return { rowsAffected: r.rows, message: r.message };
          }
          default:
            throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: the sqlite target cannot build materialized "${node.materialized}"`);
        }
      });
    } catch (err) {
      throw nodeError(err, node);
    }
  }

  async runTest(node: CompiledNode, options: NodeRunOptions): Promise<TestRunResult> {
    notAborted(options.signal);
    if (node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', `${node.name}: a test without compiled SQL`);
    try {
      return { failures: await traced(node.compiledSql, () => runDataTest(this.db, node)) };
    } catch (err) {
      throw nodeError(err, node);
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
