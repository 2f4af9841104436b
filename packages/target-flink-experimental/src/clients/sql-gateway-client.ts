import { FloeError } from '@floe/core';
import { FlinkStatementError } from './flink-errors';
import { backoff, FlinkRequestError, isObject, RestTransport, sleep, type RestClientOptions } from './http';

// Typed client for the Flink SQL Gateway REST API (v2 by default: rowFormat
// is required from v2 on, and configure-session exists from v2 on).

export type OperationStatus = 'INITIALIZED' | 'PENDING' | 'RUNNING' | 'FINISHED' | 'CANCELED' | 'CLOSED' | 'ERROR' | 'TIMEOUT';
export type RowKind = 'INSERT' | 'UPDATE_BEFORE' | 'UPDATE_AFTER' | 'DELETE';

export interface ColumnInfo {
  name: string;
  logicalType: { type: string; nullable: boolean } & Record<string, unknown>;
  comment: string | null;
}

export interface ResultRow {
  kind: RowKind;
  fields: unknown[];
}

export interface ResultPage {
  resultType: 'NOT_READY' | 'PAYLOAD' | 'EOS';
  resultKind: 'SUCCESS' | 'SUCCESS_WITH_CONTENT' | undefined;
  isQueryResult: boolean;
  jobId: string | undefined;
  columns: ColumnInfo[];
  rows: ResultRow[];
  /** Server path of the next page; absent at EOS. */
  nextResultUri: string | undefined;
}

export interface StatementResult {
  operationHandle: string;
  columns: ColumnInfo[];
  rows: ResultRow[];
  /** Set for statements that submit a job (INSERT, STATEMENT SET, EXECUTE PLAN) and for streaming queries. */
  jobId: string | undefined;
  resultKind: 'SUCCESS' | 'SUCCESS_WITH_CONTENT' | undefined;
  isQueryResult: boolean;
  /** False when the read stopped at `maxRows` or `timeoutMs` before the end of the result (an unbounded query). */
  complete: boolean;
}

export interface ExecuteOptions {
  /** Flink options for this statement only (`executionConfig`). */
  executionConfig?: Record<string, string>;
  /** Bound for the whole call (submit + fetch). Default 5 min. */
  timeoutMs?: number;
  /** Stop reading after this many rows; the operation is then cancelled and closed. */
  maxRows?: number;
  /** Longest wait between polls of a NOT_READY result. Default 1 s. */
  maxPollDelayMs?: number;
  signal?: AbortSignal;
}

export interface OpenSessionOptions {
  sessionName?: string;
  /** Session properties, e.g. `{ 'execution.runtime-mode': 'streaming' }`. */
  properties?: Record<string, string>;
}

export interface SqlGatewayClientOptions extends RestClientOptions {
  apiVersion?: 'v1' | 'v2' | 'v3' | 'v4';
}

export interface GatewayInfo {
  productName: string;
  version: string;
}

const TERMINAL: ReadonlySet<OperationStatus> = new Set(['FINISHED', 'CANCELED', 'CLOSED', 'ERROR', 'TIMEOUT']);

export class SqlGatewayClient {
  readonly transport: RestTransport;
  readonly apiVersion: string;

  constructor(options: SqlGatewayClientOptions) {
    this.transport = new RestTransport('Flink SQL Gateway', options);
    this.apiVersion = options.apiVersion ?? 'v2';
  }

  async info(): Promise<GatewayInfo> {
    const body = await this.transport.request<unknown>('GET', `/${this.apiVersion}/info`);
    if (!isObject(body) || typeof body.productName !== 'string' || typeof body.version !== 'string') throw this.transport.malformed('GET /info', body);
    return { productName: body.productName, version: body.version };
  }

  async openSession(options: OpenSessionOptions = {}): Promise<GatewaySession> {
    const body = await this.transport.request<unknown>('POST', `/${this.apiVersion}/sessions`, {
      body: { ...(options.sessionName ? { sessionName: options.sessionName } : {}), properties: options.properties ?? {} },
    });
    if (!isObject(body) || typeof body.sessionHandle !== 'string') throw this.transport.malformed('POST /sessions', body);
    return new GatewaySession(this, body.sessionHandle);
  }

