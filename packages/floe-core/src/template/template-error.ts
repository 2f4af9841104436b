import type { Diagnostic } from '../errors/diagnostic';
import type { FloeErrorCode } from '../errors/error-codes';
import { FloeError } from '../errors/floe-error';

/** Where a template construct starts: project-relative file, 1-based line and column. */
export interface TemplateLocation {
  file: string;
  line: number;
  column: number;
}

/** Thrown inside the lexer/parser; the engine turns it into a Diagnostic (parse never throws). */
export class TemplateSyntaxError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(message: string, at: TemplateLocation, hint?: string, code: FloeErrorCode = 'FLOE_TEMPLATE_SYNTAX') {
    super(message);
    this.diagnostic = diagnosticAt(code, message, at, hint);
  }
}

export function diagnosticAt(code: FloeErrorCode, message: string, at: TemplateLocation, hint?: string): Diagnostic {
  const d: Diagnostic = { code, severity: 'error', message, file: at.file, line: at.line, column: at.column };
  if (hint) d.hint = hint;
  return d;
}

/** A runtime template error positioned in the original template file. */
export function templateError(code: FloeErrorCode, message: string, at: TemplateLocation, hint?: string): FloeError {
  const d = diagnosticAt(code, message, at, hint);
  return new FloeError(code, `${at.file}:${at.line}:${at.column}: ${message}`, { diagnostics: [d], ...(hint ? { hint } : {}) });
}
