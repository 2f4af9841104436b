// The local streaming stack: Kafka (KRaft) + a Flink session cluster + the
// Flink SQL Gateway, on 127.0.0.1 only, from jars resolved with Maven.
// Used by `node tools/dev-stack/stack.mjs`, by `floe dev up|down|status`
// and by the end-to-end tests.
import { ensureJars } from './lib/resolve.mjs';
import { assertJava17 } from './lib/java.mjs';
import { kafkaStatus, startKafka, stopKafka } from './lib/kafka.mjs';
import { flinkStatus, startFlink, stopFlink, urls, DEFAULT_GATEWAY_IDLE_TIMEOUT } from './lib/flink.mjs';
import { stateRoot } from './lib/paths.mjs';
import { HOST, PORTS } from './lib/ports.mjs';

export { StackError } from './lib/errors.mjs';
export { loadVersions } from './lib/paths.mjs';

/** Where clients find the stack. */
export const endpoints = Object.freeze({
  kafkaBootstrap: `${HOST}:${PORTS.kafka}`,
  flinkRest: urls.rest,
  sqlGateway: urls.gateway,
});

function pick(only) {
  if (only === undefined) return { kafka: true, flink: true };
  if (only !== 'kafka' && only !== 'flink') throw new TypeError(`only must be 'kafka' or 'flink', got '${only}'`);
  return { kafka: only === 'kafka', flink: only === 'flink' };
}

/**
 * Starts what is not running yet and waits until everything is healthy.
 * @param {import('./index.d.mts').UpOptions} [options]
 */
export async function up(options = {}) {
  const log = options.log ?? (() => {});
  const root = stateRoot(options.workDir);
  const which = pick(options.only);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const t0 = Date.now();
  await assertJava17();
  const result = { stateRoot: root, endpoints, downloads: {}, kafka: undefined, flink: undefined, ms: 0 };
  // Resolve both first: a Maven failure should not leave half a stack running.
  const jars = {};
  for (const c of ['kafka', 'flink']) {
    if (!which[c]) continue;
    jars[c] = await ensureJars(c, { log });
    result.downloads[c] = { downloaded: jars[c].downloaded, ms: jars[c].ms, bytes: jars[c].bytes };
  }
  // Kafka and Flink start in parallel: their JVMs boot concurrently on 2 cores faster than one after the other.
  const tasks = [];
  if (which.kafka) tasks.push(startKafka({ stateRoot: root, libDir: jars.kafka.libDir, timeoutMs, log }).then((r) => { result.kafka = r; }));
  if (which.flink) {
    const gatewayIdleTimeout = options.gatewayIdleTimeout ?? process.env.FLOE_DEV_GATEWAY_IDLE_TIMEOUT ?? DEFAULT_GATEWAY_IDLE_TIMEOUT;
    tasks.push(startFlink({ stateRoot: root, libDir: jars.flink.libDir, timeoutMs, gatewayIdleTimeout, log }).then((r) => { result.flink = r; }));
  }
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  result.ms = Date.now() - t0;
  return result;
}

/**
 * Stops the stack's processes (Gateway, TaskManager, JobManager, then Kafka) and waits until they exit.
 * @param {import('./index.d.mts').DownOptions} [options]
 */
export async function down(options = {}) {
  const root = stateRoot(options.workDir);
  const which = pick(options.only);
  const out = { stateRoot: root };
  if (which.flink) out.flink = await stopFlink(root);
  if (which.kafka) out.kafka = await stopKafka(root);
  return out;
}

/** @param {import('./index.d.mts').DownOptions} [options] */
export async function status(options = {}) {
  const root = stateRoot(options.workDir);
  const kafka = await kafkaStatus(root);
  const flink = await flinkStatus(root);
  const healthy = kafka.healthy && flink.jobmanager.healthy && flink.taskmanager.healthy && flink.sqlGateway.healthy;
  return { stateRoot: root, healthy, kafka, flink };
}