  /**
   * Opens a session, heartbeats it while `work` runs, and always closes it.
   * Floe keeps no state in gateway sessions between commands (STREAMING.md): each command uses its own.
   */
  async withSession<T>(options: OpenSessionOptions & { heartbeatMs?: number }, work: (session: GatewaySession) => Promise<T>): Promise<T> {
    const session = await this.openSession(options);
    session.startHeartbeat(options.heartbeatMs);
    try {
      return await work(session);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  /** @internal */
  path(p: string): string {
    return `/${this.apiVersion}${p}`;
  }
}

export class GatewaySession {
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The last heartbeat failure, if any (heartbeats run in the background and never throw). */
  lastHeartbeatError: unknown;

  constructor(private readonly client: SqlGatewayClient, readonly handle: string) {}

  private get t(): RestTransport {
    return this.client.transport;
  }

  private p(suffix: string): string {
    return this.client.path(`/sessions/${this.handle}${suffix}`);
  }

  async heartbeat(): Promise<void> {
    await this.t.request('POST', this.p('/heartbeat'));
  }

  /** Heartbeats every `intervalMs` (default 30 s) until `close()` or `stopHeartbeat()`; the timer does not keep Node alive. */
  startHeartbeat(intervalMs = 30_000): void {
    this.stopHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      this.heartbeat().then(() => { this.lastHeartbeatError = undefined; }, (e: unknown) => { this.lastHeartbeatError = e; });
    }, intervalMs);
    this.heartbeatTimer.unref();
  }

  stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** The session's effective configuration. */
  async properties(): Promise<Record<string, string>> {
    const body = await this.t.request<unknown>('GET', this.p(''));
    if (!isObject(body) || !isObject(body.properties)) throw this.t.malformed('GET /sessions/{handle}', body);
    return body.properties as Record<string, string>;
  }

  /** Runs a SET/USE/CREATE-style statement that only changes the session (v2+ `configure-session`). */
  async configure(statement: string, executionTimeoutMs?: number): Promise<void> {
    try {
      await this.t.request('POST', this.p('/configure-session'), { body: { statement, ...(executionTimeoutMs ? { executionTimeout: executionTimeoutMs } : {}) } });
    } catch (e) {
      if (e instanceof FlinkRequestError) throw new FlinkStatementError(e.flink, statement);
      throw e;
    }
  }

  /** Submits a statement and returns its operation handle without waiting. */
  async submit(statement: string, executionConfig?: Record<string, string>): Promise<string> {
    let body: unknown;
    try {
      body = await this.t.request<unknown>('POST', this.p('/statements'), { body: { statement, ...(executionConfig ? { executionConfig } : {}) } });
    } catch (e) {
      if (e instanceof FlinkRequestError && e.status < 500) throw new FlinkStatementError(e.flink, statement);
      throw e;
    }
    if (!isObject(body) || typeof body.operationHandle !== 'string') throw this.t.malformed('POST /statements', body);
    return body.operationHandle;
  }

  async status(operationHandle: string): Promise<OperationStatus> {
    const body = await this.t.request<unknown>('GET', this.p(`/operations/${operationHandle}/status`));
    if (!isObject(body) || typeof body.status !== 'string') throw this.t.malformed('GET /operations/{handle}/status', body);
    return body.status as OperationStatus;
  }

  /** Polls the status with bounded backoff until it is terminal (FINISHED, ERROR, …) or `timeoutMs` passes. */
  async waitForOperation(operationHandle: string, options: { timeoutMs?: number; maxPollDelayMs?: number; signal?: AbortSignal } = {}): Promise<OperationStatus> {
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    for (let attempt = 0; ; attempt++) {
      const s = await this.status(operationHandle);
      if (TERMINAL.has(s)) return s;
      if (Date.now() >= deadline) {
        throw new FloeError('FLOE_FLINK_REQUEST_FAILED', `Flink operation ${operationHandle} is still ${s} after ${options.timeoutMs ?? 300_000} ms.`);
      }
      await sleep(Math.min(backoff(attempt, 100, options.maxPollDelayMs ?? 1_000), Math.max(0, deadline - Date.now())), options.signal);
    }
  }

  /** Fetches one page of results. `token` is a number (first page: 0) or a server `nextResultUri`. */
  async fetchResults(operationHandle: string, token: number | string = 0, statement?: string): Promise<ResultPage> {
    const path = typeof token === 'number' ? this.p(`/operations/${operationHandle}/result/${token}`) : this.t.resolve(token);
    let body: unknown;
    try {
      body = await this.t.request<unknown>('GET', path, { query: path.includes('rowFormat=') ? {} : { rowFormat: 'JSON' } });
    } catch (e) {
      if (e instanceof FlinkRequestError) {
        // A failed statement surfaces here as a 500 carrying the Java exception chain.
        const failed = await this.status(operationHandle).then((s) => s === 'ERROR', () => false);
        if (failed || /Failed to execute the operation/.test(e.flink.causes.map((c) => c.message).join('\n'))) {
          throw new FlinkStatementError(e.flink, statement);
        }
      }
      throw e;
    }
    return parsePage(body, (what, v) => this.t.malformed(what, v));
  }

