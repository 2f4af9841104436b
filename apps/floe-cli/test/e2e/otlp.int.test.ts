import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from './dbt-side';

const ROOT = join(__dirname, '../../../..');
const EXAMPLE = join(ROOT, 'examples/bikeshare_dbt');
const BIN = join(ROOT, 'apps/floe-cli/bin/floe.js');

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, `floe build` exports its spans over
 * OTLP/HTTP: compile phases, one run, one per node, one per SQL statement.
 * The collector is a local stub on 127.0.0.1. The built CLI runs as its own
 * process (the OTLP exporter's lazy imports need a real Node module loader,
 * which jest's VM does not give in-process).
 */
describe('OTLP export from the CLI', () => {
  let server: Server;
  const bodies: string[] = [];
  let dir = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (b: Buffer) => (body += b.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces') bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    dir = mkdtempSync(join(tmpdir(), 'floe-otlp-'));
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/(target|\.duckdb)$/.test(src) });
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test('floe build sends compile, load, template, graph, run, node and sql spans', async () => {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const r = await runProcess(process.execPath, [BIN, 'build', '--project-dir', dir], { cwd: dir, timeoutMs: 120_000, env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    expect(r.stderr).toContain('Completed');
    expect(r.code).toBe(0);
    const spans = bodies.flatMap((b) => {
      const doc = JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: { name: string; spanId: string; parentSpanId?: string; traceId: string }[] }[] }[] };
      return doc.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    });
    const count = (name: string) => spans.filter((s) => s.name === name).length;
    for (const name of ['floe.compile', 'floe.load', 'floe.template', 'floe.graph', 'floe.run']) expect(count(name)).toBe(1);
    // 5 seeds, 10 models (the 2 ephemeral ones are not executed), 3 snapshots, 26 tests.
    expect(count('floe.node')).toBe(44);
    expect(count('floe.sql')).toBeGreaterThan(44);
    const run = spans.find((s) => s.name === 'floe.run')!;
    const nodeIds = new Set(spans.filter((s) => s.name === 'floe.node').map((s) => s.spanId));
    expect(spans.filter((s) => s.name === 'floe.node').every((s) => s.parentSpanId === run.spanId)).toBe(true);
    expect(spans.filter((s) => s.name === 'floe.sql').every((s) => nodeIds.has(s.parentSpanId ?? ''))).toBe(true);
  }, 180_000);
});
