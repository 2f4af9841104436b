import * as crypto from 'node:crypto';
import { FloeError } from '../errors';
import { ARTIFACTS_VERSION, CompiledArtifactsSchema, type CompiledArtifacts } from './schema';

/** JSON with object keys sorted at every depth, so equal input gives equal bytes. */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

/**
 * A value whose objects have their keys in sorted order at every depth, with
 * undefined object values dropped, bigints as strings, and objects that have
 * `toJSON` (Dates, class instances) reduced to their own enumerable keys.
 * Subtrees that already have that shape are returned as they are, not copied:
 * artifacts are built sorted, so serialising them allocates almost nothing
 * (copying every object of a 10,000-model project was a large share of compile
 * time, mostly in the garbage collector).
 */
export function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const s = sortKeys(v);
      if (s !== v && !out) out = value.slice(0, i);
      if (out) out.push(s);
    }
    // An array with its own toJSON would be called by JSON.stringify; the copy is not.
    if (!out && typeof (value as { toJSON?: unknown }).toJSON === 'function') out = value.slice();
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let sorted = typeof obj.toJSON !== 'function';
  for (let i = 1; sorted && i < keys.length; i++) if (keys[i - 1]! > keys[i]!) sorted = false;
  if (sorted) {
    // Reuse the object until a child changes or a value is undefined; then
    // copy the keys seen so far (unchanged) and continue into the copy.
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const v = obj[key];
      const s = v === undefined ? undefined : sortKeys(v);
      if (!out && (s !== v || v === undefined)) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]!] = obj[keys[j]!];
      }
      if (out && s !== undefined) out[key] = s;
    }
    return out ?? obj;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    const v = obj[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

export function sha256(text: string | Uint8Array): string {
  return hexDigest('sha256', text);
}

/** Node >= 20.12 has a one-shot crypto.hash, several times cheaper than a Hash object per short string. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/** Hex digest: crypto.hash when there is one, else createHash (same digest). */
export function hexDigest(algorithm: 'md5' | 'sha256', data: string | Uint8Array): string {
  return oneShot ? oneShot(algorithm, data, 'hex') : crypto.createHash(algorithm).update(data).digest('hex');
}

/** Serializes artifacts deterministically (sorted keys), so two compiles of the same input are byte-identical. */
export function serializeArtifacts(artifacts: CompiledArtifacts): string {
  return stableStringify(artifacts) + '\n';
}

/**
 * Reads and validates an artifacts document. Unknown majors are refused with
 * FLOE_ARTIFACTS_INCOMPATIBLE; an older or newer minor of the same major is read.
 */
export function parseArtifacts(text: string, source = 'compiled_artifacts.json'): CompiledArtifacts {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new FloeError('FLOE_ARTIFACTS_INCOMPATIBLE', `${source} is not valid JSON`, { cause });
  }
  const version = (raw as { artifactsVersion?: unknown } | null)?.artifactsVersion;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new FloeError('FLOE_ARTIFACTS_INCOMPATIBLE', `${source} has no valid artifactsVersion`, {
      hint: 'Re-create it with `floe compile`.',
    });
  }
  if (!isCompatibleArtifactsVersion(version)) {
    throw new FloeError(
      'FLOE_ARTIFACTS_INCOMPATIBLE',
      `${source} has artifactsVersion ${version}; this Floe reads ${ARTIFACTS_VERSION.split('.')[0]}.x`,
      { hint: 'Compile the project with the same major version of Floe that reads it.' },
    );
  }
  const parsed = CompiledArtifactsSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new FloeError(
      'FLOE_ARTIFACTS_INCOMPATIBLE',
      `${source} does not match the artifacts schema: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}

/** True when this Floe reads artifacts of that version (same major). */
export function isCompatibleArtifactsVersion(version: string): boolean {
  return version.split('.')[0] === ARTIFACTS_VERSION.split('.')[0];
}
