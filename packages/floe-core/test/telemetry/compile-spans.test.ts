import { join } from 'node:path';
import { compileProject, startTelemetry, type TelemetryHandle } from '../../src/internal';
import { testRegistry } from '../compile/test-targets';

const BIKESHARE = join(__dirname, '../../../../examples/bikeshare_dbt');

describe('OpenTelemetry spans of a compile (in-memory exporter)', () => {
  let telemetry: TelemetryHandle;
  beforeAll(async () => {
    telemetry = await startTelemetry({ exporter: 'memory' });
  });
  afterAll(async () => {
    await telemetry.shutdown();
  });

  test('compile, with load, template and graph nested under it, once per compile', async () => {
    const r = await compileProject({ projectDir: BIKESHARE, registry: testRegistry() });
    expect(r.artifacts).toBeDefined();
    // Read before shutdown: shutting down clears the in-memory exporter.
    const spans = telemetry.memory!.getFinishedSpans();
    const byName = (name: string) => spans.filter((s) => s.name === name);
    expect(spans.map((s) => s.name).sort()).toEqual(['floe.compile', 'floe.graph', 'floe.load', 'floe.template']);
    const root = byName('floe.compile')[0]!;
    expect(root.parentSpanContext).toBeUndefined();
    for (const name of ['floe.load', 'floe.template', 'floe.graph']) {
      const s = byName(name)[0]!;
      expect(s.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(s.spanContext().traceId).toBe(root.spanContext().traceId);
    }
    // Phases run in order and inside the compile span.
    const start = (name: string) => byName(name)[0]!.startTime;
    const ns = (t: [number, number]) => t[0] * 1e9 + t[1];
    expect(ns(start('floe.load'))).toBeLessThanOrEqual(ns(start('floe.template')));
    expect(ns(start('floe.template'))).toBeLessThanOrEqual(ns(start('floe.graph')));
    expect(byName('floe.template')[0]!.attributes['floe.nodes']).toBe(Object.keys(r.artifacts!.nodes).length);
  });

  test('a project that fails to load ends its compile and load spans; no template or graph span', async () => {
    telemetry.memory!.reset();
    const r = await compileProject({ projectDir: join(__dirname, 'no-such-project'), registry: testRegistry() });
    expect(r.artifacts).toBeUndefined();
    const names = telemetry.memory!.getFinishedSpans().map((s) => s.name).sort();
    expect(names).toEqual(['floe.compile', 'floe.load']);
  });
});
