import { existsSync } from 'node:fs';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { FloeError } from '@floe/core';
import type { Io } from '../context';

export interface InitOptions {
  name?: string;
  json?: boolean;
}

/** `floe init DIR`: scaffolds a runnable example project (seeds, staging views, marts, tests). */
export async function initCommand(dir: string, opts: InitOptions, io: Io): Promise<number> {
  const target = resolve(dir);
  if (existsSync(target) && (await readdir(target)).length > 0) {
    throw new FloeError('FLOE_CLI_USAGE', `${target} exists and is not empty`, { hint: 'Pick a new folder name; floe init never overwrites files.' });
  }
  const name = opts.name ?? slug(basename(target));
  if (!/^[a-z][a-z0-9-]*$/.test(name) || name.length > 63) {
    throw new FloeError('FLOE_NAME_INVALID', `"${name}" is not a valid project name`, { hint: 'Use lowercase letters, digits and dashes, starting with a letter (or pass --name).' });
  }
  const template = templateDir();
  await cp(template, target, { recursive: true, errorOnExist: true, force: false });
  const floeYaml = join(target, 'floe.yaml');
  const schema = relative(target, schemaPath()).split('\\').join('/');
  const text = (await readFile(floeYaml, 'utf8')).replace('{{SCHEMA_PATH}}', schema).replace('{{PROJECT_NAME}}', name);
  await writeFile(floeYaml, text);
  await writeFile(join(target, '.gitignore'), 'target/\n');
  if (opts.json) io.out(JSON.stringify({ ok: true, project: target, name }, null, 2) + '\n');
  else io.err(`Created project "${name}" in ${target}\nNext: floe build --project-dir ${relative(process.cwd(), target) || '.'}\n`);
  return 0;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '') || 'my-project';
}

/** The template ships next to the CLI's dist/ (package `files`). */
function templateDir(): string {
  for (const candidate of [join(__dirname, '..', 'templates', 'init'), join(__dirname, '..', '..', 'templates', 'init')]) {
    if (existsSync(join(candidate, 'floe.yaml'))) return candidate;
  }
  throw new FloeError('FLOE_INTERNAL', 'the floe init template is missing from this installation');
}

/** The JSON Schema of floe.yaml shipped in @floe/core, for the yaml-language-server modeline. */
function schemaPath(): string {
  const pkg = require.resolve('@floe/core/package.json');
  return join(dirname(pkg), 'schemas', 'floe.schema.json');
}
