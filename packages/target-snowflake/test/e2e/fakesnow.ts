import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../../..');

/** The project's Python venv (fakesnow + sqlglot), created once and cached under ~/.cache/floe/venvs. */
export function fakesnowVenv(): string {
  return execFileSync(resolve(REPO, 'tools/python/ensure-venv.sh'), ['fakesnow', resolve(REPO, 'tools/python/requirements-fakesnow.txt')], {
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export interface Emulator {
  port: number;
  url: string;
  /** The emulator's log file (uvicorn access lines and rejected SQL). */
  logFile: string;
  stop(): Promise<void>;
}

/** Starts fakesnow's server (tools/python/fakesnow_node_server.py) on 127.0.0.1 and waits until it listens. */
export async function startFakesnow(timeoutMs = 60_000): Promise<Emulator> {
  const venv = fakesnowVenv();
  const child: ChildProcess = spawn(`${venv}/bin/python`, [resolve(REPO, 'tools/python/fakesnow_node_server.py')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  // The emulator's own log (SQL it rejected, tracebacks) goes to a file for post-mortems.
  const logFile = join(tmpdir(), `floe-fakesnow-${process.pid}-${Date.now()}.log`);
  const log = createWriteStream(logFile);
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    log.write(d);
  });
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`fakesnow did not start within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      log.write(d); // uvicorn's access lines go to stdout
      out += d.toString();
      const m = /FAKESNOW_PORT=(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`fakesnow exited with ${code}: ${stderr}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    logFile,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Runs SQL through the official driver against the emulator (setup only: creating the test database). */
export async function adminSql(url: string, statements: string[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('snowflake-sdk') as typeof import('snowflake-sdk');
  sdk.configure({ logLevel: 'OFF' });
  const u = new URL(url);
  const conn = sdk.createConnection({ account: 'floe', username: 'admin', password: 'admin', accessUrl: url, host: u.hostname, port: Number(u.port), protocol: 'http' } as never);
  await new Promise<void>((ok, fail) => conn.connect((e) => (e ? fail(e) : ok())));
  for (const sqlText of statements) await new Promise<void>((ok, fail) => conn.execute({ sqlText, complete: (e) => (e ? fail(e) : ok()) }));
  await new Promise<void>((ok) => conn.destroy(() => ok()));
}
