import type { z } from 'zod';
import { lazySchema, zodLib } from '../util/lazy-schema';

/**
 * Building blocks for target config schemas. A credential is never a literal
 * in a project file: it is a reference resolved only when a connection opens.
 * The schemas are built on first use (see util/lazy-schema).
 */
export const EnvRefSchema = lazySchema((z) => z.object({ env: z.string().min(1) }).strict());
/** zod schema of `{ secret: NAME }`. */
export const SecretRefOnlySchema = lazySchema((z) => z.object({ secret: z.string().min(1) }).strict());
/** zod schema of a secret reference, `{ env: NAME }` or `{ secret: NAME }`. */
export const SecretRefSchema = lazySchema((z) => z.union([EnvRefSchema, SecretRefOnlySchema]));

/** A plain value, or an `{ env: NAME }` reference (for non-secret settings such as account names). */
export function valueOrEnv<T extends z.ZodType>(schema: T) {
  return zodLib().union([schema, EnvRefSchema]);
}

/** A credential: only a reference is accepted. */
export const credentialSchema = SecretRefSchema;

/** True for `{ env: NAME }` or `{ secret: NAME }`. */
export function isSecretRef(value: unknown): value is { env: string } | { secret: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'env' || keys[0] === 'secret') && typeof (value as Record<string, unknown>)[keys[0]!] === 'string';
}
