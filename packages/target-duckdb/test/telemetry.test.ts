import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { PluginRegistry, runArtifacts } from '@floe/core';
import { ArtifactsBuilder } from '@floe/target-conformance';
import { DuckDbConfigSchema, createDuckDbDialect, duckdbTarget } from '../src';

describe('OpenTelemetry spans', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });

  it('emits one span per run, node and SQL statement, nested, without secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-otel-'));
    process.env['FLOE_OTEL_TEST_LIMIT'] = '512MB';
    const raw = { type: 'duckdb', path: join(dir, 'db.duckdb'), memory_limit: { env: 'FLOE_OTEL_TEST_LIMIT' } };
    const dialect = createDuckDbDialect(DuckDbConfigSchema.parse({ ...raw, memory_limit: '1GB' }));
    const a = new ArtifactsBuilder({ dialect, targetType: 'duckdb', computeConfig: raw })
      .model('a', { materialized: 'table', sql: () => 'select 1 as x' })
      .model('b', { materialized: 'view', sql: (c) => `select x from ${c.ref('a')}` })
      .build();
    const r = await runArtifacts({ artifacts: a, registry: new PluginRegistry([duckdbTarget]), projectDir: dir, nodeIds: Object.keys(a.nodes), threads: 2, failFast: false, fullRefresh: false });
    expect(r.success).toBe(true);
    const spans = exporter.getFinishedSpans();
    const runs = spans.filter((s) => s.name === 'floe.run');
    const nodes = spans.filter((s) => s.name === 'floe.node');
    const sql = spans.filter((s) => s.name === 'floe.sql');
    expect(runs).toHaveLength(1);
    expect(nodes.map((s) => s.attributes['floe.node.id']).sort()).toEqual(['model.conformance.a', 'model.conformance.b']);
    const runId = runs[0]!.spanContext().spanId;
    for (const n of nodes) expect(n.parentSpanContext?.spanId).toBe(runId);
    const nodeIds = new Set(nodes.map((n) => n.spanContext().spanId));
    // CREATE SCHEMA, then one statement per node (a new table and a new view need no transaction).
    expect(sql.length).toBeGreaterThanOrEqual(3);
    for (const s of sql) expect(nodeIds.has(s.parentSpanContext?.spanId ?? '')).toBe(true);
    expect(sql.some((s) => String(s.attributes['db.statement']).startsWith('CREATE OR REPLACE TABLE'))).toBe(true);
    expect(sql.some((s) => String(s.attributes['db.statement']).startsWith('CREATE OR REPLACE VIEW'))).toBe(true);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('512MB');
  });
});
