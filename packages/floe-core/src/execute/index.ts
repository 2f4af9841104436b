export * from './run-artifacts';
export * from './run-results';
export * from './run-events';
export * from './execution-plan';
export { resolveReferences, envSecretResolver, describeRef, resolveRef, type SecretResolver } from './resolve-references';
export { traceStatement, floeTracer } from './telemetry';
export { connectComputes, closeAll, silentLogger, type ConnectComputesOptions } from './connect-computes';
