import type { Attributes, Span } from '@opentelemetry/api';
import { activeOtelApi, NOOP_SPAN, otelApi } from './otel-api';

const TRACER = 'floe';

/** Runs `fn` inside an OpenTelemetry span (a no-op unless telemetry was started). */
export async function withSpan<T>(name: string, attributes: Attributes, fn: () => T | Promise<T>): Promise<T> {
  const otel = activeOtelApi();
  if (!otel) return await fn();
  const { trace, SpanStatusCode } = otel;
  return trace.getTracer(TRACER).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      throw e;
    } finally {
      span.end();
    }
  });
}

/** The synchronous form of withSpan, for the compiler's phases (which do no I/O). */
export function withSpanSync<T>(name: string, attributes: Attributes, fn: (span: Span) => T): T {
  const otel = activeOtelApi();
  if (!otel) return fn(NOOP_SPAN);
  const { trace, SpanStatusCode } = otel;
  return trace.getTracer(TRACER).startActiveSpan(name, { attributes }, (span) => {
    try {
      return fn(span);
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      throw e;
    } finally {
      span.end();
    }
  });
}

export function tracer() {
  return otelApi().trace.getTracer(TRACER);
}
