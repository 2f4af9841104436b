import { FloeError, type BatchConnection, type CompiledNode, type ConnectContext, type ExecuteOptions, type NodeEstimate, type NodeRunOptions, type NodeRunResult, type QueryResult, type TestRunResult } from '@floe/core';
import type { BigQuery } from '@google-cloud/bigquery';
import { createClient, readKeyFile } from './client';
import type { BigQueryConfig } from './config';
import { mapConnectError, mapNodeError } from './errors';
import { auditPlace, runDataTest, storesFailures } from './materialize/data-test';
import type { NodeContext } from './materialize/context';
import { materializeIncremental } from './materialize/incremental';
import { replaceTable, replaceView } from './materialize/replace';
import { materializeSeed } from './materialize/seed';
import { materializeSnapshot } from './materialize/snapshot';
import { tableLayout } from './materialize/node-config';
import { Redactor } from './redact';
import { describeRelation } from './relations';
import { Session } from './session';
import type { Place } from './sql/quote';
import { createSchema } from './sql/statements';

export function projectOf(config: BigQueryConfig): string {
  if (typeof config.project !== 'string') {
    throw new FloeError('FLOE_SECRET_MISSING', 'BigQuery project { env: … } was not resolved before connecting');
  }
  return config.project;
}

/**
 * Opens the BigQuery client and proves it works with one cheap API call
 * (the dataset's metadata) within `connect_timeout_seconds`. A failure is
 * FLOE_CONNECTION_FAILED (exit 3) with what to check, secrets redacted.
 */
export async function connectBigQuery(config: BigQueryConfig, ctx: ConnectContext): Promise<BigQueryConnection> {
  const redactor = new Redactor();
  const project = projectOf(config);
  const endpoint = config.api_endpoint ?? 'https://bigquery.googleapis.com';
  const auth = config.keyfile ? 'the service-account key file' : 'Application Default Credentials';
  const where = { project, dataset: config.dataset, endpoint, auth };
  let client: BigQuery;
  try {
    const key = readKeyFile(config, ctx, redactor);
    client = await createClient(config, project, key);
    await withTimeout(probe(client, project, config.dataset), config.connect_timeout_seconds * 1000);
  } catch (err) {
    throw mapConnectError(err, where, redactor);
  }
  ctx.logger.debug('opened BigQuery client', { project, dataset: config.dataset, endpoint, auth });
  return new BigQueryConnection(client, config, project, redactor);
}

