export * from './run-artifacts';
export * from './run-results';
export * from './run-events';
export * from './execution-plan';
export * from './resolve-references';
export { traceStatement, withSpan, floeTracer } from './telemetry';
