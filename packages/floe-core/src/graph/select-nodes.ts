import type { DependencyGraph } from './dependency-graph';
import { matchCriterion, type SelectionState } from './selector-methods';
import { parseSelector, type SelectorCriterion, type SelectorExpr } from './selector-syntax';
import type { GraphResourceType } from './types';

/** How tests attached to selected models are included (dbt `--indirect-selection`). */
export type IndirectSelection = 'eager' | 'cautious' | 'empty';

/** Options of {@link selectNodes}: dbt selector syntax, exclusions, resource types and state. */
export interface SelectOptions {
  /** One entry per CLI argument, unioned; each may itself hold spaces (union) and commas (intersection). Empty or absent: every node. */
  select?: readonly (string | SelectorExpr)[];
  exclude?: readonly (string | SelectorExpr)[];
  /** Previous artifacts' nodes, for `state:` selectors. */
  state?: SelectionState;
  /**
   * How tests follow the nodes they test (dbt's `--indirect-selection`):
   * `eager` (default) picks a test when any of its parents is selected,
   * `cautious` only when all of them are, `empty` never.
   * `--exclude` expands the same way before it is subtracted.
   */
  indirectSelection?: IndirectSelection;
  /** Keep only these kinds at the end (e.g. `floe run` keeps models). */
  resourceTypes?: readonly GraphResourceType[];
}

/**
 * Node sets are byte masks indexed like the graph (1 = in the set): with at
 * most tens of thousands of nodes, set algebra is a few linear passes.
 * `direct` is the selection; `indirect` also holds tests that `cautious`
 * keeps back until all their parents are selected.
 */
interface Bundle {
  direct: Uint8Array;
  indirect: Uint8Array;
}

/** Nodes selected by {@link resolveSelection}, with the reason each was included. */
export interface SelectionResult {
  /** Selected node ids in topological order (id order if the graph has a cycle). */
  ids: string[];
  /**
   * `--select` terms (space-separated words, as written) that selected
   * nothing, before `exclude` and `resourceTypes`: the CLI warns about each,
   * like dbt's "does not match any enabled nodes".
   */
  unmatched: string[];
}

/**
 * Resolves `--select`/`--exclude` the way dbt does. A selector that matches
 * nothing is not an error: it is listed in `unmatched`. Throws
 * FLOE_SELECTOR_INVALID for bad syntax and FLOE_STATE_INVALID for `state:`
 * without `state`.
 */
export function resolveSelection(graph: DependencyGraph, options: SelectOptions = {}): SelectionResult {
  const mode = options.indirectSelection ?? 'eager';
  const ctx: Ctx = { graph, mode, state: options.state, unmatched: [] };
  const select = (options.select ?? []).map(toExpr);
  const exclude = (options.exclude ?? []).map(toExpr);

  let result: Bundle;
  if (select.length === 0) {
    const all = new Uint8Array(graph.size).fill(1);
    result = { direct: all, indirect: all };
  } else {
    result = combine(ctx, select.map((e) => selectExpr(ctx, e, true)), 'union');
  }
  if (exclude.length > 0) {
    const ex = combine(ctx, exclude.map((e) => selectExpr(ctx, e, false)), 'union');
    result = combine(ctx, [result, ex], 'difference');
  }

  const keep = options.resourceTypes ? new Set<string>(options.resourceTypes) : undefined;
  const rank = graph.rank();
  const picked: number[] = [];
  for (let i = 0; i < graph.size; i++) {
    if (result.direct[i] && (!keep || keep.has(graph.nodeAt(i).resourceType))) picked.push(i);
  }
  return { ids: picked.sort((a, b) => rank[a]! - rank[b]!).map((i) => graph.idAt(i)), unmatched: ctx.unmatched };
}

/** `resolveSelection(...).ids`: the selected node ids in topological order. */
export function selectNodes(graph: DependencyGraph, options: SelectOptions = {}): string[] {
  return resolveSelection(graph, options).ids;
}

