import { randomUUID } from 'node:crypto';
import { FloeError, traceStatement } from '@floe/core';
import type { BigQuery, Job, Query } from '@google-cloud/bigquery';
import type { BigQueryConfig } from './config';

export type Row = Record<string, unknown>;

export interface JobOutcome {
  rows: Row[];
  /** Rows inserted, updated or deleted by a DML statement (when BigQuery reports it). */
  dmlRows?: number;
  bytesProcessed?: number;
  schema?: { name: string; type: string; mode?: string }[];
}

/**
 * Runs query jobs for one node. Each statement is a traced job with the
 * configured labels, location, byte cap and timeout; the AbortSignal cancels
 * the running job and the statement fails at once.
 */
export class Session {
  constructor(
    private readonly client: BigQuery,
    private readonly config: BigQueryConfig,
    private readonly signal?: AbortSignal,
  ) {}

  private jobOptions(sql: string, dryRun: boolean): Query {
    return {
      query: sql,
      useLegacySql: false,
      ...(this.config.location ? { location: this.config.location } : {}),
      ...(this.config.labels ? { labels: this.config.labels } : {}),
      ...(this.config.maximum_bytes_billed ? { maximumBytesBilled: String(this.config.maximum_bytes_billed) } : {}),
      ...(this.config.job_timeout_seconds ? { jobTimeoutMs: this.config.job_timeout_seconds * 1000 } : {}),
      ...(dryRun ? { dryRun: true } : {}),
    };
  }

  async run(sql: string): Promise<JobOutcome> {
    if (this.signal?.aborted) throw new FloeError('FLOE_RUN_CANCELLED', 'cancelled before the statement started');
    return traceStatement('bigquery', sql, () => this.runJob(sql));
  }

  async rows(sql: string): Promise<Row[]> {
    return (await this.run(sql)).rows;
  }

  /** A dry run: BigQuery validates the statement and reports the bytes it would scan, free of charge. */
  async dryRun(sql: string): Promise<JobOutcome> {
    return traceStatement('bigquery', sql, async () => {
      const [job] = await this.client.createQueryJob(this.jobOptions(sql, true));
      const q = (job.metadata as { statistics?: { query?: { totalBytesProcessed?: string; schema?: { fields?: JobOutcome['schema'] } } } }).statistics?.query;
      return {
        rows: [],
        ...(q?.totalBytesProcessed !== undefined ? { bytesProcessed: Number(q.totalBytesProcessed) } : {}),
        ...(q?.schema?.fields ? { schema: q.schema.fields } : {}),
      };
    });
  }

  /**
   * Creates the job under an id chosen here, so an abort can cancel it even
   * while jobs.insert is still in flight, and stops waiting at once.
   */
  private async runJob(sql: string): Promise<JobOutcome> {
    const signal = this.signal;
    const jobId = `floe_${randomUUID().replace(/-/g, '')}`;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        this.client.job(jobId, this.config.location ? { location: this.config.location } : {}).cancel().catch(() => undefined);
        reject(new FloeError('FLOE_RUN_CANCELLED', 'cancelled; the BigQuery job was asked to stop'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      const create = this.client.createQueryJob({ ...this.jobOptions(sql, false), jobId }).catch((err: unknown) => {
        // A retried jobs.insert whose first attempt got through answers 409: the job exists, wait for it.
        if ((err as { code?: unknown }).code === 409) return [this.client.job(jobId, this.config.location ? { location: this.config.location } : {})];
        throw err;
      });
      const [job] = (await Promise.race([create, aborted])) as unknown as [Job];
      const [rows] = (await Promise.race([job.getQueryResults(), aborted])) as [Row[]];
      const stats = (job.metadata as { statistics?: { query?: { numDmlAffectedRows?: string; totalBytesProcessed?: string } } }).statistics?.query;
      return {
        rows: rows.map(plainRow),
        ...(stats?.numDmlAffectedRows !== undefined ? { dmlRows: Number(stats.numDmlAffectedRows) } : {}),
        ...(stats?.totalBytesProcessed !== undefined ? { bytesProcessed: Number(stats.totalBytesProcessed) } : {}),
      };
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** BigQuery's wrapper objects (DATE, TIMESTAMP, INT64 as BigQueryInt, NUMERIC as Big) become plain values. */
export function plainValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plainValue);
  if (v instanceof Buffer) return v.toString('base64');
  const ctor = (v as { constructor?: { name?: string } }).constructor?.name;
  if (ctor === 'Big') return Number(String(v));
  if (ctor === 'BigQueryInt') return Number((v as { value: string }).value);
  if ('value' in v && Object.keys(v).length === 1) return (v as { value: unknown }).value;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
}

export function plainRow(r: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) out[k] = plainValue(v);
  return out;
}
