import type { z } from 'zod';
import type { Diagnostic, FloeErrorCode } from '../errors';
import { didYouMean } from '../util/did-you-mean';
import { isCredentialKey } from './config-keys';
import type { ParsedYaml, YamlPath } from './yaml-file';

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Picks a specific code for a path (e.g. metadata.name → FLOE_NAME_INVALID); default FLOE_CONFIG_INVALID. */
export type CodeForPath = (path: YamlPath) => FloeErrorCode | undefined;

/**
 * Turns zod issues into diagnostics at the YAML line:col of the offending key
 * (unknown keys), parent (missing keys) or value (everything else).
 */
export function zodIssuesToDiagnostics(issues: readonly Issue[], schema: AnySchema, y: ParsedYaml, value: unknown, codeFor: CodeForPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of flatten(issues)) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, path);
      for (const key of issue.keys) {
        // Credentials get their own, more useful diagnostic (FLOE_CONFIG_SECRET_IN_PROJECT).
        if (isCredentialKey(key)) continue;
        const guess = didYouMean(key, known);
        out.push({
          code: 'FLOE_CONFIG_UNKNOWN_KEY',
          severity: 'error',
          message: `unknown key "${key}"${path.length ? ` in ${fmt(path)}` : ''}`,
          hint: guess ? `Did you mean "${guess}"?` : known.length ? `Allowed keys: ${known.join(', ')}.` : 'Remove it.',
          ...y.locateKey([...path, key]),
        });
      }
      continue;
    }
    const actual = getAt(value, path);
    if (actual === undefined && issue.code === 'invalid_type') {
      const key = path[path.length - 1];
      out.push({
        code: 'FLOE_CONFIG_MISSING_KEY',
        severity: 'error',
        message: `${fmt(path)} is required`,
        hint: `Add "${String(key)}:"${path.length > 1 ? ` under ${fmt(path.slice(0, -1))}` : ''}.`,
        ...y.locate(path.slice(0, -1)),
      });
      continue;
    }
    const code = codeFor(path) ?? 'FLOE_CONFIG_INVALID';
    out.push({
      code,
      severity: 'error',
      message: `${fmt(path) || 'the file'}: ${describe(issue, actual)}`,
      hint: hintFor(issue),
      ...y.locate(path),
    });
  }
  return out;
}

/** A union's issues hide in `errors`; report the branch that got furthest (the most specific path). */
function flatten(issues: readonly Issue[]): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.filter((b) => b.length > 0);
      // Prefer a branch whose issues are about nested content (the input had the right shape).
      const best = branches.find((b) => b.every((i) => i.code !== 'invalid_type' || i.path.length > 0));
      if (best) {
        out.push(...flatten(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue)));
        continue;
      }
    }
    out.push(issue);
  }
  return out;
}

function describe(issue: Issue, actual: unknown): string {
  switch (issue.code) {
    case 'invalid_value':
      return `${JSON.stringify(actual)} is not allowed; expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}, got ${kind(actual)}`;
    case 'invalid_format':
      return `${JSON.stringify(actual)} is not ${issue.message.startsWith('Invalid') ? `a valid ${issue.format}` : issue.message}`;
    case 'too_big':
    case 'too_small':
      return issue.message;
    case 'invalid_union':
      return `${JSON.stringify(actual)} has the wrong form`;
    default:
      return issue.message;
  }
}

function hintFor(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `Use ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}.`;
    case 'invalid_type':
      return `Write a ${issue.expected} here.`;
    case 'invalid_format':
      return issue.message.startsWith('Invalid') ? 'Fix the value.' : `Write ${issue.message}.`;
    default:
      return 'Fix the value; see PROJECT_FORMAT.md.';
  }
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v;
}

export function fmt(path: YamlPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

export function getAt(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

interface Def {
  type: string;
  innerType?: AnySchema;
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
  options?: AnySchema[];
  valueType?: AnySchema;
}

/** The object keys a schema allows at a path (for did-you-mean). */
export function keysAt(schema: AnySchema, path: YamlPath): string[] {
  let s: AnySchema | undefined = schema;
  for (let i = 0; i <= path.length && s; i++) {
    s = unwrap(s);
    if (!s) return [];
    if (i === path.length) break;
    const def = s._zod.def as unknown as Def;
    const seg = path[i]!;
    if (def.type === 'object' && def.shape) s = def.shape[String(seg)];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return [];
  }
  if (!s) return [];
  const def = s._zod.def as unknown as Def;
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unwrap(s: AnySchema): AnySchema | undefined {
  let cur: AnySchema | undefined = s;
  for (let i = 0; i < 8 && cur; i++) {
    const def = cur._zod.def as unknown as Def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') cur = def.innerType;
    else if (def.type === 'union') cur = def.options?.find((o) => ['object', 'array', 'record'].includes((o._zod.def as unknown as Def).type)) ?? cur;
    else return cur;
    if (def.type === 'union') return cur;
  }
  return cur;
}
