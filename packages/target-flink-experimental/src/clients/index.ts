export * from './flink-errors';
export { redactSql } from './redact';
export { FlinkRequestError, type RestClientOptions } from './http';
export * from './sql-gateway-client';
export * from './jobmanager-client';
export * from './kafka-client';
