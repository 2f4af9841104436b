import { createRequire } from 'node:module';
import { otelApi } from './otel-api';
import type { InMemorySpanExporter, SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface TelemetryHandle {
  /** Flushes and stops exporting. */
  shutdown(): Promise<void>;
  /** Set when started with `exporter: 'memory'` (tests). */
  memory?: InMemorySpanExporter;
}

export interface TelemetryOptions {
  /** `otlp` (default when OTEL_EXPORTER_OTLP_ENDPOINT is set), `memory` for tests, `none`. */
  exporter?: 'otlp' | 'memory' | 'none';
  serviceName?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts OpenTelemetry tracing. Spans are only recorded once this ran; the
 * OTLP exporter loads lazily so a plain `floe compile` pays nothing for it.
 */
export async function startTelemetry(options: TelemetryOptions = {}): Promise<TelemetryHandle> {
  const env = options.env ?? process.env;
  const kind = options.exporter ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT && env.OTEL_SDK_DISABLED !== 'true' ? 'otlp' : 'none');
  if (kind === 'none') return { shutdown: async () => undefined };
  // The SDK loads only when tracing is on, so commands without telemetry skip it. require(), not a
  // dynamic import: the floe launcher's code cache (bin/compile-cache.js) skips files that have one.
  const requireHere = createRequire(__filename);
  const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, BatchSpanProcessor } = requireHere('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { AsyncLocalStorageContextManager } = requireHere('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  let exporter: SpanExporter;
  let memory: InMemorySpanExporter | undefined;
  if (kind === 'memory') {
    memory = new InMemorySpanExporter();
    exporter = memory;
  } else {
    const { OTLPTraceExporter } = requireHere('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    exporter = new OTLPTraceExporter();
  }
  const processor = kind === 'memory' ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const { context, trace } = otelApi();
  trace.setGlobalTracerProvider(provider);
  // Without a context manager every span would be a root: run > node > sql and
  // compile > load/template/graph nest through async-local storage.
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const ownsContext = context.setGlobalContextManager(contextManager);
  if (!ownsContext) contextManager.disable(); // the application already installed one
  return {
    ...(memory ? { memory } : {}),
    shutdown: async () => {
      await provider.forceFlush();
      if (!memory) await provider.shutdown();
      trace.disable();
      if (ownsContext) context.disable();
    },
  };
}
