import { FloeError, type BatchConnection, type CompiledNode, type ConnectContext, type ExecuteOptions, type NodeRunOptions, type NodeRunResult, type QueryResult, type TestRunResult } from '@floe/core';
import { connectionOptions, type AuthMaterial } from './auth';
import type { SnowflakeConfig } from './config';
import { connectionError, nodeError } from './errors';
import { auditPlace, runDataTest, storesFailures } from './materialize/data-test';
import { materializeIncremental } from './materialize/incremental';
import { isTransient } from './materialize/node-config';
import { materializeView, replaceTable } from './materialize/replace';
import { materializeSeed } from './materialize/seed';
import { materializeSnapshot } from './materialize/snapshot';
import { sql } from './materialize/statements';
import { placeOf, renderSchema, type Place } from './relations';
import { loadSdk, type SdkConnection } from './sdk';
import { Session } from './session';

/** Opens one session with a hard deadline, so a black-holed network cannot hang `floe run`. */
function openSession(auth: AuthMaterial, config: SnowflakeConfig): Promise<SdkConnection> {
  const sdk = loadSdk();
  const conn = sdk.createConnection(auth.options);
  const where = {
    account: auth.options.account ?? '',
    user: auth.options.username ?? '',
    url: (auth.options as { accessUrl?: string }).accessUrl ?? `https://${auth.options.account}.snowflakecomputing.com`,
    method: auth.method,
    timeoutSeconds: config.connect_timeout_seconds,
  };
  return new Promise<SdkConnection>((resolve, reject) => {
    const timer = setTimeout(() => {
      conn.destroy(() => undefined);
      reject(connectionError(new Error('login timed out'), where, auth.secrets));
    }, config.connect_timeout_seconds * 1000);
    conn.connect((err) => {
      clearTimeout(timer);
      if (err) {
        conn.destroy(() => undefined);
        reject(connectionError(err, where, auth.secrets));
      } else resolve(conn);
    });
  });
}

/** Opens the first session (proving the credentials) and returns Floe's batch connection. */
export async function connectSnowflake(config: SnowflakeConfig, ctx: ConnectContext): Promise<SnowflakeConnection> {
  const auth = connectionOptions(config, ctx.resolveSecret);
  const first = await openSession(auth, config);
  const c = new SnowflakeConnection(config, auth, first);
  ctx.logger.debug('connected to Snowflake', { account: auth.options.account, user: auth.options.username, database: config.database, method: auth.method });
  return c;
}

/**
 * Floe's connection to Snowflake: a pool of sessions, one per running node
 * (up to `threads`), so each node has its own transaction and temp tables,
 * and cancelling one cancels only its statement.
 */
export class SnowflakeConnection implements BatchConnection {
  private readonly idle: SdkConnection[] = [];
  private readonly all = new Set<SdkConnection>();
  private readonly ensuredSchemas = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    readonly config: SnowflakeConfig,
    private readonly auth: AuthMaterial,
    first: SdkConnection,
  ) {
    this.all.add(first);
    this.idle.push(first);
  }

  private async acquire(): Promise<SdkConnection> {
    if (this.closed) throw new FloeError('FLOE_INTERNAL', 'the Snowflake connection is closed');
    const c = this.idle.pop() ?? (await openSession(this.auth, this.config));
    this.all.add(c);
    return c;
  }

  private release(c: SdkConnection): void {
    if (this.closed) return;
    this.idle.push(c);
  }

  private async withSession<T>(signal: AbortSignal | undefined, fn: (s: Session) => Promise<T>): Promise<T> {
    const c = await this.acquire();
    try {
      const s = new Session(c, signal);
      // Temp tables are created unqualified, in the session's current schema.
      await this.ensureSchema(s, { database: this.config.database, schema: this.config.schema });
      return await fn(s);
    } finally {
      if (signal?.aborted) {
        // The cancelled statement may still be winding down on this session; do not reuse it.
        this.all.delete(c);
        c.destroy(() => undefined);
      } else this.release(c);
    }
  }

  async execute(text: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    return this.withSession(options.signal, async (s) => {
      const r = await s.query(text);
      return { columns: r.columns.map((c) => c.name), rows: r.rows, rowsAffected: r.rowsAffected };
    });
  }

  /** CREATE SCHEMA IF NOT EXISTS once per schema per run. */
  private ensureSchema(s: Session, place: Pick<Place, 'database' | 'schema'>): Promise<void> {
    const key = renderSchema(place);
    let p = this.ensuredSchemas.get(key);
    if (!p) {
      p = s.exec(sql.createSchema(place)).then(() => undefined);
      this.ensuredSchemas.set(key, p);
      p.catch(() => this.ensuredSchemas.delete(key));
    }
    return p;
  }

  async runNode(node: CompiledNode, options: NodeRunOptions): Promise<NodeRunResult> {
    if (!node.relation) throw new FloeError('FLOE_INTERNAL', `${node.name}: a ${node.materialized} node has no relation`);
    const place = placeOf(node.relation, this.config.database);
    const transient = isTransient(node, this.config.transient);
    try {
      return await this.withSession(options.signal, async (s) => {
        await this.ensureSchema(s, place);
        if (node.resourceType === 'seed') {
          const r = await materializeSeed(s, node, place, options.projectDir, transient);
          return { rowsAffected: r.rows, message: r.message };
        }
        if (node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', `${node.name}: no compiled SQL`);
        if (node.resourceType === 'snapshot' || node.materialized === 'snapshot') {
          const r = await materializeSnapshot(s, node, place, options.artifacts.project.mode, transient);
          return { rowsAffected: r.rows, message: r.message };
        }
        switch (node.materialized) {
          case 'view':
            await materializeView(s, place, node.compiledSql);
            return { message: 'CREATE VIEW' };
          case 'table': {
            const rows = await replaceTable(s, place, node.compiledSql, transient);
            return { rowsAffected: rows, message: `CREATE TABLE ${rows}` };
          }
          case 'incremental': {
            const r = await materializeIncremental(s, node, place, options.fullRefresh, transient);
            return { rowsAffected: r.rows, message: r.message };
          }
          default:
            throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: Snowflake cannot run materialized "${node.materialized}"`);
        }
      });
    } catch (err) {
      throw nodeError(err, node.name, options.signal, this.auth.secrets);
    }
  }

  async runTest(node: CompiledNode, options: NodeRunOptions): Promise<TestRunResult> {
    if (node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', `${node.name}: a test without compiled SQL`);
    try {
      return await this.withSession(options.signal, async (s) => {
        let audit: Place | null = null;
        if (storesFailures(node)) {
          audit = auditPlace(node, this.config.database, this.config.schema);
          await this.ensureSchema(s, audit);
        }
        return { failures: await runDataTest(s, node, audit) };
      });
    } catch (err) {
      throw nodeError(err, node.name, options.signal, this.auth.secrets);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.all].map((c) => new Promise<void>((done) => c.destroy(() => done()))));
    this.all.clear();
    this.idle.length = 0;
  }
}
