import type { Span, SpanContext } from '@opentelemetry/api';
import { lazyRequire } from '../util/lazy';

// @opentelemetry/api costs about 15 ms of module loading. Until something registers a
// tracer provider, context manager, propagator or diag logger (that is what writes this
// global, for every copy of API 1.x), its tracer is a no-op that just calls the function,
// so Floe runs spans as plain calls and loads the API only once the global exists.
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');
type OtelApi = typeof import('@opentelemetry/api');

/** The OpenTelemetry API, loaded on the first call. */
export const otelApi = lazyRequire<OtelApi>('@opentelemetry/api');

/** The OpenTelemetry API once anything is registered with it; undefined while tracing is a no-op. */
export function activeOtelApi(): OtelApi | undefined {
  return otelApi.built || (globalThis as Record<symbol, unknown>)[OTEL_GLOBAL] !== undefined ? otelApi() : undefined;
}

const INVALID_SPAN_CONTEXT: SpanContext = { traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 };

/** What the no-op tracer hands to a span callback (like the API's NonRecordingSpan): records nothing. */
export const NOOP_SPAN: Span = {
  spanContext: () => INVALID_SPAN_CONTEXT,
  setAttribute: () => NOOP_SPAN,
  setAttributes: () => NOOP_SPAN,
  addEvent: () => NOOP_SPAN,
  addLink: () => NOOP_SPAN,
  addLinks: () => NOOP_SPAN,
  setStatus: () => NOOP_SPAN,
  updateName: () => NOOP_SPAN,
  end: () => undefined,
  isRecording: () => false,
  recordException: () => undefined,
};
