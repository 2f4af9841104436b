import { FloeError } from '../errors';
import type { CompiledNode } from '../artifacts/schema';
import { ON_SCHEMA_CHANGE, type OnSchemaChange } from './capabilities';

// Readers for the model config keys every batch target interprets the same way,
// so each target (built-in or third-party) does not keep its own copy.

/** `unique_key` as a list of column names (a comma-separated string or a list in the project). */
export function uniqueKey(node: Pick<CompiledNode, 'config'>): string[] {
  const k = node.config['unique_key'];
  if (typeof k === 'string' && k.trim()) return k.split(',').map((x) => x.trim()).filter(Boolean);
  if (Array.isArray(k)) return k.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return [];
}

/** `on_schema_change` of an incremental model (default `ignore`); an unknown value is FLOE_CONFIG_INVALID. */
export function onSchemaChange(node: Pick<CompiledNode, 'config' | 'name'>): OnSchemaChange {
  const v = node.config['on_schema_change'] ?? 'ignore';
  if (typeof v === 'string' && (ON_SCHEMA_CHANGE as readonly string[]).includes(v)) return v as OnSchemaChange;
  throw new FloeError('FLOE_CONFIG_INVALID', `${node.name}: on_schema_change must be one of ${ON_SCHEMA_CHANGE.join(', ')}`);
}

/** A non-empty string config value, or undefined. */
export function stringConfig(node: Pick<CompiledNode, 'config'>, key: string): string | undefined {
  const v = node.config[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
