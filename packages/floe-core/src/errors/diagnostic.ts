import type { FloeErrorCode } from './error-codes';

/** A position in a project file. `file` is relative to the project root, with `/` separators; line and column are 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Severity of a diagnostic. */
export type Severity = 'error' | 'warning';

/** One problem found while loading, templating or compiling. */
export interface Diagnostic {
  code: FloeErrorCode;
  severity: Severity;
  message: string;
  /** What the user should do about it. */
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Collects diagnostics so every problem is reported before failing. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  error(code: FloeErrorCode, message: string, at?: Partial<SourcePosition>, hint?: string): void {
    this.items.push(clean({ code, severity: 'error', message, hint, ...at }));
  }

  warn(code: FloeErrorCode, message: string, at?: Partial<SourcePosition>, hint?: string): void {
    this.items.push(clean({ code, severity: 'warning', message, hint, ...at }));
  }

  addAll(ds: Iterable<Diagnostic>): void {
    for (const d of ds) this.items.push(d);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
}

function clean(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { code: d.code, severity: d.severity, message: d.message };
  if (d.hint) out.hint = d.hint;
  if (d.file !== undefined) out.file = d.file;
  if (d.line !== undefined) out.line = d.line;
  if (d.column !== undefined) out.column = d.column;
  return out;
}

/** Stable order for printing: by file, line, column, then code. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
