import type { CompiledNode } from '@floe/core';

export function stringConfig(node: CompiledNode, key: string): string | undefined {
  const v = node.config[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function uniqueKey(node: CompiledNode): string[] {
  const v = node.config['unique_key'];
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** TRANSIENT (no fail-safe storage) unless the model or the target config says otherwise. */
export function isTransient(node: Pick<CompiledNode, 'config'>, targetDefault: boolean): boolean {
  const v = node.config['transient'];
  return typeof v === 'boolean' ? v : targetDefault;
}
