import { createHash } from 'node:crypto';
import { FloeError } from '../errors';
import { ARTIFACTS_VERSION, CompiledArtifactsSchema, type CompiledArtifacts } from './schema';

/** JSON with object keys sorted at every depth, so equal input gives equal bytes. */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
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
