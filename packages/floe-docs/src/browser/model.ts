import { inflateSiteNodes, type DocsNodeSummary, type DocsSiteIndex } from '../data/types';

/**
 * The page's in-memory index over the docs data: node positions in one array,
 * parent/child lists as integer adjacency (CSR), and a sorted name index for
 * search. Built once at load; O(nodes + edges).
 */
export interface DocsModel {
  data: DocsSiteIndex;
  nodes: DocsNodeSummary[];
  index: Map<string, number>;
  /** Parents of i: upEdges[upOff[i] .. upOff[i+1]); children likewise in down*. */
  upOff: Int32Array;
  upEdges: Int32Array;
  downOff: Int32Array;
  downEdges: Int32Array;
  /** Tests attached to each node (by index), for the node page. */
  testsOf: Map<number, number[]>;
  /** Node indices sorted by lower-cased name, and those names, for prefix search. */
  byName: Int32Array;
  lowerNames: string[];
}

export function buildModel(data: DocsSiteIndex): DocsModel {
  const nodes = inflateSiteNodes(data);
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(nodes[i]!.id, i);
  const upOff = new Int32Array(n + 1);
  const childCount = new Int32Array(n);
  const ups: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const p of data.nodes[i]!.deps) {
      ups.push(p);
      childCount[p]!++;
    }
    upOff[i + 1] = ups.length;
  }
  const upEdges = Int32Array.from(ups);
  const downOff = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) downOff[i + 1] = downOff[i]! + childCount[i]!;
  const downEdges = new Int32Array(upEdges.length);
  const fill = downOff.slice(0, n);
  for (let i = 0; i < n; i++) for (let k = upOff[i]!; k < upOff[i + 1]!; k++) downEdges[fill[upEdges[k]!]!++] = i;

  const testsOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (nodes[i]!.resourceType !== 'test') continue;
    for (let k = upOff[i]!; k < upOff[i + 1]!; k++) {
      const p = upEdges[k]!;
      const list = testsOf.get(p);
      if (list) list.push(i);
      else testsOf.set(p, [i]);
    }
  }
  const lowerNames = nodes.map((x) => x.name.toLowerCase());
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (lowerNames[a]! < lowerNames[b]! ? -1 : lowerNames[a]! > lowerNames[b]! ? 1 : a - b));
  return { data, nodes, index, upOff, upEdges, downOff, downEdges, testsOf, byName: Int32Array.from(order), lowerNames };
}

/**
 * All nodes reachable from `start` going up (ancestors) or down (descendants),
 * restricted to `allowed` when given. `start` itself is not included.
 */
export function reach(model: DocsModel, start: number, up: boolean, allowed?: Uint8Array): Set<number> {
  const off = up ? model.upOff : model.downOff;
  const edges = up ? model.upEdges : model.downEdges;
  const seen = new Set<number>();
  const stack = [start];
  while (stack.length) {
    const v = stack.pop()!;
    for (let k = off[v]!; k < off[v + 1]!; k++) {
      const w = edges[k]!;
      if (seen.has(w) || w === start || (allowed && !allowed[w])) continue;
      seen.add(w);
      stack.push(w);
    }
  }
  return seen;
}

/**
 * Search by index: names starting with the query first (binary search in the
 * sorted name index), then names containing it; at most `limit` results.
 */
export function searchNodes(model: DocsModel, query: string, limit = 50): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const { byName, lowerNames } = model;
  let lo = 0;
  let hi = byName.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lowerNames[byName[mid]!]! < q) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  const taken = new Set<number>();
  for (let k = lo; k < byName.length && out.length < limit; k++) {
    const i = byName[k]!;
    if (!lowerNames[i]!.startsWith(q)) break;
    out.push(i);
    taken.add(i);
  }
  for (let k = 0; k < byName.length && out.length < limit; k++) {
    const i = byName[k]!;
    if (!taken.has(i) && (lowerNames[i]!.includes(q) || model.nodes[i]!.id.toLowerCase().includes(q))) out.push(i);
  }
  return out;
}
