import { yamlLib } from './yaml-lib';

/** Parses a small YAML/JSON mapping given on the command line (e.g. --vars). */
export function parseYamlMapping(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown;
  try {
    const { parse } = yamlLib();
    value = parse(text, { maxAliasCount: 10, uniqueKeys: true });
  } catch (e) {
    return { ok: false, message: (e as Error).message.split('\n')[0] ?? 'not valid YAML' };
  }
  if (value === null || value === undefined) return { ok: true, value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'expected a mapping like {"key": "value"}' };
  return { ok: true, value: value as Record<string, unknown> };
}
