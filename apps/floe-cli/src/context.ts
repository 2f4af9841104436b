import { resolve } from 'node:path';
import { FloeError, parseYamlMapping, type Diagnostic } from '@floe/core/internal';

/** Flags shared by the project commands. */
export interface CommonOptions {
  projectDir: string;
  env?: string;
  vars?: string;
  json?: boolean;
  debug?: boolean;
  select?: string[];
  exclude?: string[];
  state?: string;
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export function projectDirOf(opts: CommonOptions): string {
  return resolve(opts.projectDir ?? '.');
}

/** Parses --vars (a YAML or JSON mapping) or fails with FLOE_VARS_INVALID. */
export function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  const out = parseYamlMapping(text);
  if (!out.ok) {
    throw new FloeError('FLOE_VARS_INVALID', `--vars: ${out.message}`, { hint: `Pass a mapping, e.g. --vars '{"start_date": "2024-01-01"}'.` });
  }
  return out.value;
}

export function diagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify({ ok: false, diagnostics }, null, 2) + '\n';
}