async function probe(client: BigQuery, project: string, dataset: string): Promise<void> {
  try {
    await client.dataset(dataset, { projectId: project }).getMetadata();
  } catch (err) {
    // A missing dataset is fine (it is created on first use); the call got through.
    if ((err as { code?: unknown }).code !== 404) throw err;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Floe's batch connection to one BigQuery project. Jobs are independent, so nodes run in parallel freely. */
export class BigQueryConnection implements BatchConnection {
  private readonly ensured = new Map<string, Promise<unknown>>();

  constructor(
    readonly client: BigQuery,
    readonly config: BigQueryConfig,
    readonly project: string,
    private readonly redactor: Redactor,
  ) {}

  private context(signal?: AbortSignal): NodeContext {
    return { session: new Session(this.client, this.config, signal), client: this.client };
  }

  placeOf(node: CompiledNode): Place {
    const r = node.relation;
    if (!r) throw new FloeError('FLOE_INTERNAL', `${node.name}: a ${node.materialized} node has no relation`);
    return { project: r.database ?? this.project, dataset: r.schema, identifier: r.identifier };
  }

  /** CREATE SCHEMA IF NOT EXISTS once per dataset per connection. */
  private ensureDataset(c: NodeContext, place: Place): Promise<unknown> {
    const key = `${place.project}.${place.dataset}`;
    let p = this.ensured.get(key);
    if (!p) {
      p = c.session.run(createSchema(place.project, place.dataset, this.config.location));
      p.catch(() => this.ensured.delete(key));
      this.ensured.set(key, p);
    }
    return p;
  }

  async execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    try {
      const out = await this.context(options.signal).session.run(sql);
      return { columns: out.rows[0] ? Object.keys(out.rows[0]) : [], rows: out.rows, ...(out.dmlRows !== undefined ? { rowsAffected: out.dmlRows } : {}) };
    } catch (err) {
      throw mapNodeError(err, 'query', this.redactor, options.signal);
    }
  }

  async runNode(node: CompiledNode, options: NodeRunOptions): Promise<NodeRunResult> {
    const c = this.context(options.signal);
    try {
      const place = this.placeOf(node);
      await this.ensureDataset(c, place);
      if (node.resourceType === 'seed') return await materializeSeed(c, node, place, options.projectDir).then((r) => ({ rowsAffected: r.rows, message: r.message }));
      if (node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', `${node.name}: no compiled SQL`);
      if (node.resourceType === 'snapshot' || node.materialized === 'snapshot') {
        const r = await materializeSnapshot(c, node, place, options.artifacts.project.mode);
        return { rowsAffected: r.rows, message: r.message };
      }
      switch (node.materialized) {
        case 'view':
          await replaceView(c, place, node.compiledSql);
          return { message: 'CREATE VIEW' };
        case 'table': {
          const rows = await replaceTable(c, place, node.compiledSql, tableLayout(node));
          return { rowsAffected: rows, message: `CREATE TABLE ${rows}` };
        }
        case 'incremental': {
          const r = await materializeIncremental(c, node, place, options.fullRefresh);
          return { rowsAffected: r.rows, message: r.message };
        }
        default:
          throw new FloeError('FLOE_CAPABILITY_MISSING', `${node.name}: BigQuery cannot run materialized "${node.materialized}"`);
      }
    } catch (err) {
      throw mapNodeError(err, node.name, this.redactor, options.signal);
    }
  }

  async runTest(node: CompiledNode, options: NodeRunOptions): Promise<TestRunResult> {
    if (node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', `${node.name}: a test without compiled SQL`);
    const c = this.context(options.signal);
    try {
      let audit: Place | null = null;
      if (storesFailures(node)) {
        audit = auditPlace(node, this.project, this.config.dataset);
        await this.ensureDataset(c, audit);
      }
      return { failures: await runDataTest(c, node, audit) };
    } catch (err) {
      throw mapNodeError(err, node.name, this.redactor, options.signal);
    }
  }

  /**
   * Dry-run cost estimate of one node: the bytes its SELECT would scan (the
   * batch SELECT for an existing incremental table). Free; nothing runs.
   */
  async estimateNode(node: CompiledNode, options: NodeRunOptions): Promise<NodeEstimate> {
    if (node.resourceType === 'seed') return { summary: 'seed: loaded from the CSV file, no query cost' };
    if (node.compiledSql === null || node.materialized === 'ephemeral') return { summary: `${node.materialized}: nothing to run` };
    const c = this.context(options.signal);
    try {
      let sql = node.compiledSql;
      if (node.materialized === 'incremental' && node.compiledIncrementalSql && !options.fullRefresh) {
        const existing = await describeRelation(this.client, this.placeOf(node));
        if (existing?.kind === 'table') sql = node.compiledIncrementalSql;
      }
      const out = await c.session.dryRun(sql);
      const bytes = out.bytesProcessed ?? 0;
      const note = node.materialized === 'view' ? ' (each read of the view)' : '';
      return { bytesProcessed: bytes, summary: `${formatBytes(bytes)} scanned${note}` };
    } catch (err) {
      const e = mapNodeError(err, node.name, this.redactor, options.signal);
      return { summary: `no estimate: ${e.message}` };
    }
  }

  async close(): Promise<void> {
    // The REST client holds no sockets that need closing.
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
