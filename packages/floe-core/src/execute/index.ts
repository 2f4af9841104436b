export * from './run-artifacts';
export * from './run-results';
export * from './run-events';
export * from './execution-plan';
export { resolveReferences, envSecretResolver, describeRef, resolveRef, type SecretResolver } from './resolve-references';
export { connectComputes, closeAll, type ConnectComputesOptions } from './connect-computes';
export { traceStatement, floeTracer } from './telemetry';
