// Error paths of the REST clients against a local fake server on 127.0.0.1.
// The happy paths are proven against a real Flink in streaming-stack.int.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isFloeError, type FloeError } from '@floe/core';
import { FlinkStatementError, GatewaySession, JobManagerClient, SqlGatewayClient, createKafkaClient } from '../../src/clients';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let server: http.Server;
let url: string;
let handler: Handler = (_req, res) => res.end('{}');
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen.length = 0;
});

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function floeErrorOf(p: Promise<unknown>): Promise<FloeError> {
  try {
    await p;
  } catch (e) {
    if (isFloeError(e)) return e;
    throw e;
  }
  throw new Error('expected a FloeError, got success');
}

// A shortened copy of what the gateway returns for a failed statement.
const FLINK_500 = {
  errors: [
    'Internal server error.',
    [
      '<Exception on server side:',
      'org.apache.flink.table.gateway.api.utils.SqlGatewayException: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.',
      '\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)',
      'Caused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation 1b0f.',
      '\tat org.apache.flink.table.gateway.service.operation.OperationManager$Operation.processThrowable(OperationManager.java:415)',
      'Caused by: org.apache.flink.table.api.ValidationException: Unable to create a source for reading table \'default_catalog.default_database.t\'.',
      '',
      'Table options are:',
      '',
      "'connector'='kafka'",
      "'properties.sasl.jaas.config'='org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"hunter2\";'",
      '\tat org.apache.flink.table.factories.FactoryUtil.createDynamicTableSource(FactoryUtil.java:228)',
      'Caused by: org.apache.flink.table.api.ValidationException: Could not find any factory for identifier \'kafkaa\'.',
      '\t... 12 more',
      '',
      'End of exception on server side>',
    ].join('\n'),
  ],
};

