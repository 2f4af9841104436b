import { FloeError } from '../errors';
import type { DependencyGraph } from './dependency-graph';
import { fnmatch, hasWildcard, pathGlobMatch } from './glob';
import type { SelectorCriterion } from './selector-syntax';
import type { GraphNode } from './types';

/** Previous artifacts' nodes, for `state:` selectors. */
export interface SelectionState {
  nodes: Record<string, { checksum: string; config?: Record<string, unknown> }>;
}

/**
 * The nodes a criterion's method matches, before graph operators, by index.
 * Which node kinds each method looks at follows dbt: `fqn` (and bare names,
 * and `*`) never match sources; `test_name`/`test_type` only match tests.
 */
export function matchCriterion(graph: DependencyGraph, c: SelectorCriterion, state: SelectionState | undefined): Uint8Array {
  const test = predicate(c, state);
  const out = new Uint8Array(graph.size);
  for (let i = 0; i < graph.size; i++) if (test(graph.nodeAt(i))) out[i] = 1;
  return out;
}

type Predicate = (n: GraphNode) => boolean;

function predicate(c: SelectorCriterion, state: SelectionState | undefined): Predicate {
  const v = c.value;
  switch (c.method) {
    case 'fqn':
      return fqnPredicate(v);
    case 'tag':
      return (n) => n.tags.some((t) => fnmatch(t, v));
    case 'source':
      return sourcePredicate(v);
    case 'path':
      return pathPredicate(v);
    case 'file':
      return (n) => {
        const base = n.path.slice(n.path.lastIndexOf('/') + 1);
        const dot = base.lastIndexOf('.');
        return fnmatch(base, v) || (dot > 0 && fnmatch(base.slice(0, dot), v));
      };
    case 'package':
      return (n) => fnmatch(n.packageName, v);
    case 'config':
      return configPredicate(c.methodArgs, v);
    case 'test_name':
      return (n) => n.resourceType === 'test' && n.testMeta?.kind === 'generic' && n.testMeta.testName !== undefined && fnmatch(n.testMeta.testName, v);
    case 'test_type': {
      const kind = v === 'generic' || v === 'schema' ? 'generic' : 'singular';
      return (n) => n.resourceType === 'test' && n.testMeta?.kind === kind;
    }
    case 'resource_type':
      return (n) => n.resourceType === v;
    case 'state':
      return statePredicate(v, state);
  }
}

/**
 * dbt's fqn match, tried on the fqn with and without its package: the leaf
 * name equals (or, for a bare glob, matches) the selector, or the selector's dot-separated parts are a
 * prefix of the fqn; from the first part with a wildcard on, the rest of
 * both is matched as one glob.
 */
function fqnPredicate(selector: string): Predicate {
  const parts = selector.split('.');
  const wild = parts.findIndex(hasWildcard);
  const globTail = wild < 0 ? '' : parts.slice(wild).join('.');
  const matchFrom = (flat: readonly string[], from: number): boolean => {
    if (flat.length - from < parts.length) return false;
    const fixed = wild < 0 ? parts.length : wild;
    for (let i = 0; i < fixed; i++) if (flat[from + i] !== parts[i]) return false;
    return wild < 0 || fnmatch(flat.slice(from + wild).join('.'), globTail);
  };
  // A bare glob with no dot (`stg_*`) also matches the leaf name, as dbt Fusion does;
  // dbt-core 1.x only matches it against top-level nodes (dbt-core PR #16348).
  const leafGlob = parts.length === 1 && wild === 0;
  return (n) => {
    if (n.resourceType === 'source' || n.fqn.length === 0) return false;
    const leaf = n.fqn[n.fqn.length - 1]!;
    if (leaf === selector || (leafGlob && fnmatch(leaf, selector))) return true;
    // dots inside fqn parts act as separators too (dbt flattens them)
    const flat = n.fqn.some((s) => s.includes('.')) ? n.fqn.flatMap((s) => s.split('.')) : n.fqn;
    const unscopedFrom = n.fqn[0]!.split('.').length;
    return matchFrom(flat, 0) || (n.fqn.length > 1 && matchFrom(flat, unscopedFrom));
  };
}

