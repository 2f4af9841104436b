import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '../../../..');
const STACK = join(REPO_ROOT, 'tools/dev-stack/stack.mjs');

async function stack(args: string[], timeoutMs: number): Promise<string> {
  try {
    return (await run(process.execPath, [STACK, ...args], { cwd: REPO_ROOT, timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024 })).stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`dev stack ${args.join(' ')} failed: ${err.message}\n${err.stderr ?? ''}`);
  }
}

/**
 * Starts the local Kafka + Flink stack, or reuses a healthy one (the ports are
 * fixed, so it may be another checkout's); `started` tells whether to stop it.
 */
export async function stackUp(): Promise<{ started: boolean; ms: number }> {
  const before = JSON.parse(await stack(['status', '--json'], 30_000).catch(() => '{"healthy":false}')) as { healthy: boolean };
  const t = Date.now();
  if (!before.healthy) {
    // `status` reads this checkout's state: a stack another checkout started answers on the ports but is not "ours".
    if (await answers()) return { started: false, ms: Date.now() - t };
    await stack(['up', '--json', '--timeout', '180s'], 600_000);
    return { started: true, ms: Date.now() - t };
  }
  return { started: false, ms: Date.now() - t };
}

/** Flink's REST API and the SQL Gateway answer, and Kafka accepts connections. */
async function answers(): Promise<boolean> {
  const ok = async (url: string) => {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(3_000) })).ok;
    } catch {
      return false;
    }
  };
  if (!((await ok('http://127.0.0.1:8081/overview')) && (await ok('http://127.0.0.1:8083/v1/info')))) return false;
  const { createConnection } = await import('node:net');
  return new Promise((done) => {
    const s = createConnection({ host: '127.0.0.1', port: 9092 });
    const end = (v: boolean) => {
      s.destroy();
      done(v);
    };
    s.setTimeout(3_000, () => end(false));
    s.once('connect', () => end(true));
    s.once('error', () => end(false));
  });
}

export async function stackDown(): Promise<void> {
  await stack(['down', '--json'], 120_000);
}
