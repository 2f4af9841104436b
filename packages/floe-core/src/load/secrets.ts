import type { DiagnosticBag } from '../errors';
import { isCredentialKey } from './config-keys';
import type { ParsedYaml, YamlPath } from './yaml-file';

/** Refuses any credential-named key in floe.yaml, at any depth (PROJECT_FORMAT.md §2). */
export function checkNoSecretsInProject(value: unknown, y: ParsedYaml, bag: DiagnosticBag, file: string): void {
  const visit = (v: unknown, path: YamlPath, depth: number): void => {
    if (depth > 32 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...path, i], depth + 1));
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (isCredentialKey(k)) {
        bag.error(
          'FLOE_CONFIG_SECRET_IN_PROJECT',
          `"${k}" looks like a credential; credentials may not appear in ${file}`,
          y.locateKey([...path, k]),
          `Move it to platform.yaml as a reference, e.g. ${k}: { secret: NAME } under environments.<env>.compute.<name>.`,
        );
        continue;
      }
      visit(child, [...path, k], depth + 1);
    }
  };
  visit(value, [], 0);
}

/** A `{ env: NAME }` or `{ secret: NAME }` reference (env may carry a `default`). */
export function isReference(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (typeof o.secret === 'string') return keys.length === 1;
  if (typeof o.env === 'string') return keys.every((k) => k === 'env' || k === 'default');
  return false;
}

/**
 * platform.yaml: a credential-named key must hold a reference, never a
 * literal. Walks one compute entry; references are not walked into.
 */
export function checkPlatformSecrets(value: unknown, basePath: YamlPath, y: ParsedYaml, bag: DiagnosticBag): void {
  const visit = (v: unknown, path: YamlPath, depth: number): void => {
    if (depth > 32 || v === null || typeof v !== 'object' || isReference(v)) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...path, i], depth + 1));
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (isCredentialKey(k) && !isReference(child) && child !== null && typeof child !== 'object') {
        bag.error(
          'FLOE_CONFIG_SECRET_IN_PROJECT',
          `"${k}" holds a literal credential; platform.yaml may only reference credentials`,
          y.locate([...path, k]),
          `write { secret: NAME } (or { env: NAME }) and set NAME in the environment or your secrets store.`,
        );
        continue;
      }
      visit(child, [...path, k], depth + 1);
    }
  };
  visit(value, basePath, 0);
}
