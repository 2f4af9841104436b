import type { ConfigTree } from '../project/types';

/** Config keys whose values accumulate across levels instead of being replaced (dbt semantics). */
const ADDITIVE_LISTS = new Set(['tags']);
const MERGED_MAPS = new Set(['meta', 'docs', 'persist_docs']);

/** Folder config for a resource: walk the tree along its folders (and name); deeper levels win. */
export function folderConfig(tree: ConfigTree, path: readonly string[]): Record<string, unknown> {
  let out = { ...tree.config };
  let node: ConfigTree | undefined = tree;
  for (const folder of path) {
    node = node?.children[folder];
    if (!node) break;
    out = mergeConfig(out, node.config);
  }
  return out;
}

/** Merges `over` onto `base`: scalars replace, tags accumulate, meta-like maps merge. */
export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    if (ADDITIVE_LISTS.has(key)) {
      const prev = toList(out[key]);
      const next = toList(value);
      out[key] = [...new Set([...prev, ...next])];
    } else if (MERGED_MAPS.has(key) && isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = { ...(out[key] as Record<string, unknown>), ...value };
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}
