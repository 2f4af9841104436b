import type { PipesContextData } from './protocol';

/**
 * What the generated code location passes under `extras.floe`: the node ids
 * it selected, mapped to the asset keys and check names it declared, so the
 * CLI reports exactly those names (prefixes and translator overrides included).
 */
export interface FloePipesExtras {
  artifactsVersion: string | undefined;
  environment: string | undefined;
  /** Node id -> escaped asset key. */
  assetKeys: Record<string, string>;
  /** Test node id -> where its result goes. */
  checks: Record<string, { assetKey: string; checkName: string }>;
}

export function readFloeExtras(context: PipesContextData): FloePipesExtras | undefined {
  const raw = context.extras?.floe;
  if (raw === null || typeof raw !== 'object') return undefined;
  const floe = raw as Record<string, unknown>;
  const assetKeys: Record<string, string> = {};
  for (const [id, key] of Object.entries((floe.asset_keys as Record<string, unknown> | undefined) ?? {})) {
    if (typeof key === 'string') assetKeys[id] = key;
  }
  const checks: FloePipesExtras['checks'] = {};
  for (const [id, value] of Object.entries((floe.checks as Record<string, unknown> | undefined) ?? {})) {
    const v = value as { asset_key?: unknown; check_name?: unknown } | null;
    if (v && typeof v.asset_key === 'string' && typeof v.check_name === 'string') {
      checks[id] = { assetKey: v.asset_key, checkName: v.check_name };
    }
  }
  return {
    artifactsVersion: typeof floe.artifacts_version === 'string' ? floe.artifacts_version : undefined,
    environment: typeof floe.environment === 'string' ? floe.environment : undefined,
    assetKeys,
    checks,
  };
}
