import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
export const EMULATOR_PROJECT = 'floe-test';

export interface Emulator {
  endpoint: string;
  port: number;
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts bqemulator (PyPI) on 127.0.0.1 through the project's own script
 * (tools/bigquery-emulator/prepare.sh installs it into a cached venv) and
 * waits until its REST API answers. Bounded: 10 minutes for the first venv
 * build, 60 s for start-up.
 */
export async function startEmulator(): Promise<Emulator> {
  const venv = execFileSync('bash', [join(ROOT, 'tools/bigquery-emulator/prepare.sh')], { encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop() as string;
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    join(venv, 'bin', 'bqemulator-floe'),
    ['start', '--rest-host', '127.0.0.1', '--rest-port', String(port), '--grpc-host', '127.0.0.1', '--grpc-port', '0', '--ephemeral', '--project', EMULATOR_PROJECT, '--log-level', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (let i = 0; i < 600 && Date.now() < deadline; i++) {
    if (child.exitCode !== null) throw new Error(`bqemulator exited with ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${endpoint}/bigquery/v2/projects/${EMULATOR_PROJECT}/datasets`);
      if (r.ok) return { endpoint, port, log: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`bqemulator did not answer on ${endpoint} within 60 s:\n${output}`);
}