  /**
   * Executes a statement and reads its whole result, following `nextResultUri`
   * (NOT_READY pages are polled with bounded backoff). A statement that submits a job
   * (INSERT …) returns once the job is submitted, with `jobId` set.
   * Unbounded queries need `maxRows` or `timeoutMs`: the read then stops with `complete: false`
   * and the operation is cancelled and closed.
   */
  async execute(statement: string, options: ExecuteOptions = {}): Promise<StatementResult> {
    const timeoutMs = options.timeoutMs ?? 300_000;
    const deadline = Date.now() + timeoutMs;
    const operationHandle = await this.submit(statement, options.executionConfig);
    const result: StatementResult = { operationHandle, columns: [], rows: [], jobId: undefined, resultKind: undefined, isQueryResult: false, complete: false };
    let token: number | string = 0;
    let notReady = 0;
    try {
      for (;;) {
        const page = await this.fetchResults(operationHandle, token, statement);
        if (page.columns.length) result.columns = page.columns;
        result.jobId ??= page.jobId;
        result.resultKind ??= page.resultKind;
        result.isQueryResult ||= page.isQueryResult;
        if (page.resultType === 'PAYLOAD') {
          notReady = 0;
          for (const row of page.rows) {
            if (options.maxRows !== undefined && result.rows.length >= options.maxRows) break;
            result.rows.push(row);
          }
        }
        if (page.resultType === 'EOS' || page.nextResultUri === undefined) {
          result.complete = true;
          break;
        }
        if (options.maxRows !== undefined && result.rows.length >= options.maxRows) break;
        if (Date.now() >= deadline) {
          if (!result.isQueryResult) {
            throw new FloeError('FLOE_FLINK_REQUEST_FAILED', `Flink did not finish the statement within ${timeoutMs} ms.`, { hint: `Statement: ${statement.slice(0, 200)}` });
          }
          break;
        }
        token = page.nextResultUri;
        if (page.resultType === 'NOT_READY' || page.rows.length === 0) {
          await sleep(Math.min(backoff(notReady++, 50, options.maxPollDelayMs ?? 1_000), Math.max(0, deadline - Date.now())), options.signal);
        }
      }
    } finally {
      if (!result.complete) await this.cancelOperation(operationHandle).catch(() => undefined);
      await this.closeOperation(operationHandle).catch(() => undefined);
    }
    return result;
  }

  async cancelOperation(operationHandle: string): Promise<void> {
    await this.t.request('POST', this.p(`/operations/${operationHandle}/cancel`));
  }

  async closeOperation(operationHandle: string): Promise<void> {
    await this.t.request('DELETE', this.p(`/operations/${operationHandle}/close`));
  }

  /** Stops heartbeating and closes the session; closing twice is a no-op, a session already gone (idle timeout) is not an error. */
  async close(): Promise<void> {
    this.stopHeartbeat();
    if (this.closed) return;
    this.closed = true;
    try {
      await this.t.request('DELETE', this.p(''));
    } catch (e) {
      if (e instanceof FlinkRequestError && /does not exist|not found/i.test(e.flink.message + e.flink.causes.map((c) => c.message).join(' '))) return;
      throw e;
    }
  }
}

const RESULT_TYPES = new Set(['NOT_READY', 'PAYLOAD', 'EOS']);
const ROW_KINDS = new Set(['INSERT', 'UPDATE_BEFORE', 'UPDATE_AFTER', 'DELETE']);

function parsePage(body: unknown, malformed: (what: string, v: unknown) => FloeError): ResultPage {
  if (!isObject(body) || typeof body.resultType !== 'string' || !RESULT_TYPES.has(body.resultType)) throw malformed('fetch results', body);
  const results = isObject(body.results) ? body.results : {};
  const columns = Array.isArray(results.columns) ? (results.columns as ColumnInfo[]) : [];
  const data = Array.isArray(results.data) ? results.data : [];
  const rows: ResultRow[] = data.map((r: unknown) => {
    if (!isObject(r) || !Array.isArray(r.fields)) throw malformed('a result row', r);
    const kind = typeof r.kind === 'string' && ROW_KINDS.has(r.kind) ? (r.kind as RowKind) : 'INSERT';
    return { kind, fields: r.fields };
  });
  return {
    resultType: body.resultType as ResultPage['resultType'],
    resultKind: body.resultKind === 'SUCCESS' || body.resultKind === 'SUCCESS_WITH_CONTENT' ? body.resultKind : undefined,
    isQueryResult: body.isQueryResult === true,
    jobId: typeof body.jobID === 'string' ? body.jobID : undefined,
    columns,
    rows,
    nextResultUri: typeof body.nextResultUri === 'string' ? body.nextResultUri : undefined,
  };
}

/** Rows as objects keyed by column name (row kind under `$kind`). */
export function rowsAsObjects(result: Pick<StatementResult, 'columns' | 'rows'>): Array<Record<string, unknown> & { $kind: RowKind }> {
  return result.rows.map((r) => {
    const o: Record<string, unknown> & { $kind: RowKind } = { $kind: r.kind };
    result.columns.forEach((c, i) => { o[c.name] = r.fields[i]; });
    return o;
  });
}
