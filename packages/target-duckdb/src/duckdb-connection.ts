import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { DuckDBInstance, DuckDBConnection } from '@duckdb/node-api';
import { FloeError, type BatchConnection, type CompiledNode, type ConnectContext, type ExecuteOptions, type NodeRunOptions, type NodeRunResult, type QueryResult, type TestRunResult } from '@floe/core';
import type { DuckDbConfig } from './config';
import { quoteIdentifier, quoteLiteral } from './dialect';
import { mapNodeError, mapOpenError } from './errors';
import { auditPlace, runDataTest, storesFailures } from './materialize/data-test';
import { materializeIncremental } from './materialize/incremental';
import { replaceTable } from './materialize/replace-table';
import { materializeSeed } from './materialize/seed';
import { materializeSnapshot } from './materialize/snapshot';
import { materializeView } from './materialize/view';
import { placeOf, renderSchema, type Place } from './relations';
import { Session } from './session';

/** Absolute database path: `:memory:` stays, relative paths resolve against the project. */
export function databasePath(config: DuckDbConfig, projectDir: string): string {
  if (config.path === ':memory:') return ':memory:';
  return isAbsolute(config.path) ? config.path : resolve(projectDir, config.path);
}

/** Opens the database (one DuckDB instance) and returns Floe's batch connection over it. */
export async function connectDuckDb(config: DuckDbConfig, ctx: ConnectContext): Promise<DuckDbConnection> {
  const path = databasePath(config, ctx.projectDir);
  const options: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'true' };
  if (config.threads) options['threads'] = String(config.threads);
  if (config.memory_limit) options['memory_limit'] = config.memory_limit;
  let instance: DuckDBInstance;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // Loaded here, not at the top: commands that never connect (compile, docs) skip the native binding.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    instance = await DuckDBInstance.create(path, options);
  } catch (err) {
    throw mapOpenError(err, path);
  }
  const conn = new DuckDbConnection(instance, config, path);
  try {
    const setup = await conn.acquire();
    try {
      for (const ext of config.extensions) await setup.run(`LOAD ${ext}`);
      for (const a of config.attach) {
        const p = isAbsolute(a.path) ? a.path : resolve(ctx.projectDir, a.path);
        await setup.run(`ATTACH IF NOT EXISTS ${quoteLiteral(p)} AS ${quoteIdentifier(a.alias)}${a.read_only ? ' (READ_ONLY)' : ''}`);
      }
    } finally {
      conn.release(setup);
    }
  } catch (err) {
    await conn.close();
    throw mapOpenError(err, path);
  }
  ctx.logger.debug('opened DuckDB database', { path });
  return conn;
}

/**
 * Floe's connection to one DuckDB database. Each node borrows its own DuckDB
 * connection from a small pool, so nodes run in parallel, each in its own
 * transaction, and cancelling one interrupts only its statement.
 */
export class DuckDbConnection implements BatchConnection {
  private readonly idle: DuckDBConnection[] = [];
  private readonly all = new Set<DuckDBConnection>();
  private readonly ensuredSchemas = new Set<string>();
  private schemaLock: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    readonly config: DuckDbConfig,
    readonly path: string,
  ) {}

  async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new FloeError('FLOE_INTERNAL', 'the DuckDB connection is closed');
    const c = this.idle.pop() ?? (await this.instance.connect());
    this.all.add(c);
    return c;
  }

  release(c: DuckDBConnection): void {
    if (this.closed) return;
    this.idle.push(c);
  }

  private async withSession<T>(signal: AbortSignal | undefined, fn: (s: Session) => Promise<T>): Promise<T> {
    const c = await this.acquire();
    try {
      return await fn(new Session(c, signal));
    } finally {
      this.release(c);
    }
  }

  async execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    return this.withSession(options.signal, async (s) => {
      const rows = await s.query(sql);
      return { columns: rows[0] ? Object.keys(rows[0]) : [], rows };
    });
  }

  /** CREATE SCHEMA once per schema, serialized: concurrent catalog writes to one schema would conflict. */
  private async ensureSchema(s: Session, place: Place): Promise<void> {
    const key = renderSchema(place);
    if (this.ensuredSchemas.has(key)) return;
    const next = this.schemaLock.then(async () => {
      if (this.ensuredSchemas.has(key)) return;
      await s.exec(`CREATE SCHEMA IF NOT EXISTS ${key}`);
      this.ensuredSchemas.add(key);
    });
    this.schemaLock = next.catch(() => undefined);
    await next;
  }

  async runNode(node: CompiledNode, options: NodeRunOptions): Promise<NodeRunResult> {
    if (!node.relation) throw new FloeError('FLOE_INTERNAL', `${node.name}: a ${node.materialized} node has no relation`);
    const place = placeOf(node.relation);
    try {
      return await this.withSession(options.signal, async (s) => {
        await this.ensureSchema(s, place);
        if (node.resourceType === 'seed') {
          const r = await materializeSeed(s, node, place, options.projectDir);
          return { rowsAffected: r.rows, message: r.message };
        }
        if (node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', `${node.name}: no compiled SQL`);
        if (node.resourceType === 'snapshot' || node.materialized === 'snapshot') {
          const r = await materializeSnapshot(s, node, place, options.artifacts.project.mode);
          return { rowsAffected: r.rows, message: r.message };
        }
        switch (node.materialized) {
          case 'view':
            await materializeView(s, place, node.compiledSql);
            return { message: 'CREATE VIEW' };
          case 'table': {
            const rows = await replaceTable(s, place, node.compiledSql);
            return { rowsAffected: rows, message: `CREATE TABLE ${rows}` };
          }
          case 'incremental': {
            const r = await materializeIncremental(s, node, place, options.fullRefresh);
            return { rowsAffected: r.rows, message: r.message };
          }
          default:
            throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: DuckDB cannot run materialized "${node.materialized}"`);
        }
      });
    } catch (err) {
      throw mapNodeError(err, node.name, options.signal);
    }
  }

  async runTest(node: CompiledNode, options: NodeRunOptions): Promise<TestRunResult> {
    if (node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', `${node.name}: a test without compiled SQL`);
    try {
      return await this.withSession(options.signal, async (s) => {
        let audit: Place | null = null;
        if (storesFailures(node)) {
          audit = auditPlace(node, this.config.schema);
          await this.ensureSchema(s, audit);
        }
        const failures = await runDataTest(s, node, audit);
        return { failures };
      });
    } catch (err) {
      throw mapNodeError(err, node.name, options.signal);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.all) {
      try {
        c.closeSync();
      } catch {
        // already closed
      }
    }
    this.all.clear();
    this.idle.length = 0;
    this.instance.closeSync();
  }
}
