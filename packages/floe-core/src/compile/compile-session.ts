import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { startCompile, type CompileOptions, type CompileResult, type ProjectCompiler } from './compile-project';

export interface SessionResult extends CompileResult {
  /** True when only the edited models were recompiled against the previous state. */
  incremental: boolean;
}

/**
 * Keeps a project's compile state between compiles (for `floe compile --watch`).
 * `update()` recompiles only the edited models when every changed file is a
 * model whose config, refs and diagnostics stay the same; any other change
 * (macros, YAML, seeds, new or deleted files, config() edits) compiles the
 * whole project again. Either way the artifacts equal a cold compile's.
 */
export class CompileSession {
  private compiler: ProjectCompiler | undefined;

  constructor(private readonly options: CompileOptions) {}

  /** A full compile; its state is kept for `update()` when it succeeds. */
  async compile(): Promise<SessionResult> {
    const { result, compiler } = await startCompile(this.options);
    this.compiler = result.artifacts ? compiler : undefined;
    return { ...result, incremental: false };
  }

  /** Recompiles after the given files (absolute or project-relative) changed. */
  async update(changedPaths: Iterable<string>): Promise<SessionResult> {
    const compiler = this.compiler;
    if (!compiler) return this.compile();
    const root = path.resolve(this.options.projectDir);
    const changed = new Map<string, string>();
    for (const p of changedPaths) {
      const abs = path.resolve(root, p);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (!rel.endsWith('.sql') || rel.startsWith('..')) return this.compile();
      try {
        changed.set(rel, await readFile(abs, 'utf8'));
      } catch {
        return this.compile(); // deleted or unreadable: the full compile reports it
      }
    }
    const result = compiler.updateModels(changed);
    if (!result) return this.compile();
    return { ...result, incremental: true };
  }
}
