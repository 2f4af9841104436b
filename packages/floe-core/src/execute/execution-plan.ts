import type { CompiledArtifacts, CompiledNode } from '../artifacts/schema';
import { FloeError } from '../errors';

/** The selected, executable nodes and the edges between them that the scheduler follows. */
export interface ExecutionPlan {
  /** Executable node ids in a stable topological order. */
  order: string[];
  /** id → ids (within the plan) it waits for. */
  waitsFor: Map<string, Set<string>>;
  /** id → ids (within the plan) that wait for it. */
  blocks: Map<string, Set<string>>;
}

export function isEphemeral(node: CompiledNode): boolean {
  return node.materialized === 'ephemeral';
}

/**
 * Builds the plan for the selected nodes:
 * - ephemeral models are not executed; edges pass through them (a model that
 *   inlines an ephemeral waits for that ephemeral's own parents);
 * - edges to unselected nodes are dropped (those relations are assumed built);
 * - as in `dbt build`, a selected test blocks the selected children of the
 *   node it tests, so a failing error-severity test skips them. The edge is
 *   added only when every parent of the test is upstream of the child, which
 *   keeps the graph acyclic (a relationships test spans two parents).
 */
export function buildExecutionPlan(artifacts: CompiledArtifacts, nodeIds: readonly string[]): ExecutionPlan {
  const nodes = artifacts.nodes;
  for (const id of nodeIds) {
    if (!nodes[id]) throw new FloeError('FLOE_INTERNAL', `runArtifacts was asked to run unknown node "${id}"`);
  }
  const selected = new Set(nodeIds.filter((id) => !isEphemeral(nodes[id] as CompiledNode)));

  const effectiveParents = memo((id: string, self: (x: string) => Set<string>) => {
    const out = new Set<string>();
    for (const p of nodes[id]?.dependsOn ?? []) {
      const pn = nodes[p];
      if (!pn) continue; // a source
      if (isEphemeral(pn)) for (const q of self(p)) out.add(q);
      else out.add(p);
    }
    return out;
  });
  const ancestors = memo((id: string, self: (x: string) => Set<string>) => {
    const out = new Set<string>();
    for (const p of nodes[id]?.dependsOn ?? []) {
      if (!nodes[p]) continue;
      out.add(p);
      for (const a of self(p)) out.add(a);
    }
    return out;
  });

  const waitsFor = new Map<string, Set<string>>();
  const blocks = new Map<string, Set<string>>();
  for (const id of selected) {
    waitsFor.set(id, new Set());
    blocks.set(id, new Set());
  }
  const addEdge = (from: string, to: string) => {
    if (from === to) return;
    waitsFor.get(to)?.add(from);
    blocks.get(from)?.add(to);
  };
  for (const id of selected) {
    for (const p of effectiveParents(id)) if (selected.has(p)) addEdge(p, id);
  }
  // dbt build: tests gate the children of what they test.
  const selectedTests = [...selected].filter((id) => nodes[id]?.resourceType === 'test');
  if (selectedTests.length > 0) {
    for (const child of selected) {
      const cn = nodes[child] as CompiledNode;
      if (cn.resourceType === 'test') continue;
      const childAncestors = ancestors(child);
      for (const t of selectedTests) {
        const parents = effectiveParents(t);
        if (parents.size === 0 || parents.has(child)) continue;
        if ([...parents].every((p) => childAncestors.has(p))) addEdge(t, child);
      }
    }
  }

  return { order: topologicalOrder(selected, waitsFor, blocks), waitsFor, blocks };
}

function topologicalOrder(ids: Set<string>, waitsFor: Map<string, Set<string>>, blocks: Map<string, Set<string>>): string[] {
  const remaining = new Map([...ids].map((id) => [id, waitsFor.get(id)?.size ?? 0]));
  const ready = [...ids].filter((id) => remaining.get(id) === 0).sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const c of [...(blocks.get(id) ?? [])].sort()) {
      const n = (remaining.get(c) ?? 0) - 1;
      remaining.set(c, n);
      if (n === 0) ready.push(c);
    }
  }
  if (order.length !== ids.size) {
    const stuck = [...ids].filter((id) => !order.includes(id)).sort();
    throw new FloeError('FLOE_DAG_CYCLE', `the selected nodes form a cycle: ${stuck.join(', ')}`);
  }
  return order;
}

function memo(fn: (id: string, self: (id: string) => Set<string>) => Set<string>): (id: string) => Set<string> {
  const cache = new Map<string, Set<string>>();
  const self = (id: string): Set<string> => {
    const hit = cache.get(id);
    if (hit) return hit;
    cache.set(id, new Set()); // guards against cycles; the compiler rejects them anyway
    const v = fn(id, self);
    cache.set(id, v);
    return v;
  };
  return self;
}
