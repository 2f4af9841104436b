import type { DependencyGraph } from './dependency-graph';
import { matchCriterion, type SelectionState } from './selector-methods';
import { parseSelector, type SelectorCriterion, type SelectorExpr } from './selector-syntax';
import type { GraphResourceType } from './types';

export type IndirectSelection = 'eager' | 'cautious' | 'empty';

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

/** Directly selected nodes, and tests held back by `cautious` until all their parents are in. */
interface Bundle {
  direct: Set<number>;
  indirect: Set<number>;
}

/**
 * Resolves `--select`/`--exclude` the way dbt does and returns node ids in
 * topological order (id order if the graph has a cycle). A selector that
 * matches nothing is not an error: callers warn. Throws FLOE_SELECTOR_INVALID
 * for bad syntax and FLOE_STATE_INVALID for `state:` without `state`.
 */
export function selectNodes(graph: DependencyGraph, options: SelectOptions = {}): string[] {
  const mode = options.indirectSelection ?? 'eager';
  const ctx: Ctx = { graph, mode, state: options.state };
  const select = (options.select ?? []).map(toExpr);
  const exclude = (options.exclude ?? []).map(toExpr);

  let result: Bundle;
  if (select.length === 0) {
    const all = new Set<number>();
    for (let i = 0; i < graph.size; i++) all.add(i);
    result = { direct: all, indirect: new Set() };
  } else {
    result = combine(ctx, select.map((e) => selectExpr(ctx, e)), 'union');
  }
  if (exclude.length > 0) {
    const ex = combine(ctx, exclude.map((e) => selectExpr(ctx, e)), 'union');
    result = combine(ctx, [result, ex], 'difference');
  }

  const keep = options.resourceTypes ? new Set<string>(options.resourceTypes) : undefined;
  const rank = graph.rank();
  return [...result.direct]
    .filter((i) => !keep || keep.has(graph.nodeAt(i).resourceType))
    .sort((a, b) => rank[a]! - rank[b]!)
    .map((i) => graph.idAt(i));
}

interface Ctx {
  graph: DependencyGraph;
  mode: IndirectSelection;
  state: SelectionState | undefined;
}

function toExpr(e: string | SelectorExpr): SelectorExpr {
  return typeof e === 'string' ? parseSelector(e) : e;
}

function selectExpr(ctx: Ctx, expr: SelectorExpr): Bundle {
  return combine(
    ctx,
    expr.union.map((inter) => combine(ctx, inter.criteria.map((c) => selectCriterion(ctx, c)), 'intersection')),
    'union',
  );
}

/** One term: the method's matches, plus `+`/`@` relatives, plus tests that follow them. */
function selectCriterion(ctx: Ctx, c: SelectorCriterion): Bundle {
  const { graph } = ctx;
  const collected = matchCriterion(graph, c, ctx.state);
  const selected = new Set(collected);
  if (c.childrensParents) {
    const base = graph.reachFrom(collected, false);
    for (const i of collected) base.add(i);
    addAll(selected, base);
    addAll(selected, graph.reachFrom(base, true));
  }
  if (c.parents) addAll(selected, graph.reachFrom(collected, true, c.parentsDepth));
  if (c.children) addAll(selected, graph.reachFrom(collected, false, c.childrenDepth));
  if (ctx.mode === 'empty') return { direct: selected, indirect: new Set() };
  return expandTests(ctx, selected);
}

/** dbt's expand_selection: tests that are direct children of the selection. */
function expandTests(ctx: Ctx, selected: Set<number>): Bundle {
  const { graph } = ctx;
  const direct = new Set(selected);
  const indirect = new Set<number>();
  for (const i of selected) {
    for (const t of graph.childIndexes(i)) {
      if (direct.has(t) || graph.nodeAt(t).resourceType !== 'test') continue;
      if (ctx.mode === 'eager' || allParentsIn(graph, t, selected)) direct.add(t);
      else indirect.add(t);
    }
  }
  return { direct, indirect };
}

/**
 * dbt's set combination: direct sets combine directly; the "indirect" side
 * combines direct∪indirect, and cautious mode then admits held-back tests
 * whose parents all made it into the result.
 */
function combine(ctx: Ctx, parts: Bundle[], op: 'union' | 'intersection' | 'difference'): Bundle {
  if (parts.length === 1) return parts[0]!;
  const direct = setOp(
    parts.map((p) => p.direct),
    op,
  );
  const indirect = setOp(
    parts.map((p) => (p.indirect.size === 0 ? p.direct : new Set([...p.direct, ...p.indirect]))),
    op,
  );
  if (ctx.mode === 'cautious') {
    for (const t of indirect) if (!direct.has(t) && allParentsIn(ctx.graph, t, direct)) direct.add(t);
  }
  return { direct, indirect };
}

function setOp(sets: Set<number>[], op: 'union' | 'intersection' | 'difference'): Set<number> {
  const [first, ...rest] = sets;
  if (op === 'union') {
    const out = new Set(first);
    for (const s of rest) addAll(out, s);
    return out;
  }
  if (op === 'intersection') {
    const sorted = [...sets].sort((a, b) => a.size - b.size);
    const out = new Set<number>();
    for (const x of sorted[0]!) if (sorted.every((s) => s.has(x))) out.add(x);
    return out;
  }
  const out = new Set<number>();
  for (const x of first!) if (!rest.some((s) => s.has(x))) out.add(x);
  return out;
}

function allParentsIn(graph: DependencyGraph, i: number, set: Set<number>): boolean {
  return graph.parentIndexes(i).every((p) => set.has(p));
}

function addAll(into: Set<number>, from: Iterable<number>): void {
  for (const x of from) into.add(x);
}
