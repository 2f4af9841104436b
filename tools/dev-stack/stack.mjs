#!/usr/bin/env node
// node tools/dev-stack/stack.mjs up|down|status [--only kafka|flink] [--gateway-idle-timeout 5s] [--timeout 120s] [--json]
import { parseArgs } from 'node:util';
import { down, status, up, StackError } from './index.mjs';
import { parseDuration } from './lib/flink.mjs';

const USAGE = `usage: node tools/dev-stack/stack.mjs <up|down|status> [options]
  --only kafka|flink            act on one part of the stack
  --gateway-idle-timeout DUR    SQL Gateway session idle timeout (default 10min, env FLOE_DEV_GATEWAY_IDLE_TIMEOUT)
  --timeout DUR                 bound for each health wait (default 120s)
  --json                        print the result as JSON
State (pid files, logs, data, checkpoints) lives under ./target/dev.`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      'gateway-idle-timeout': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const cmd = positionals[0];
  if (values.help || !['up', 'down', 'status'].includes(cmd ?? '') || positionals.length > 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.only !== undefined && values.only !== 'kafka' && values.only !== 'flink') {
    console.error(`--only must be kafka or flink\n${USAGE}`);
    return 2;
  }
  const log = values.json ? () => {} : (line) => console.error(`[dev-stack] ${line}`);
  if (cmd === 'up') {
    const r = await up({
      only: values.only,
      gatewayIdleTimeout: values['gateway-idle-timeout'],
      timeoutMs: values.timeout ? parseDuration(values.timeout) : undefined,
      log,
    });
    if (values.json) console.log(JSON.stringify(r, null, 2));
    else {
      const parts = [];
      if (r.kafka) parts.push(`Kafka ${r.endpoints.kafkaBootstrap}${r.kafka.started ? ` (started in ${sec(r.kafka.ms)})` : ' (already running)'}`);
      if (r.flink) {
        parts.push(`Flink REST ${r.endpoints.flinkRest}${r.flink.taskmanager.started ? ` (started in ${sec(Math.max(r.flink.jobmanager.ms, r.flink.taskmanager.ms))})` : ' (already running)'}`);
        parts.push(`SQL Gateway ${r.endpoints.sqlGateway}${r.flink.gateway.started ? ` (started in ${sec(r.flink.gateway.ms)})` : ' (already running)'}`);
      }
      console.log(`up in ${sec(r.ms)}: ${parts.join(', ')}`);
    }
    return 0;
  }
  if (cmd === 'down') {
    const r = await down({ only: values.only });
    console.log(values.json ? JSON.stringify(r, null, 2) : `down: ${JSON.stringify({ kafka: r.kafka, flink: r.flink })}`);
    return 0;
  }
  const s = await status();
  if (values.json) console.log(JSON.stringify(s, null, 2));
  else {
    const line = (name, p, where) => `${name.padEnd(12)} ${p.running ? `pid ${p.pid}`.padEnd(11) : 'stopped'.padEnd(11)} ${p.running ? (p.healthy ? 'healthy' : 'UNHEALTHY') : ''.padEnd(9)} ${where}${p.portBusyBy ? ` (port in use by ${p.portBusyBy}, not this stack)` : ''}`;
    console.log([
      line('kafka', s.kafka, s.kafka.bootstrap),
      line('jobmanager', s.flink.jobmanager, s.flink.jobmanager.url),
      line('taskmanager', s.flink.taskmanager, ''),
      line('sql-gateway', s.flink.sqlGateway, s.flink.sqlGateway.url),
    ].join('\n'));
  }
  return s.healthy ? 0 : 1;
}

const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;

main().then((code) => { process.exitCode = code; }, (e) => {
  if (e instanceof StackError) {
    console.error(`error: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`);
    process.exitCode = 3;
  } else {
    console.error(e);
    process.exitCode = 1;
  }
});
