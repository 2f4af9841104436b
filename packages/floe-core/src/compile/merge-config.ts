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
 * Folders are cached as a tree of their names, so a lookup allocates nothing.
 */
export class FolderConfigs {
  private readonly root: CachedFolder;

  constructor(tree: ConfigTree) {
    this.root = { config: { ...tree.config }, node: tree, sub: new Map() };
  }

  /** Same value as folderConfig(tree, path). */
  get(path: readonly string[]): Record<string, unknown> {
    if (path.length === 0) return this.root.config;
    let folder = this.root;
    const last = path.length - 1;
    for (let i = 0; i < last; i++) folder = child(folder, path[i]!);
    const node = folder.node?.children[path[last]!];
    return node ? mergeConfig(folder.config, node.config) : folder.config;
  }
}

/** A folder's merged config and the config tree node reached there (undefined once the walk left the tree). */
interface CachedFolder {
  config: Record<string, unknown>;
  node: ConfigTree | undefined;
  sub: Map<string, CachedFolder>;
}

function child(parent: CachedFolder, name: string): CachedFolder {
  let hit = parent.sub.get(name);
  if (!hit) {
    const node = parent.node?.children[name];
    hit = { config: node ? mergeConfig(parent.config, node.config) : parent.config, node, sub: new Map() };
    parent.sub.set(name, hit);
  }
  return hit;
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
