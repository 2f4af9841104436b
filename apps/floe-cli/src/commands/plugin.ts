import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { FloeError } from '@floe/core';
import type { Io } from '../context';
import { targetPackageFiles } from './plugin-template';

export interface PluginNewOptions {
  dir?: string;
  json?: boolean;
}

/** `floe plugin new NAME`: scaffolds a target package (config schema, dialect, connection, conformance test, README). */
export async function pluginNewCommand(name: string, opts: PluginNewOptions, io: Io): Promise<number> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || name.length > 40) {
    throw new FloeError('FLOE_NAME_INVALID', `"${name}" is not a valid target name`, {
      hint: 'Use lowercase letters, digits and dashes, starting with a letter; it becomes `type: NAME` in platform.yaml.',
    });
  }
  const target = resolve(opts.dir ?? `floe-target-${name}`);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw new FloeError('FLOE_CLI_USAGE', `${target} exists and is not empty`, { hint: 'Pick a new folder; floe plugin new never overwrites files.' });
  }
  const files = targetPackageFiles(name);
  for (const [rel, text] of Object.entries(files)) {
    const p = join(target, rel);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, text, { flag: 'wx' });
  }
  if (opts.json) io.out(JSON.stringify({ ok: true, package: `floe-target-${name}`, dir: target, files: Object.keys(files).sort() }, null, 2) + '\n');
  else io.err(`Created floe-target-${name} in ${target}\nNext: cd ${relative(process.cwd(), target) || '.'} && npm install && npm run build && npm test\n`);
  return 0;
}

/** Registers `floe plugin new`. */
export function registerPluginCommand(program: Command, io: Io, done: (code: number) => void): void {
  const plugin = program.command('plugin').description('work with Floe plugins');
  plugin
    .command('new')
    .description('scaffold a compute target package: config schema, dialect, connection, conformance test and README')
    .argument('<name>', 'target name (the `type:` in platform.yaml), e.g. postgres')
    .option('--dir <dir>', 'folder to create (default: ./floe-target-NAME)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (name: string, opts: PluginNewOptions) => done(await pluginNewCommand(name, opts, io)));
}
