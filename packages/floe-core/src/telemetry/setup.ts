import { lazyRequire } from '../util/lazy';
import { otelApi } from './otel-api';
import type { InMemorySpanExporter, SpanExporter } from '@opentelemetry/sdk-trace-base';

// The SDK loads only when tracing is on (with require, not a dynamic import: the floe launcher's code
// cache, bin/compile-cache.js, skips files that contain a dynamic import).
const sdkTraceBase = lazyRequire<typeof import('@opentelemetry/sdk-trace-base')>('@opentelemetry/sdk-trace-base');
const contextAsyncHooks = lazyRequire<typeof import('@opentelemetry/context-async-hooks')>('@opentelemetry/context-async-hooks');
const otlpHttpExporter = lazyRequire<typeof import('@opentelemetry/exporter-trace-otlp-http')>('@opentelemetry/exporter-trace-otlp-http');

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
  const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, BatchSpanProcessor } = sdkTraceBase();
  const { AsyncLocalStorageContextManager } = contextAsyncHooks();
  let exporter: SpanExporter;
  let memory: InMemorySpanExporter | undefined;
  if (kind === 'memory') {
    memory = new InMemorySpanExporter();
    exporter = memory;
  } else {
    const { OTLPTraceExporter } = otlpHttpExporter();
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
