import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root: the stack's state lives in <root>/target/dev, shared by every e2e test. */
export const repoRoot = path.resolve(__dirname, '../../../..');
const stackCli = path.join(repoRoot, 'tools/dev-stack/stack.mjs');

export interface StackEndpoints {
  kafkaBootstrap: string;
  flinkRest: string;
  sqlGateway: string;
}

async function cli(args: string[], timeoutMs: number): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [stackCli, ...args], { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`dev stack ${args.join(' ')} failed: ${err.message}\n${err.stderr ?? ''}`);
  }
}

/** Starts (or reuses) the local stack through its CLI; `wasRunning` tells the caller whether to stop it afterwards. */
export async function stackUp(gatewayIdleTimeout: string): Promise<{ endpoints: StackEndpoints; wasRunning: boolean; ms: number }> {
  const before = JSON.parse(await cli(['status', '--json'], 30_000).catch(() => '{"healthy":false}')) as { healthy: boolean };
  const out = JSON.parse(await cli(['up', '--json', '--gateway-idle-timeout', gatewayIdleTimeout, '--timeout', '180s'], 600_000)) as { endpoints: StackEndpoints; ms: number };
  return { endpoints: out.endpoints, wasRunning: before.healthy, ms: out.ms };
}

export async function stackDown(): Promise<void> {
  await cli(['down', '--json'], 120_000);
}

/** platform.yaml of a test project: its `dev` environment's `stream` compute on the local stack, checkpointing every second. */
export function devPlatformYaml(endpoints: StackEndpoints): string {
  return `apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  dev:\n    compute:\n      stream: { type: flink, gateway: '${endpoints.sqlGateway}', jobmanager: '${endpoints.flinkRest}', kafka: { brokers: ['${endpoints.kafkaBootstrap}'] }, checkpoint_interval: 1s }\n`;
}
