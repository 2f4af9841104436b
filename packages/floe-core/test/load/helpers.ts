import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from '../../src/errors';

const made: string[] = [];

/** Writes a throw-away project folder; removed by cleanupProjects(). */
export function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'floe-load-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}

export function cleanupProjects(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The minimal valid floe.yaml; tests append or replace lines. */
export const FLOE_HEAD = ['apiVersion: floe.dev/v1', 'kind: Project', 'metadata:', '  name: shop', '  version: 1.0.0'].join('\n') + '\n';

/** Just the fields tests assert on. */
export function brief(d: Diagnostic): Pick<Diagnostic, 'code' | 'file' | 'line' | 'column'> {
  return { code: d.code, file: d.file, line: d.line, column: d.column };
}

export function errorsOf(ds: Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.severity === 'error');
}
