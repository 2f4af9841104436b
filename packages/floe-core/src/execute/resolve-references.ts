import { FloeError } from '../errors';
import type { SecretRef } from '../plugin/connection';

/** Looks up the value of `{ env: X }` / `{ secret: X }`; undefined when unset. */
export type SecretResolver = (ref: SecretRef) => string | undefined;

/** Default resolver: both reference kinds read process.env. */
export const envSecretResolver: SecretResolver = (ref) => process.env['env' in ref ? ref.env : ref.secret];

/** True for `{ env: NAME }` or `{ secret: NAME }`. */
export function isSecretRef(value: unknown): value is SecretRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const v = (value as Record<string, unknown>)[keys[0] as string];
  return (keys[0] === 'env' || keys[0] === 'secret') && typeof v === 'string';
}

export function describeRef(ref: SecretRef): string {
  return 'env' in ref ? `{ env: ${ref.env} }` : `{ secret: ${ref.secret} }`;
}

/** Resolves one reference or throws FLOE_SECRET_MISSING naming the reference (never a value). */
export function resolveRef(ref: SecretRef, resolver: SecretResolver, where: string): string {
  const value = resolver(ref);
  if (value === undefined || value === '') {
    throw new FloeError('FLOE_SECRET_MISSING', `${where}: ${describeRef(ref)} has no value`, {
      hint: `Set the environment variable ${'env' in ref ? ref.env : ref.secret} before running.`,
    });
  }
  return value;
}

/**
 * Replaces every reference in a compute config with its value. Called only at
 * connect time; the resolved object is handed to the target and never logged.
 */
export function resolveReferences(value: unknown, resolver: SecretResolver, where: string): unknown {
  if (isSecretRef(value)) return resolveRef(value, resolver, where);
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, resolver, where));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveReferences(v, resolver, `${where}.${k}`);
    return out;
  }
  return value;
}
