import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { FloeError } from '@floe/core';
import type { Io } from '../context';

type Runner = (code: number) => void;

export interface DevOptions {
  projectDir: string;
  only?: 'kafka' | 'flink';
  gatewayIdleTimeout?: string;
  timeout?: string;
  json?: boolean;
}

/**
 * Finds tools/dev-stack/stack.mjs: FLOE_DEV_STACK, else the first ancestor of
 * this file (src/ or dist/) or of the project folder that holds it. The CLI runs
 * the very script the tests and CI run, so there is one implementation of the stack.
 */
export function findStackScript(projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLOE_DEV_STACK) return resolve(env.FLOE_DEV_STACK);
  for (const start of [__dirname, resolve(projectDir)]) {
    let dir = start;
    for (let i = 0; i < 12; i++) {
      const candidate = join(dir, 'tools', 'dev-stack', 'stack.mjs');
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new FloeError('FLOE_CLI_USAGE', 'the local dev stack scripts (tools/dev-stack/stack.mjs) were not found', {
    hint: 'Run floe from a Floe source checkout, or set FLOE_DEV_STACK to the path of tools/dev-stack/stack.mjs.',
  });
}

/** `floe dev up|down|status`: runs tools/dev-stack/stack.mjs in the project folder (state in <project>/target/dev). */
export async function devCommand(action: 'up' | 'down' | 'status', opts: DevOptions, io: Io): Promise<number> {
  const cwd = resolve(opts.projectDir ?? '.');
  const script = findStackScript(cwd);
  const args = [script, action];
  if (opts.only) args.push('--only', opts.only);
  if (action === 'up' && opts.gatewayIdleTimeout) args.push('--gateway-idle-timeout', opts.gatewayIdleTimeout);
  if (action === 'up' && opts.timeout) args.push('--timeout', opts.timeout);
  if (opts.json) args.push('--json');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => io.out(b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => io.err(b.toString('utf8')));
    child.on('error', reject);
    // The script's codes already follow floe's: 0 ok, 1 unhealthy, 2 usage, 3 stack could not start.
    child.on('close', (code) => resolvePromise(code ?? 3));
  });
}

export function registerDevCommand(program: Command, io: Io, done: Runner): void {
  const dev = program.command('dev').description('start, stop or check the local Kafka broker + Flink session cluster + SQL Gateway (127.0.0.1 only)');
  const common = (cmd: Command) =>
    cmd
      .option('--project-dir <dir>', 'folder whose target/dev holds the stack state (pids, logs, data)', '.')
      .addOption(new Option('--only <part>', 'act on one part of the stack').choices(['kafka', 'flink']))
      .option('--json', 'print one JSON document on stdout');
  common(dev.command('up').description('resolve the jars (cached), start what is not running, wait until healthy'))
    .option('--gateway-idle-timeout <duration>', 'SQL Gateway session idle timeout, e.g. 5s or 10min')
    .option('--timeout <duration>', 'bound for each health wait (default 120s)')
    .action(async (opts: DevOptions) => done(await devCommand('up', opts, io)));
  common(dev.command('down').description('stop the stack (SIGTERM, then SIGKILL after a bounded wait)')).action(async (opts: DevOptions) => done(await devCommand('down', opts, io)));
  common(dev.command('status').description('exit 0 only when Kafka, the JobManager, a TaskManager and the gateway are healthy')).action(async (opts: DevOptions) =>
    done(await devCommand('status', opts, io)),
  );
}
