import { compileProject, isFloeError, sortDiagnostics, type CompileResult, type PluginRegistry } from '@floe/core';
import { diagnosticsJson, parseVars, projectDirOf, type CommonOptions, type Io } from './context';
import { countErrors, formatDiagnostics } from './output/code-frame';
import { builtinRegistry } from './registry';

export interface CliCompile {
  result: CompileResult;
  registry: PluginRegistry;
  projectDir: string;
}

/**
 * Compiles the project for a command and prints diagnostics (warnings too).
 * Returns undefined when there were errors (exit 2 is the caller's answer).
 */
export async function compileForCli(opts: CommonOptions, io: Io, env?: NodeJS.ProcessEnv): Promise<CliCompile | undefined> {
  const projectDir = projectDirOf(opts);
  const registry = builtinRegistry();
  const vars = parseVars(opts.vars);
  const result = await compileProject({ projectDir, registry, ...(opts.env ? { environment: opts.env } : {}), ...(vars ? { vars } : {}), ...(env ? { env } : {}) });
  const sorted = sortDiagnostics(result.diagnostics);
  const errors = sorted.filter((d) => d.severity === 'error');
  if (errors.length) {
    if (opts.json) io.out(diagnosticsJson(sorted));
    else {
      io.err(formatDiagnostics(sorted, result.project?.files, projectDir));
      io.err(`${countErrors(errors)}; nothing was written.\n`);
    }
    return undefined;
  }
  const warnings = sorted.filter((d) => d.severity === 'warning');
  if (warnings.length && !opts.json) io.err(formatDiagnostics(warnings, result.project?.files, projectDir));
  return { result, registry, projectDir };
}

export { isFloeError };
