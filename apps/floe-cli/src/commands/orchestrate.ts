import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { FloeError, parseYamlMapping, type EmittedFile, type OrchestratorPlugin } from '@floe/core/internal';
import type { CommonOptions, Io } from '../context';
import { projectOptions } from '../program';
import { compileForCli } from '../project-compile';
import { builtinNames, builtinRegistry } from '../registry';
import { writeFilesStaged, type FileToWrite } from '../output/write-files';
import { compiledTargetFiles } from './compile';

type Runner = (code: number) => void;

export interface OrchestrateOptions extends CommonOptions {
  out?: string;
  config?: string;
}

const TARGET_DIR = 'target';

/** `floe orchestrate <orchestrator> [--out DIR]`, e.g. `floe orchestrate dagster`. */
export function registerOrchestrateCommand(program: Command, io: Io, done: Runner): void {
  const known = builtinNames('orchestrator').sort();
  projectOptions(
    program
      .command('orchestrate')
      .description('compile the project and write a code location an orchestrator loads (e.g. a Dagster definitions.py)')
      .argument('<orchestrator>', `orchestrator plugin: ${known.join(', ')} (or one listed under plugins: in floe.yaml)`)
      .option('--out <dir>', 'output folder, relative to the current folder (default: <project-dir>/target/<orchestrator>)')
      .option('--config <yaml>', `plugin options as a YAML/JSON mapping, e.g. '{"assetKeyPrefix": ["analytics"]}'`),
  )
    .addHelpText(
      'after',
      [
        '',
        'What it does:',
        '  1. compiles the project as `floe compile` does and writes target/compiled_artifacts.json',
        '     (and target/manifest.json);',
        '  2. asks the orchestrator plugin for its files and writes them into --out. The generated code',
        '     reads the artifacts by a path relative to --out, so recompiling (`floe compile`) is enough',
        '     after a model change; re-run this command after upgrading Floe or changing --config.',
        'Nothing is written when compiling or generating fails.',
        '',
        'Example (Dagster, see docs/dagster.md):',
        '  floe orchestrate dagster                      # writes target/dagster/definitions.py, ...',
        '  cd target/dagster && dagster definitions validate -f definitions.py',
        '  dagster dev -f definitions.py                 # UI on http://127.0.0.1:3000',
        '',
      ].join('\n'),
    )
    .action(async (name: string, opts: OrchestrateOptions) => done(await orchestrateCommand(name, opts, io)));
}

/** Compiles, then writes target/compiled_artifacts.json and the plugin's files; both or neither. */
export async function orchestrateCommand(name: string, opts: OrchestrateOptions, io: Io): Promise<number> {
  const started = performance.now();
  const config = parseConfig(opts.config);
  const compiled = await compileForCli(opts, io);
  if (!compiled) return 2;
  const { projectDir, registry } = compiled;
  const artifacts = compiled.result.artifacts!;
  // Looked up after compiling: the project's plugins: entries are registered by then.
  const plugin = registry.getOrchestrator(name);
  const outDir = opts.out ? resolve(opts.out) : join(projectDir, TARGET_DIR, name);
  const targetFiles = compiledTargetFiles(artifacts);
  const artifactsFile = join(projectDir, TARGET_DIR, 'compiled_artifacts.json');
  const emitted = await plugin.emit(artifacts, validateConfig(plugin, config), {
    projectDir,
    outDir,
    artifactsPath: toPosix(relative(outDir, artifactsFile)),
  });

  const files: FileToWrite[] = [
    ...Object.entries(targetFiles).map(([rel, contents]) => ({ path: join(projectDir, TARGET_DIR, rel), contents })),
    ...emitted.map((f) => ({ path: safeOutPath(outDir, f, plugin.name), contents: f.contents, ...(f.mode !== undefined ? { mode: f.mode } : {}) })),
  ];
  const written = await writeFilesStaged(files);
  const ms = Math.round(performance.now() - started);
  if (opts.json) {
    io.out(JSON.stringify({ ok: true, orchestrator: plugin.name, outDir, files: written, elapsedMs: ms }, null, 2) + '\n');
  } else {
    io.err(`Wrote a ${plugin.name} code location for ${artifacts.project.name} (${emitted.length} files) in ${ms} ms\n`);
    for (const w of written) io.err(`  wrote ${w}\n`);
  }
  return 0;
}

function parseConfig(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const parsed = parseYamlMapping(text);
  if (!parsed.ok) {
    throw new FloeError('FLOE_ORCHESTRATOR_CONFIG_INVALID', `--config: ${parsed.message}`, {
      hint: `Pass a mapping, e.g. --config '{"assetKeyPrefix": ["analytics"]}'.`,
    });
  }
  return parsed.value;
}

function validateConfig(plugin: OrchestratorPlugin<unknown>, config: Record<string, unknown>): unknown {
  const r = plugin.configSchema.safeParse(config);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  throw new FloeError('FLOE_ORCHESTRATOR_CONFIG_INVALID', `--config for ${plugin.name}: ${problems.join('; ')}`, {
    hint: `See the options of the ${plugin.name} orchestrator (docs/${plugin.name}.md).`,
  });
}

/** A plugin may only write inside the output folder. */
function safeOutPath(outDir: string, file: EmittedFile, plugin: string): string {
  const path = resolve(outDir, file.path);
  const rel = relative(outDir, path);
  if (!file.path || isAbsolute(file.path) || rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new FloeError('FLOE_PLUGIN_INVALID', `orchestrator "${plugin}" emitted a file outside its output folder: ${JSON.stringify(file.path)}`);
  }
  return path;
}

function toPosix(p: string): string {
  return p.split(sep).join(posix.sep) || '.';
}