function sourcePredicate(value: string): Predicate {
  const parts = value.split('.');
  const [pkg, src, table] = parts.length === 3 ? parts : parts.length === 2 ? ['*', ...parts] : ['*', parts[0]!, '*'];
  return (n) =>
    n.resourceType === 'source' && fnmatch(n.packageName, pkg!) && fnmatch(n.sourceName ?? '', src!) && fnmatch(n.name, table!);
}

/** Like dbt's `path:`: the glob names the node's file or any folder above it. */
function pathPredicate(value: string): Predicate {
  let pattern = value.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (pattern === '' || pattern === '.') pattern = '**';
  return (n) => {
    const p = n.path;
    if (pathGlobMatch(p, pattern)) return true;
    for (let k = p.lastIndexOf('/'); k > 0; k = p.lastIndexOf('/', k - 1)) {
      if (pathGlobMatch(p.slice(0, k), pattern)) return true;
    }
    return false;
  };
}

/**
 * dbt's `config.KEY:VALUE`: exact string match (case-insensitive for
 * `severity`), `true`/`false` for booleans, membership for lists. Numbers
 * also match their decimal text (dbt would never match them).
 */
function configPredicate(keys: readonly string[], value: string): Predicate {
  const lower = value.toLowerCase();
  const caseInsensitive = keys.length === 1 && keys[0] === 'severity';
  const same = (x: unknown): boolean => {
    if (typeof x === 'string') return caseInsensitive ? x.toLowerCase() === lower : x === value;
    if (typeof x === 'boolean') return lower === String(x);
    if (typeof x === 'number') return String(x) === value;
    return false;
  };
  return (n) => {
    let cur: unknown = n.config;
    for (const k of keys) {
      if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return false;
      cur = (cur as Record<string, unknown>)[k];
    }
    return Array.isArray(cur) ? cur.some(same) : same(cur);
  };
}

function statePredicate(value: string, state: SelectionState | undefined): Predicate {
  if (!state) {
    throw new FloeError('FLOE_STATE_INVALID', `state:${value} needs --state`, {
      hint: 'Pass --state DIR pointing at the compiled artifacts of the run to compare with.',
    });
  }
  const prev = (n: GraphNode) => (Object.prototype.hasOwnProperty.call(state.nodes, n.id) ? state.nodes[n.id] : undefined);
  // A node without a checksum (e.g. a source the compiler does not hash) is compared by config only.
  const bodyChanged = (n: GraphNode, p: { checksum: string }) => n.checksum !== undefined && n.checksum !== p.checksum;
  const configChanged = (n: GraphNode, p: { config?: Record<string, unknown> }, strict: boolean): boolean => {
    if (p.config === undefined) {
      if (!strict) return false;
      throw new FloeError('FLOE_STATE_INVALID', `state:modified.configs needs node configs in the --state artifacts (missing for ${n.id})`, {
        hint: 'Compare against artifacts written by a Floe version that records node configs.',
      });
    }
    return !sameValue(n.config, p.config);
  };
  switch (value) {
    case 'new':
      return (n) => prev(n) === undefined;
    case 'old':
      return (n) => prev(n) !== undefined;
    case 'modified.body':
      return (n) => {
        const p = prev(n);
        return p === undefined || bodyChanged(n, p);
      };
    case 'modified.configs':
      return (n) => {
        const p = prev(n);
        return p === undefined || configChanged(n, p, true);
      };
    case 'unmodified':
      return (n) => {
        const p = prev(n);
        return p !== undefined && !bodyChanged(n, p) && !configChanged(n, p, false);
      };
    default: // 'modified': new, or changed body or config
      return (n) => {
        const p = prev(n);
        return p === undefined || bodyChanged(n, p) || configChanged(n, p, false);
      };
  }
}

/** Structural equality of JSON-like values; object key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameValue(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
