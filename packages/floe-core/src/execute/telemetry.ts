import type { Attributes, Span } from '@opentelemetry/api';
import { activeOtelApi, NOOP_SPAN, otelApi } from '../telemetry/otel-api';

/** Floe's tracer. A no-op unless the application registered an OpenTelemetry SDK. */
export function floeTracer() {
  return otelApi().trace.getTracer('floe');
}

/**
 * Runs `fn` inside an active span (so spans opened inside nest under it) and
 * ends it with the outcome. Attributes must never hold secret values.
 */
export async function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  const otel = activeOtelApi();
  if (!otel) return await fn(NOOP_SPAN);
  const { SpanStatusCode } = otel;
  return floeTracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      const out = await fn(span);
      span.setStatus({ code: SpanStatusCode.OK });
      return out;
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

const MAX_STATEMENT_CHARS = 4000;

/**
 * One span per SQL statement, for targets to wrap each statement they send.
 * The statement text comes from compiled artifacts (which hold no secrets);
 * it is truncated to keep spans small.
 */
export function traceStatement<T>(system: string, sql: string, fn: () => Promise<T>): Promise<T> {
  const text = sql.length > MAX_STATEMENT_CHARS ? `${sql.slice(0, MAX_STATEMENT_CHARS)}…` : sql;
  return withSpan('floe.sql', { 'db.system': system, 'db.statement': text }, () => fn());
}
