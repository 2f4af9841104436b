import { Command, Option } from 'commander';
import { FLOE_VERSION } from '@floe/core';
import type { CommonOptions, Io } from './context';
import type { ExecuteKind } from './commands/execute';
import { registerDocsCommand } from './commands/docs';
import { registerPluginCommand } from './commands/plugin';
import { registerOrchestrateCommand } from './commands/orchestrate';
import { registerDevCommand } from './commands/dev';
import { registerStreamingCommands } from './commands/streaming';
import { registerPlanCommand } from './commands/plan';

type Runner = (code: number) => void;

// Each command's implementation (and the packages it needs) is imported when that command
// runs, so `floe compile` or `floe --version` do not load what `floe run` or `floe docs` use.

const collect = (value: string, prev: string[] | undefined) => [...(prev ?? []), ...value.split(/\s+/).filter(Boolean)];

/** Adds the flags every project command shares. */
export function projectOptions(cmd: Command, extra: { select?: boolean } = {}): Command {
  cmd
    .option('--project-dir <dir>', 'project folder (holds floe.yaml or dbt_project.yml)', '.')
    .option('--env <name>', 'environment in platform.yaml (default: FLOE_ENV, then dev)')
    .option('--vars <yaml>', "override project vars, as a YAML/JSON mapping: '{\"key\": \"value\"}'")
    .option('--json', 'print one JSON document on stdout and nothing else there')
    .option('--debug', 'show stack traces for internal errors');
  if (extra.select) {
    cmd
      .option('-s, --select <selector...>', 'nodes to include (dbt selector syntax: name, +name, tag:x, path:dir, ...)', collect)
      .option('--exclude <selector...>', 'nodes to exclude', collect)
      .option('--state <path>', 'previous target/ folder (or compiled_artifacts.json) for state:modified');
  }
  return cmd;
}

export function buildProgram(io: Io, done: Runner): Command {
  const program = new Command('floe')
    .description('Floe: compile SQL model projects (floe.yaml or dbt) to a typed contract and run them.')
    .version(FLOE_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  program
    .command('init')
    .description('scaffold a runnable example project (seeds, staging views, marts, tests) in DIR')
    .argument('<dir>', 'folder to create (must not exist or be empty)')
    .option('--name <name>', 'project name (default: from the folder name)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (dir: string, opts: { name?: string; json?: boolean }) => done(await (await import('./commands/init')).initCommand(dir, opts, io)));

  projectOptions(program.command('validate').description('load and check the project and platform files; no compute is touched, nothing is written')).action(
    async (opts: CommonOptions) => done(await (await import('./commands/validate')).validateCommand(opts, io)),
  );

  projectOptions(program.command('compile').description('compile the project to target/compiled_artifacts.json and a dbt-style target/manifest.json'))
    .option('--watch', 'keep running: recompile when a file changes (edited models only, when their config and refs stay the same)')
    .action(
    async (opts: CommonOptions) => done(await (await import('./commands/compile')).compileCommand(opts, io)),
  );

  projectOptions(program.command('ls').description('list the nodes a selection matches'), { select: true })
    .addOption(new Option('--resource-type <type...>', 'keep only these resource types').choices(['model', 'seed', 'snapshot', 'test', 'source']))
    .addOption(new Option('--output <format>', 'what to print per node').choices(['name', 'path', 'id', 'json']).default('name'))
    .action(async (opts) => done(await (await import('./commands/ls')).lsCommand(opts, io)));

  const EXECUTE: [ExecuteKind, string][] = [
    ['seed', 'load seed CSV files into their tables'],
    ['run', 'build the selected models (views, tables, incremental, snapshots of type model)'],
    ['test', 'run data tests; a failing error-severity test exits 1, a warning never fails'],
    ['snapshot', 'run snapshots (SCD type 2 history tables)'],
    ['build', 'seeds, models, snapshots and tests in DAG order; a failure skips only its dependants'],
  ];
  for (const [kind, description] of EXECUTE) {
    projectOptions(program.command(kind).description(description), { select: true })
      .option('--threads <n>', 'parallel workers (default: the compute\'s threads, or 4)')
      .option('--fail-fast', 'stop at the first failure and cancel running nodes')
      .option('--full-refresh', 'rebuild incremental models and snapshots from scratch')
      .addOption(new Option('--log-format <format>', 'progress as text lines or pino-style JSON lines on stderr').choices(['text', 'json']).default('text'))
      .action(async (opts) => done(await (await import('./commands/execute')).executeCommand(kind, opts, io)));
  }

  registerPluginCommand(program, io, done);
  registerOrchestrateCommand(program, io, done);
  registerDevCommand(program, io, done);
  registerStreamingCommands(program, io, done, projectOptions);
  registerPlanCommand(program, io, done, projectOptions);
  registerDocsCommand(program, io, done);
  return program;
}