describe('SqlGatewayClient error paths', () => {
  test('an unreachable gateway is FLOE_CONNECTION_FAILED with a hint to start the stack', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    const err = await floeErrorOf(new SqlGatewayClient({ url: `http://127.0.0.1:${port}` }).info());
    expect(err.code).toBe('FLOE_CONNECTION_FAILED');
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.hint).toContain('floe dev up');
  });

  test('a gateway that does not answer in time is FLOE_CONNECTION_FAILED naming the timeout', async () => {
    handler = () => { /* never answers */ };
    const started = Date.now();
    const err = await floeErrorOf(new SqlGatewayClient({ url, requestTimeoutMs: 200 }).openSession());
    expect(err.code).toBe('FLOE_CONNECTION_FAILED');
    expect(err.message).toContain('no answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a body that is not JSON is FLOE_FLINK_REQUEST_FAILED, not a crash', async () => {
    handler = (_req, res) => { res.writeHead(200); res.end('<html>proxy login</html>'); };
    const err = await floeErrorOf(new SqlGatewayClient({ url }).openSession());
    expect(err.code).toBe('FLOE_FLINK_REQUEST_FAILED');
    expect(err.message).toContain('not JSON');
  });

  test('JSON of the wrong shape is FLOE_FLINK_REQUEST_FAILED', async () => {
    handler = (_req, res) => json(res, 200, { sessionHandle: 42 });
    const err = await floeErrorOf(new SqlGatewayClient({ url }).openSession());
    expect(err.code).toBe('FLOE_FLINK_REQUEST_FAILED');
    expect(err.message).toContain('unexpected response for POST /sessions');
  });

  test('a failed statement becomes FLOE_FLINK_STATEMENT_FAILED with the first meaningful cause, the root cause, and secrets redacted', async () => {
    handler = (req, res) => {
      if (req.url === '/v2/sessions') return json(res, 200, { sessionHandle: 's1' });
      if (req.url?.endsWith('/statements')) return json(res, 200, { operationHandle: 'o1' });
      if (req.url?.includes('/result/0')) return json(res, 500, FLINK_500);
      if (req.url?.endsWith('/status')) return json(res, 200, { status: 'ERROR' });
      return json(res, 200, {});
    };
    const session = await new SqlGatewayClient({ url }).openSession();
    const sql = "CREATE TABLE t (a INT) WITH ('connector'='kafkaa', 'properties.sasl.jaas.config'='... password=\"hunter2\";')";
    const err = await floeErrorOf(session.execute(sql));
    expect(err).toBeInstanceOf(FlinkStatementError);
    expect(err.code).toBe('FLOE_FLINK_STATEMENT_FAILED');
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(/^ValidationException: Unable to create a source for reading table 'default_catalog.default_database.t'/);
    expect(err.message).toContain("root cause: Could not find any factory for identifier 'kafkaa'.");
    const detail = (err as FlinkStatementError).flink;
    expect(detail.rootCause?.className).toBe('org.apache.flink.table.api.ValidationException');
    expect(detail.causes.map((c) => c.className.split('.').pop())).toEqual(['SqlGatewayException', 'SqlExecutionException', 'ValidationException', 'ValidationException']);
    const everything = JSON.stringify({ m: err.message, h: err.hint, d: err.diagnostics, f: detail, s: (err as FlinkStatementError).statement });
    expect(everything).not.toContain('hunter2');
    expect(everything).toContain("'properties.sasl.jaas.config'='******'");
    // The failed operation is closed.
    expect(seen).toContain('DELETE /v2/sessions/s1/operations/o1/close');
  });

  test('NOT_READY pages are polled and rows of every kind are collected across nextResultUri', async () => {
    let calls = 0;
    handler = (req, res) => {
      if (req.url?.endsWith('/statements')) return json(res, 200, { operationHandle: 'o2' });
      const cols = [{ name: 'k', logicalType: { type: 'VARCHAR', nullable: true }, comment: null }, { name: 'n', logicalType: { type: 'BIGINT', nullable: true }, comment: null }];
      if (req.url?.includes('/result/')) {
        calls++;
        expect(req.url).toContain('rowFormat=JSON');
        if (calls === 1) return json(res, 200, { resultType: 'NOT_READY', isQueryResult: false, resultKind: 'SUCCESS_WITH_CONTENT', nextResultUri: '/v2/sessions/s/operations/o2/result/0' });
        if (calls === 2) {
          return json(res, 200, {
            resultType: 'PAYLOAD', isQueryResult: true, resultKind: 'SUCCESS_WITH_CONTENT', jobID: 'abc',
            results: { columns: cols, rowFormat: 'JSON', data: [{ kind: 'INSERT', fields: ['a', 1] }, { kind: 'UPDATE_BEFORE', fields: ['a', 1] }, { kind: 'UPDATE_AFTER', fields: ['a', 2] }] },
            nextResultUri: '/v2/sessions/s/operations/o2/result/1',
          });
        }
        if (calls === 3) return json(res, 200, { resultType: 'PAYLOAD', isQueryResult: true, results: { columns: cols, data: [{ kind: 'DELETE', fields: ['a', 2] }] }, nextResultUri: '/v2/sessions/s/operations/o2/result/2' });
        return json(res, 200, { resultType: 'EOS', isQueryResult: true, results: { columns: cols, data: [] } });
      }
      return json(res, 200, {});
    };
    const client = new SqlGatewayClient({ url });
    const session = new GatewaySession(client, 's');
    const r = await session.execute('SELECT k, COUNT(*) FROM t GROUP BY k', { timeoutMs: 10_000 });
    expect(r.complete).toBe(true);
    expect(r.jobId).toBe('abc');
    expect(r.rows.map((x) => x.kind)).toEqual(['INSERT', 'UPDATE_BEFORE', 'UPDATE_AFTER', 'DELETE']);
    expect(r.columns.map((c) => c.name)).toEqual(['k', 'n']);
    expect(calls).toBe(4);
  });

  test('an unbounded query stops at maxRows, then the operation is cancelled and closed', async () => {
    let page = 0;
    handler = (req, res) => {
      if (req.url === '/v2/sessions') return json(res, 200, { sessionHandle: 's3' });
      if (req.url?.endsWith('/statements')) return json(res, 200, { operationHandle: 'o3' });
      if (req.url?.includes('/result/')) {
        page++;
        return json(res, 200, { resultType: 'PAYLOAD', isQueryResult: true, results: { columns: [], data: [{ kind: 'INSERT', fields: [page] }, { kind: 'INSERT', fields: [page] }] }, nextResultUri: `/v2/sessions/s3/operations/o3/result/${page}` });
      }
      return json(res, 200, {});
    };
    const session = await new SqlGatewayClient({ url }).openSession();
    const r = await session.execute('SELECT * FROM endless', { maxRows: 5, timeoutMs: 10_000 });
    expect(r.complete).toBe(false);
    expect(r.rows).toHaveLength(5);
    expect(seen).toEqual(expect.arrayContaining(['POST /v2/sessions/s3/operations/o3/cancel', 'DELETE /v2/sessions/s3/operations/o3/close']));
  });

  test('waitForOperation gives up after its bound with FLOE_FLINK_REQUEST_FAILED', async () => {
    handler = (req, res) => (req.url === '/v2/sessions' ? json(res, 200, { sessionHandle: 's4' }) : json(res, 200, { status: 'RUNNING' }));
    const session = await new SqlGatewayClient({ url }).openSession();
    const started = Date.now();
    const err = await floeErrorOf(session.waitForOperation('o4', { timeoutMs: 400 }));
    expect(err.code).toBe('FLOE_FLINK_REQUEST_FAILED');
    expect(err.message).toContain('still RUNNING');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  test('closing a session the gateway already expired is not an error', async () => {
    handler = (req, res) => {
      if (req.url === '/v2/sessions') return json(res, 200, { sessionHandle: 's5' });
      return json(res, 500, { errors: ['Internal server error.', '<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Session \'s5\' does not exist.\nEnd of exception on server side>'] });
    };
    const session = await new SqlGatewayClient({ url }).openSession();
    await expect(session.close()).resolves.toBeUndefined();
  });
});

describe('JobManagerClient error paths', () => {
  test('a failed savepoint reports Flink\'s cause', async () => {
    handler = (req, res) => {
      if (req.method === 'POST' && req.url === '/jobs/j1/stop') return json(res, 202, { 'request-id': 't1' });
      if (req.url === '/jobs/j1/savepoints/t1') {
        return json(res, 200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': { class: 'java.util.concurrent.CompletionException', 'stack-trace': 'java.util.concurrent.CompletionException: x\nCaused by: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint Coordinator is suspending.\n\tat x.y(Z.java:1)' } } });
      }
      return json(res, 404, { errors: ['Not found'] });
    };
    const err = await floeErrorOf(new JobManagerClient({ url }).stopJobWithSavepoint('j1', { drain: true, timeoutMs: 5_000 }));
    expect(err.code).toBe('FLOE_FLINK_REQUEST_FAILED');
    expect(err.message).toBe('Savepoint of job j1 failed: CheckpointException: Checkpoint Coordinator is suspending.');
  });

  test('an unknown job is undefined, not an error; other HTTP errors carry the status', async () => {
    handler = (req, res) => (req.url === '/jobs/nope' ? json(res, 404, { errors: ['Job nope not found'] }) : json(res, 503, { errors: ['JobManager is starting'] }));
    const jm = new JobManagerClient({ url });
    await expect(jm.job('nope')).resolves.toBeUndefined();
    const err = await floeErrorOf(jm.overview());
    expect(err.code).toBe('FLOE_FLINK_REQUEST_FAILED');
    expect(err.message).toBe('Flink JobManager answered GET /overview with HTTP 503: JobManager is starting');
  });

  test('checkpoint stats without a completed checkpoint have latestCompleted undefined', async () => {
    handler = (_req, res) => json(res, 200, { counts: { total: 0, completed: 0, failed: 0, in_progress: 0, restored: 0 }, latest: { completed: null, failed: null, restored: null, savepoint: null }, history: [] });
    const cp = await new JobManagerClient({ url }).checkpoints('j');
    expect(cp.latestCompleted).toBeUndefined();
    expect(cp.counts.completed).toBe(0);
  });
});

describe('KafkaClient error paths', () => {
  test('an unreachable broker is FLOE_CONNECTION_FAILED, quickly', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    const kafka = createKafkaClient({ brokers: [`127.0.0.1:${port}`], retries: 0, connectionTimeoutMs: 500 });
    const started = Date.now();
    const err = await floeErrorOf(kafka.listTopics());
    await kafka.close();
    expect(err.code).toBe('FLOE_CONNECTION_FAILED');
    expect(err.hint).toContain('floe dev up');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
