import type { DiagnosticBag } from '../errors';
import type { ConfigTree } from '../project/types';
import { didYouMean } from '../util/did-you-mean';
import { KNOWN_CONFIG_KEYS, MATERIALIZATIONS } from './config-keys';
import type { ParsedYaml, YamlPath } from './yaml-file';

export function emptyTree(): ConfigTree {
  return { config: {}, children: {} };
}

export function isPlainMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Reports an unknown `materialized` value at the value's position. */
export function checkMaterialized(value: unknown, path: YamlPath, y: ParsedYaml, bag: DiagnosticBag): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !(MATERIALIZATIONS as readonly string[]).includes(value)) {
    const guess = typeof value === 'string' ? didYouMean(value, MATERIALIZATIONS) : undefined;
    bag.error(
      'FLOE_MATERIALIZATION_UNKNOWN',
      `unknown materialization ${JSON.stringify(value)}`,
      y.locate(path),
      guess ? `Did you mean "${guess}"? Valid: ${MATERIALIZATIONS.join(', ')}.` : `Use one of: ${MATERIALIZATIONS.join(', ')}.`,
    );
  }
}

/**
 * Turns a folder config block into a ConfigTree. A key is config when it has
 * a `+` prefix or is a known config name; otherwise it names a folder and its
 * value must be a mapping.
 */
export function buildConfigTree(value: unknown, path: YamlPath, y: ParsedYaml, bag: DiagnosticBag, depth = 0): ConfigTree {
  const tree = emptyTree();
  if (value === null || value === undefined) return tree;
  if (!isPlainMap(value)) {
    bag.error('FLOE_CONFIG_INVALID', 'a folder config block must be a mapping', y.locate(path), 'Write config keys and folder names as a mapping.');
    return tree;
  }
  for (const [key, v] of Object.entries(value)) {
    const plus = key.startsWith('+');
    const name = plus ? key.slice(1) : key;
    if (plus || KNOWN_CONFIG_KEYS.has(key)) {
      if (name === 'materialized') checkMaterialized(v, [...path, key], y, bag);
      tree.config[name] = v;
    } else if (isPlainMap(v) || v === null) {
      if (depth < 64) tree.children[key] = buildConfigTree(v, [...path, key], y, bag, depth + 1);
    } else {
      const guess = didYouMean(key, KNOWN_CONFIG_KEYS);
      bag.error(
        'FLOE_CONFIG_UNKNOWN_KEY',
        `unknown config key "${key}" (a folder name would need a mapping as its value)`,
        y.locateKey([...path, key]),
        guess ? `Did you mean "${guess}"?` : `Write "+${key}" if it is an adapter-specific config, or nest it as a folder.`,
      );
    }
  }
  return tree;
}

/** Merges b over a (configs by key, children recursively). */
export function mergeTrees(a: ConfigTree, b: ConfigTree): ConfigTree {
  const out: ConfigTree = { config: { ...a.config, ...b.config }, children: { ...a.children } };
  for (const [k, v] of Object.entries(b.children)) out.children[k] = out.children[k] ? mergeTrees(out.children[k]!, v) : v;
  return out;
}