interface Ctx {
  graph: DependencyGraph;
  mode: IndirectSelection;
  state: SelectionState | undefined;
  unmatched: string[];
}

function toExpr(e: string | SelectorExpr): SelectorExpr {
  return typeof e === 'string' ? parseSelector(e) : e;
}

function selectExpr(ctx: Ctx, expr: SelectorExpr, expectMatches: boolean): Bundle {
  const parts = expr.union.map((inter) => {
    const b = combine(ctx, inter.criteria.map((c) => selectCriterion(ctx, c)), 'intersection');
    if (expectMatches && !b.direct.includes(1)) ctx.unmatched.push(inter.raw);
    return b;
  });
  return combine(ctx, parts, 'union');
}

/** One term: the method's matches, plus `+`/`@` relatives, plus tests that follow them. */
function selectCriterion(ctx: Ctx, c: SelectorCriterion): Bundle {
  const { graph } = ctx;
  const collected = matchCriterion(graph, c, ctx.state);
  const selected = collected.slice();
  if (c.childrensParents) {
    const base = graph.reachMask(collected, false);
    orInto(base, collected);
    orInto(selected, base);
    orInto(selected, graph.reachMask(base, true));
  }
  if (c.parents) orInto(selected, graph.reachMask(collected, true, c.parentsDepth));
  if (c.children) orInto(selected, graph.reachMask(collected, false, c.childrenDepth));
  if (ctx.mode === 'empty') return { direct: selected, indirect: selected };
  return expandTests(ctx, selected);
}

/** dbt's expand_selection: tests that are direct children of the selection. */
function expandTests(ctx: Ctx, selected: Uint8Array): Bundle {
  const { graph } = ctx;
  const { off, edges } = graph.adjacency(false);
  const direct = selected.slice();
  const indirect = selected.slice();
  for (let i = 0; i < selected.length; i++) {
    if (!selected[i]) continue;
    for (let k = off[i]!; k < off[i + 1]!; k++) {
      const t = edges[k]!;
      if (direct[t] || graph.nodeAt(t).resourceType !== 'test') continue;
      indirect[t] = 1;
      if (ctx.mode === 'eager' || allParentsIn(graph, t, selected)) direct[t] = 1;
    }
  }
  return { direct, indirect };
}

/**
 * dbt's set combination: direct sets combine directly, the `indirect` side
 * (which always includes `direct`) combines on its own, and cautious mode
 * then admits held-back tests whose parents all made it into the result.
 */
function combine(ctx: Ctx, parts: Bundle[], op: 'union' | 'intersection' | 'difference'): Bundle {
  if (parts.length === 1) return parts[0]!;
  const direct = setOp(
    parts.map((p) => p.direct),
    op,
  );
  const indirect = setOp(
    parts.map((p) => p.indirect),
    op,
  );
  if (ctx.mode === 'cautious') {
    for (let t = 0; t < indirect.length; t++) {
      if (indirect[t] && !direct[t] && allParentsIn(ctx.graph, t, direct)) direct[t] = 1;
    }
  }
  return { direct, indirect };
}

function setOp(sets: Uint8Array[], op: 'union' | 'intersection' | 'difference'): Uint8Array {
  const out = sets[0]!.slice();
  for (let k = 1; k < sets.length; k++) {
    const s = sets[k]!;
    if (op === 'union') orInto(out, s);
    else if (op === 'intersection') for (let i = 0; i < out.length; i++) out[i]! &= s[i]!;
    else for (let i = 0; i < out.length; i++) if (s[i]) out[i] = 0;
  }
  return out;
}

function allParentsIn(graph: DependencyGraph, i: number, set: Uint8Array): boolean {
  const { off, edges } = graph.adjacency(true);
  for (let k = off[i]!; k < off[i + 1]!; k++) if (!set[edges[k]!]) return false;
  return true;
}

function orInto(into: Uint8Array, from: Uint8Array): void {
  for (let i = 0; i < into.length; i++) into[i]! |= from[i]!;
}
