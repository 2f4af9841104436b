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

/**
 * folderConfig with the walk over a resource's folders done once per folder:
 * on a 10,000-model project most resources share a few dozen folders. The
 * result is shared between callers, who must not mutate it (mergeConfig copies).
 */
export class FolderConfigs {
  private readonly byFolder = new Map<string, { config: Record<string, unknown>; node: ConfigTree | undefined }>();

  constructor(private readonly tree: ConfigTree) {}

  /** Same value as folderConfig(tree, path). */
  get(path: readonly string[]): Record<string, unknown> {
    if (path.length === 0) return this.folder(path, 0).config;
    const last = path.length - 1;
    const folder = this.folder(path, last);
    const node = folder.node?.children[path[last]!];
    return node ? mergeConfig(folder.config, node.config) : folder.config;
  }

  /** folderConfig of path[0..n) and the tree node reached there (undefined once the walk left the tree). */
  private folder(path: readonly string[], n: number): { config: Record<string, unknown>; node: ConfigTree | undefined } {
    const key = n === 0 ? '' : path.slice(0, n).join('\0');
    let hit = this.byFolder.get(key);
    if (hit) return hit;
    if (n === 0) hit = { config: { ...this.tree.config }, node: this.tree };
    else {
      const parent = this.folder(path, n - 1);
      const node = parent.node?.children[path[n - 1]!];
      hit = node ? { config: mergeConfig(parent.config, node.config), node } : { config: parent.config, node: undefined };
    }
    this.byFolder.set(key, hit);
    return hit;
  }
}

/** Merges `over` onto `base`: scalars replace, tags accumulate, meta-like maps merge. */
export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(over)) {
    const value = over[key];
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
