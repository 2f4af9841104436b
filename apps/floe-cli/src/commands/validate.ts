import type { CommonOptions, Io } from '../context';
import { compileForCli } from '../project-compile';
import { countByType, summary } from './compile';

/** `floe validate`: loads and checks everything; touches no compute and writes nothing. */
export async function validateCommand(opts: CommonOptions, io: Io): Promise<number> {
  const compiled = await compileForCli(opts, io);
  if (!compiled) return 2;
  const a = compiled.result.artifacts!;
  const counts = countByType(a.nodes);
  if (opts.json) io.out(JSON.stringify({ ok: true, nodes: counts, diagnostics: compiled.result.diagnostics }, null, 2) + '\n');
  else io.err(`Project "${a.project.name}" is valid: ${summary(counts)}, ${Object.keys(a.sources).length} sources (environment ${a.environment}).\n`);
  return 0;
}
