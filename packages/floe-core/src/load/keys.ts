import type { DiagnosticBag } from '../errors';
import { didYouMean } from '../util/did-you-mean';
import type { ParsedYaml, YamlPath } from './yaml-file';

/** dbt property keys per entity (docs.getdbt.com reference), plus Floe's additions. */
export const MODEL_KEYS = ['name', 'description', 'docs', 'config', 'constraints', 'tests', 'data_tests', 'columns', 'versions', 'latest_version', 'deprecation_date', 'access', 'group', 'meta', 'tags', 'time_spine'];
export const SEED_KEYS = ['name', 'description', 'docs', 'config', 'tests', 'data_tests', 'columns', 'meta', 'tags', 'group'];
export const SNAPSHOT_KEYS = ['name', 'description', 'docs', 'config', 'tests', 'data_tests', 'columns', 'meta', 'tags', 'group', 'relation'];
export const COLUMN_KEYS = ['name', 'description', 'meta', 'quote', 'tests', 'data_tests', 'tags', 'data_type', 'type', 'constraints', 'config', 'granularity', 'policy_tags', 'dimension', 'entity', 'include', 'exclude'];
export const SOURCE_KEYS = ['name', 'description', 'database', 'schema', 'loader', 'loaded_at_field', 'loaded_at_query', 'meta', 'tags', 'config', 'overrides', 'freshness', 'quoting', 'tables', 'compute'];
export const SOURCE_TABLE_KEYS = ['name', 'description', 'identifier', 'loaded_at_field', 'loaded_at_query', 'meta', 'tags', 'config', 'freshness', 'quoting', 'external', 'columns', 'tests', 'data_tests', 'stream', 'docs'];
export const VERSION_KEYS = ['v', 'defined_in', 'description', 'docs', 'access', 'constraints', 'config', 'tests', 'data_tests', 'columns', 'deprecation_date', 'meta', 'tags', 'group'];

/**
 * Reports keys of `obj` not in `allowed`, at the key's position, with did-you-mean.
 * Runs for every entry and column of every property file: the common case (no unknown
 * key) is one for-in pass, and a `what` given as a function is built only for an error.
 */
export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: YamlPath, y: ParsedYaml, bag: DiagnosticBag, what: string | (() => string)): void {
  if (!hasUnknownKey(obj, allowed)) return;
  const whatText = typeof what === 'string' ? what : what();
  for (const k of Object.keys(obj)) {
    if (allowed.includes(k)) continue;
    const guess = didYouMean(k, allowed);
    bag.error('FLOE_CONFIG_UNKNOWN_KEY', `unknown key "${k}" in ${whatText}`, y.locateKey([...path, k]), guess ? `Did you mean "${guess}"?` : `Allowed keys: ${allowed.join(', ')}.`);
  }
}

function hasUnknownKey(obj: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const k in obj) if (!allowed.includes(k)) return true;
  return false;
}
