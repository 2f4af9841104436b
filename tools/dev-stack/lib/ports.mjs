// Fixed loopback ports of the local stack (documented in README.md).
export const HOST = '127.0.0.1';
export const PORTS = Object.freeze({
  kafka: 9092,
  kafkaController: 9093,
  flinkRpc: 6123,
  flinkRest: 8081,
  sqlGateway: 8083,
});
