// Detached JVM processes with pid files. A pid file alone is not trusted (the
// pid may have been reused after a reboot or a crash): a process counts as
// ours only while its command line carries the marker system property
// `-Dfloe.devstack=<role>@<stateRoot>` that `spawnDetached` adds.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { run } from './resolve.mjs';
import { StackError } from './errors.mjs';

export function marker(role, stateRoot) {
  return `-Dfloe.devstack=${role}@${stateRoot}`;
}

/**
 * @typedef {{ pid: number, role: string, startedAt: string, options?: Record<string, unknown> }} PidRecord
 */

/** @returns {PidRecord | undefined} the record if its process is alive and ours; removes a stale file. */
export function readLive(pidFile, role, stateRoot) {
  if (!existsSync(pidFile)) return undefined;
  let rec;
  try { rec = JSON.parse(readFileSync(pidFile, 'utf8')); } catch { rec = undefined; }
  if (rec && typeof rec.pid === 'number' && isOurs(rec.pid, role, stateRoot)) return rec;
  rmSync(pidFile, { force: true });
  return undefined;
}

export function isOurs(pid, role, stateRoot) {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.includes(marker(role, stateRoot));
  } catch {
    return false;
  }
}

/**
 * Starts `java` detached, stdout+stderr appended to logFile, and writes the pid file.
 * @param {{ role: string, stateRoot: string, pidFile: string, logFile: string, jvmArgs: string[], mainClass: string, args: string[], classpath: string, env?: Record<string, string>, options?: Record<string, unknown>, cwd: string }} p
 */
export function spawnDetached(p) {
  mkdirSync(path.dirname(p.logFile), { recursive: true });
  const fd = openSync(p.logFile, 'a');
  writeFileSync(fd, `\n---- ${new Date().toISOString()} starting ${p.role}\n`);
  const argv = [marker(p.role, p.stateRoot), ...p.jvmArgs, '-cp', p.classpath, p.mainClass, ...p.args];
  const child = spawn('java', argv, {
    detached: true,
    stdio: ['ignore', fd, fd],
    cwd: p.cwd,
    env: { ...process.env, ...(p.env ?? {}) },
  });
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) throw new StackError(`Could not start java for ${p.role}.`, 'Is Java 17 on PATH?');
  /** @type {PidRecord} */
  const rec = { pid: child.pid, role: p.role, startedAt: new Date().toISOString(), ...(p.options ? { options: p.options } : {}) };
  writeFileSync(p.pidFile, JSON.stringify(rec) + '\n');
  return rec;
}

/** SIGTERM, wait up to graceMs, then SIGKILL and wait again. Resolves when the process is gone. */
export async function stopProcess(pid, graceMs = 20_000) {
  const gone = () => { try { process.kill(pid, 0); return false; } catch { return true; } };
  if (gone()) return 'not-running';
  try { process.kill(pid, 'SIGTERM'); } catch { /* raced with exit */ }
  if (await waitUntil(gone, graceMs, 100)) return 'terminated';
  try { process.kill(pid, 'SIGKILL'); } catch { /* raced with exit */ }
  if (await waitUntil(gone, 5_000, 100)) return 'killed';
  throw new StackError(`Process ${pid} did not exit after SIGKILL.`);
}

/** Polls `check` every `everyMs` until it returns truthy or `timeoutMs` passes. */
export async function waitUntil(check, timeoutMs, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** True if something listens on 127.0.0.1:port (we try to bind it ourselves). */
export function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', (e) => resolve(e.code === 'EADDRINUSE' || e.code === 'EACCES'));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(false)));
  });
}

/** A human description of who listens on a port, e.g. `java (pid 1234)`, or undefined. */
export async function portHolder(port) {
  const { code, output } = await run('ss', ['-ltnpH', `sport = :${port}`]);
  if (code !== 0 || !output.trim()) return undefined;
  const m = /users:\(\("([^"]+)",pid=(\d+)/.exec(output);
  return m ? `${m[1]} (pid ${m[2]})` : output.trim().split('\n')[0];
}

/** Who holds a port we do not own (for `status`), or undefined when it is free. */
export async function foreignHolder(port) {
  if (!(await portInUse(port))) return undefined;
  return (await portHolder(port)) ?? 'another process';
}

export async function assertPortsFree(ports, component) {
  for (const port of ports) {
    if (await portInUse(port)) {
      const holder = await portHolder(port);
      throw new StackError(
        `Port 127.0.0.1:${port} needed by ${component} is already in use${holder ? ` by ${holder}` : ''}.`,
        'Stop that process, or if it is a stack started from another folder, run `floe dev down` there.',
      );
    }
  }
}

export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
