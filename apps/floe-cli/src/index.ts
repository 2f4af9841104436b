import { CommanderError } from 'commander';
import { isFloeError, startTelemetry, type Diagnostic } from '@floe/core/internal';
import { diagnosticsJson, processIo, type Io } from './context';
import { formatDiagnostics } from './output/code-frame';
import { buildProgram } from './program';

/**
 * Runs the floe CLI and resolves to its exit code (PROJECT_FORMAT.md §9):
 * 0 ok, 1 a node failed, 2 invalid project/platform/command line, 3 a compute
 * target could not be reached. Stack traces only with --debug.
 */
export async function main(argv: string[] = process.argv, io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  // Spans go over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise this is a no-op.
  const telemetry = await startTelemetry();
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed the usage error
    }
    if (isFloeError(e)) {
      if (json) io.out(diagnosticsJson(e.diagnostics));
      else io.err(formatDiagnostics(e.diagnostics as Diagnostic[], undefined, process.cwd()));
      if (debug && e.stack) io.err(e.stack + '\n');
      return e.exitCode;
    }
    const err = e as Error;
    io.err(`internal error: ${err?.message ?? String(e)}\n`);
    io.err(debug && err?.stack ? `${err.stack}\n` : 'Run again with --debug for details, and please report it.\n');
    return 1;
  } finally {
    await telemetry.shutdown();
  }
}

export { buildProgram };
