import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '@floe/core';
import { paint } from './style';

/**
 * Prints diagnostics as compiler-style messages with a code frame of the offending line.
 * A diagnostic reported more than once (a macro that fails the same way for every test that
 * calls it) is printed once, with the count.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], files: ReadonlyMap<string, string> | undefined, projectDir: string): string {
  return uniqueDiagnostics(diagnostics).map(([d, count]) => formatOne(d, count, files, projectDir)).join('\n');
}

/** Each distinct diagnostic once, in first-seen order, with how many times it was reported. */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Array<[Diagnostic, number]> {
  const seen = new Map<string, [Diagnostic, number]>();
  for (const d of diagnostics) {
    const key = JSON.stringify([d.severity, d.code, d.file, d.line, d.column, d.message, d.hint]);
    const hit = seen.get(key);
    if (hit) hit[1]++;
    else seen.set(key, [d, 1]);
  }
  return [...seen.values()];
}

function formatOne(d: Diagnostic, count: number, files: ReadonlyMap<string, string> | undefined, projectDir: string): string {
  const label = d.severity === 'error' ? paint.red('error') : paint.yellow('warning');
  const lines = [`${label} ${paint.bold(d.code)}: ${d.message}`];
  if (d.file) {
    lines.push(`  ${paint.dim('-->')} ${d.file}${d.line ? `:${d.line}:${d.column ?? 1}` : ''}`);
    const text = files?.get(d.file) ?? readSafe(join(projectDir, d.file));
    if (text !== undefined && d.line) {
      const src = text.split(/\r?\n/);
      const gutter = String(d.line).length + 1;
      const pad = ' '.repeat(gutter);
      const shown = src[d.line - 1];
      if (shown !== undefined) {
        lines.push(`${pad}${paint.dim('|')}`);
        lines.push(`${paint.dim(String(d.line).padStart(gutter - 1) + ' |')} ${shown}`);
        const col = Math.max(1, d.column ?? 1);
        const prefix = shown.slice(0, col - 1).replace(/[^\t]/g, ' ');
        lines.push(`${pad}${paint.dim('|')} ${prefix}${paint.red('^')}`);
      }
    }
  }
  if (d.hint) lines.push(`  ${paint.dim('=')} hint: ${d.hint}`);
  if (count > 1) lines.push(`  ${paint.dim('=')} note: reported ${count} times, shown once`);
  return lines.join('\n') + '\n';
}

function readSafe(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** "3 errors": distinct errors, as formatDiagnostics prints them. */
export function countErrors(errors: readonly Diagnostic[]): string {
  const n = uniqueDiagnostics(errors).length;
  return `${n} error${n === 1 ? '' : 's'}`;
}
