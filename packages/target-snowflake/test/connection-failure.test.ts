import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { FloeError, PluginRegistry, exitCodeFor, runArtifacts } from '@floe/core';
import { ArtifactsBuilder } from '@floe/target-conformance';
import { main } from '../../../apps/floe-cli/src/index';
import snowflake, { createSnowflakeDialect } from '../src';

/** A planted secret: it must never show up in output, files, spans or errors. */
const CANARY = 'canary-9f3b1c7e-DO-NOT-LEAK';
process.env['FLOE_SF_CANARY'] = CANARY;

function listen(server: Server): Promise<number> {
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port)));
}

/** A port with nothing listening: bind one, then close it. */
async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const exporter = new InMemorySpanExporter();
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(() => {
  trace.disable();
  context.disable();
});

describe('connection failures', () => {
  it('`floe run` exits 3 with FLOE_CONNECTION_FAILED naming what to check, quickly, and leaks no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-sf-fail-'));
    cpSync(resolve(__dirname, '../../../examples/shop'), dir, { recursive: true });
    const port = await closedPort();
    writeFileSync(
      join(dir, 'platform.yaml'),
      `apiVersion: floe.dev/v1
kind: Platform
environments:
  prod:
    compute:
      default:
        type: snowflake
        account: acme-prod
        user: floe_ci
        password: { secret: FLOE_SF_CANARY }
        database: analytics
        access_url: http://127.0.0.1:${port}
        connect_timeout_seconds: 5
`,
    );
    let out = '';
    const t0 = Date.now();
    const code = await main(['node', 'floe', 'run', '--project-dir', dir, '--env', 'prod', '--debug'], { out: (t) => (out += t), err: (t) => (out += t) });
    const elapsed = Date.now() - t0;
    expect(code).toBe(3);
    expect(out).toContain('FLOE_CONNECTION_FAILED');
    expect(out).toMatch(/Check account "acme-prod"/);
    expect(elapsed).toBeLessThan(30_000);
    expect(out).not.toContain(CANARY);
    const files = filesUnder(join(dir, 'target'));
    expect(files.some((f) => f.endsWith('compiled_artifacts.json'))).toBe(true);
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toContain(CANARY);
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => ({ a: s.attributes, e: s.events, st: s.status })))).not.toContain(CANARY);
  }, 60_000);

  it('a server that accepts but never answers fails within connect_timeout_seconds', async () => {
    const sockets: Socket[] = [];
    const server = createServer((s) => void sockets.push(s));
    const port = await listen(server);
    const config = snowflake.configSchema.parse({
      type: 'snowflake',
      account: 'acme',
      user: 'u',
      password: CANARY,
      database: 'd',
      access_url: `http://127.0.0.1:${port}`,
      connect_timeout_seconds: 2,
    });
    const t0 = Date.now();
    const err = await snowflake
      .connect(config, { projectDir: tmpdir(), resolveSecret: () => CANARY, logger: { debug() {}, info() {}, warn() {} } })
      .then(() => null, (e: unknown) => e);
    const elapsed = Date.now() - t0;
    for (const s of sockets) s.destroy();
    await new Promise<void>((ok) => server.close(() => ok()));
    expect(err).toBeInstanceOf(FloeError);
    const e = err as FloeError;
    expect(e.code).toBe('FLOE_CONNECTION_FAILED');
    expect(exitCodeFor(e.code)).toBe(3);
    expect(e.message).toMatch(/no answer within 2s/);
    expect(elapsed).toBeLessThan(10_000);
    expect(`${e.message} ${e.hint} ${JSON.stringify(e.diagnostics)} ${e.stack}`).not.toContain(CANARY);
  }, 30_000);

  it('an unreadable private key fails without echoing the key', async () => {
    const config = snowflake.configSchema.parse({ type: 'snowflake', account: 'a', user: 'u', private_key: `-----BEGIN PRIVATE KEY-----\n${CANARY}\n-----END PRIVATE KEY-----`, database: 'd' });
    const err = await snowflake.connect(config, { projectDir: tmpdir(), resolveSecret: () => '', logger: { debug() {}, info() {}, warn() {} } }).catch((e: unknown) => e);
    expect((err as FloeError).code).toBe('FLOE_CONNECTION_FAILED');
    expect(String((err as FloeError).message) + (err as FloeError).hint).not.toContain(CANARY);
  });

  it('a node run over a dead connection reports the node, exit 3 code, and no secret', async () => {
    const port = await closedPort();
    const raw = { type: 'snowflake', account: 'acme', user: 'u', password: { secret: 'FLOE_SF_CANARY' }, database: 'd', access_url: `http://127.0.0.1:${port}`, connect_timeout_seconds: 3 };
    const dialect = createSnowflakeDialect({ database: 'd', schema: 'PUBLIC' });
    const a = new ArtifactsBuilder({ dialect, targetType: 'snowflake', computeConfig: raw }).model('m', { materialized: 'table', sql: () => 'select 1 as x' }).build();
    expect(JSON.stringify(a)).not.toContain(CANARY);
    const err = await runArtifacts({ artifacts: a, registry: new PluginRegistry([snowflake]), projectDir: tmpdir(), nodeIds: Object.keys(a.nodes), threads: 1, failFast: false, fullRefresh: false }).then(
      (r) => r,
      (e: unknown) => e,
    );
    const text = JSON.stringify(err, Object.getOwnPropertyNames(err instanceof Error ? err : {}));
    expect(text).toContain('FLOE_CONNECTION_FAILED');
    expect(text).not.toContain(CANARY);
  }, 30_000);
});
