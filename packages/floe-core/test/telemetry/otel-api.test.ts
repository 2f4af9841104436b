import { withSpan, withSpanSync, startTelemetry } from '../../src/internal';
import { activeOtelApi, NOOP_SPAN } from '../../src/telemetry/otel-api';

describe('spans without and with a registered OpenTelemetry SDK', () => {
  test('before anything is registered, spans are plain calls with a non-recording span', async () => {
    expect(activeOtelApi()).toBeUndefined();
    expect(withSpanSync('x', {}, (span) => (span.isRecording() ? 'recording' : span.setAttribute('a', 1).spanContext().traceId))).toBe('0'.repeat(32));
    expect(() => withSpanSync('x', {}, () => { throw new Error('boom'); })).toThrow('boom');
    await expect(withSpan('y', {}, async () => 7)).resolves.toBe(7);
    await expect(withSpan('y', {}, async () => { throw new Error('bad'); })).rejects.toThrow('bad');
    expect(NOOP_SPAN.setStatus({ code: 2 })).toBe(NOOP_SPAN);
    expect(activeOtelApi()).toBeUndefined();
  });

  test('once telemetry is started, the same calls record spans', async () => {
    const handle = await startTelemetry({ exporter: 'memory' });
    try {
      expect(activeOtelApi()).toBeDefined();
      withSpanSync('floe.sync', {}, (span) => span.setAttribute('floe.n', 1));
      await withSpan('floe.async', {}, async () => undefined);
      const names = handle.memory!.getFinishedSpans().map((s) => s.name);
      expect(names).toEqual(['floe.sync', 'floe.async']);
    } finally {
      await handle.shutdown();
    }
  });
});
