/** `{% snapshot %}` and `{% docs %}` blocks of a file: names, positions, raw bodies and compiled body templates. */
import type { Diagnostic } from '../errors/diagnostic';
import { CompiledTemplate, parseFile, type Template } from './engine';
import { normalizeSource } from './lexer';

export interface TemplateBlock {
  kind: 'snapshot' | 'docs';
  name: string;
  /** Position of the opening `{%`. */
  line: number;
  column: number;
  /** The text between the opening and closing tags, unrendered (newlines normalized to \n). */
  body: string;
  /** Position of the first character of `body`. */
  bodyLine: number;
  bodyColumn: number;
  /** The body as a template; its errors point into the original file. */
  template: Template;
}

/** Finds the top-level snapshot and docs blocks of a file. Never throws for user errors. */
export function parseBlocks(source: string, file: string): { blocks: TemplateBlock[]; diagnostics: Diagnostic[] } {
  const p = parseFile(source, file);
  if (!p.stmts) return { blocks: [], diagnostics: p.diagnostics };
  const src = normalizeSource(source);
  const blocks: TemplateBlock[] = [];
  for (const s of p.stmts) {
    if (s.k !== 'block') continue;
    blocks.push({
      kind: s.kind,
      name: s.name,
      line: s.line,
      column: s.col,
      body: src.slice(s.bodyStart, s.bodyEnd),
      bodyLine: s.bodyLine,
      bodyColumn: s.bodyCol,
      template: new CompiledTemplate(file, p.compiler.body(s.body)),
    });
  }
  return { blocks, diagnostics: p.diagnostics };
}
