import { SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';

const TRACER = 'floe';

/** Runs `fn` inside an OpenTelemetry span (a no-op unless telemetry was started). */
export async function withSpan<T>(name: string, attributes: Attributes, fn: () => T | Promise<T>): Promise<T> {
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

export function tracer() {
  return trace.getTracer(TRACER);
}
