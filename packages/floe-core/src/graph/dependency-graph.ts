import { FloeError } from '../errors';
import type { GraphNode, MissingDependency } from './types';

/** Nodes in dependency order, by level, or the cycle found. */
export type TopologicalResult = { order: string[] } | { cycle: string[] };

/**
 * The DAG of seeds, models, snapshots, sources and tests. Nodes are kept in
 * id order and edges as integer adjacency lists, so every traversal is
 * deterministic and cheap (10k nodes / 20k edges: a few ms).
 *
 * Edges point from parent to child (data flow). A `dependsOn` id that names no
 * node is left out of the graph and reported by `missingDependencies()`: the
 * compiler owns the user-facing error for it (with file and line).
 */
export class DependencyGraph {
  private readonly ids: string[];
  private readonly byId: Map<string, number>;
  private readonly nodeList: GraphNode[];
  /** Parents of node i are `up.edges[up.off[i] .. up.off[i+1])`, sorted; `down` holds children the same way. */
  private readonly up: Adjacency;
  private readonly down: Adjacency;
  private readonly missing: MissingDependency[] = [];
  private topo: TopologicalResult | undefined;
  private topoRank: Int32Array | undefined;

  constructor(nodes: readonly GraphNode[]) {
    const n = nodes.length;
    // The default sort compares UTF-16 code units, like compareIds, and runs natively (no callback per comparison).
    this.ids = new Array<string>(n);
    for (let i = 0; i < n; i++) this.ids[i] = nodes[i]!.id;
    this.ids.sort();
    // One id -> index map serves both the duplicate check and the edges (no second map from id to node).
    this.byId = new Map();
    for (let i = 0; i < n; i++) this.byId.set(this.ids[i]!, i);
    if (this.byId.size !== n) throwDuplicate(nodes);
    this.nodeList = new Array<GraphNode>(n);
    let maxEdges = 0;
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      this.nodeList[this.byId.get(node.id)!] = node;
      maxEdges += node.dependsOn.length;
    }
    const pOff = new Int32Array(n + 1);
    const pEdges = new Int32Array(maxEdges);
    const childCount = new Int32Array(n);
    let e = 0;
    for (let i = 0; i < n; i++) {
      const node = this.nodeList[i]!;
      const start = e;
      const deps = node.dependsOn;
      for (let d = 0; d < deps.length; d++) {
        const dep = deps[d]!;
        const p = this.byId.get(dep);
        if (p === undefined) {
          this.missing.push({ node: node.id, missing: dep });
          continue;
        }
        // insertion into the node's sorted run, skipping duplicates (runs are short)
        let k = e;
        while (k > start && pEdges[k - 1]! > p) k--;
        if (k > start && pEdges[k - 1] === p) continue;
        // dependsOn usually comes sorted (k === e): then there is nothing to shift
        if (k < e) pEdges.copyWithin(k + 1, k, e);
        pEdges[k] = p;
        e++;
        childCount[p]!++;
      }
      pOff[i + 1] = e;
    }
    this.up = { off: pOff, edges: pEdges.slice(0, e) };
    const cOff = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) cOff[i + 1] = cOff[i]! + childCount[i]!;
    const cEdges = new Int32Array(e);
    const fill = cOff.slice(0, n);
    for (let i = 0; i < n; i++) for (let k = pOff[i]!; k < pOff[i + 1]!; k++) cEdges[fill[pEdges[k]!]!++] = i;
    this.down = { off: cOff, edges: cEdges };
    // Children are filled in increasing child index, so each run is already sorted.
  }

  get size(): number {
    return this.ids.length;
  }

  get(id: string): GraphNode | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.nodeList[i];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** All nodes, sorted by id. */
  nodes(): GraphNode[] {
    return [...this.nodeList];
  }

  /** `dependsOn` entries naming no node, in node id order. */
  missingDependencies(): MissingDependency[] {
    return [...this.missing];
  }

  parents(id: string): string[] {
    return this.idsOf(this.up, this.mustIndex(id));
  }

  children(id: string): string[] {
    return this.idsOf(this.down, this.mustIndex(id));
  }

  /** Nodes upstream of `id` (not `id` itself unless it is on a cycle); `depth` 1 means direct parents only. */
  ancestors(id: string, depth?: number): Set<string> {
    return this.maskToIds(this.reachMask(this.single(id), true, depth));
  }

  /** Nodes downstream of `id`; `depth` 1 means direct children only. */
  descendants(id: string, depth?: number): Set<string> {
    return this.maskToIds(this.reachMask(this.single(id), false, depth));
  }

  /**
   * Kahn's order; among nodes ready at the same time the smallest id goes
   * first, so the order is stable. On a cycle, returns one cycle as a path
   * in data-flow direction that starts and ends at its smallest id:
   * `[a, b, c, a]` means a feeds b, b feeds c, c feeds a.
   */
  topologicalOrder(): TopologicalResult {
    this.topo ??= this.computeTopo();
    return 'order' in this.topo ? { order: [...this.topo.order] } : { cycle: [...this.topo.cycle] };
  }

  /**
   * Levels for parallel scheduling: level 0 has no parents, level k nodes
   * have their deepest parent at level k-1. Each level is sorted by id.
   * Throws FLOE_DAG_CYCLE when the graph has a cycle.
   */
  levels(): string[][] {
    const order = this.orderOrThrow();
    const level = new Int32Array(this.ids.length);
    const out: string[][] = [];
    for (const id of order) {
      const i = this.byId.get(id)!;
      let l = 0;
      const { off, edges } = this.up;
      for (let k = off[i]!; k < off[i + 1]!; k++) if (level[edges[k]!]! + 1 > l) l = level[edges[k]!]! + 1;
      level[i] = l;
      (out[l] ??= []).push(id);
    }
    for (const ids of out) ids.sort(compareIds);
    return out;
  }

  /** id → sorted parent ids, keys in id order. */
  parentMap(): Record<string, string[]> {
    return this.adjacencyMap(this.up);
  }

  /** id → sorted child ids, keys in id order. */
  childMap(): Record<string, string[]> {
    return this.adjacencyMap(this.down);
  }

  // --- index-level helpers for the selector (not part of the public API) ---

  /** @internal */
  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** @internal */
  idAt(i: number): string {
    return this.ids[i]!;
  }

  /** @internal */
  nodeAt(i: number): GraphNode {
    return this.nodeList[i]!;
  }

  /** @internal Parent (`up`) or child adjacency in compressed form; read-only. */
  adjacency(up: boolean): Adjacency {
    return up ? this.up : this.down;
  }

  /**
   * @internal Marks every node upstream (`up`) or downstream of the marked
   * start nodes, at most `depth` edges away; a start node is marked only if
   * another start node reaches it.
   */
  reachMask(start: Uint8Array, up: boolean, depth?: number): Uint8Array {
    const { off, edges } = up ? this.up : this.down;
    const out = new Uint8Array(this.ids.length);
    let frontier: number[] = [];
    for (let i = 0; i < start.length; i++) if (start[i]) frontier.push(i);
    const limit = depth === undefined ? Infinity : depth;
    for (let d = 0; d < limit && frontier.length > 0; d++) {
      const next: number[] = [];
      for (const i of frontier) {
        for (let k = off[i]!; k < off[i + 1]!; k++) {
          const j = edges[k]!;
          if (out[j] === 0) {
            out[j] = 1;
            next.push(j);
          }
        }
      }
      frontier = next;
    }
    return out;
  }

  /** @internal Position of each node in the topological order (or in id order when there is a cycle). */
  rank(): Int32Array {
    if (!this.topoRank) {
      const rank = new Int32Array(this.ids.length);
      const t = this.topologicalOrder();
      if ('order' in t) t.order.forEach((id, pos) => (rank[this.byId.get(id)!] = pos));
      else for (let i = 0; i < rank.length; i++) rank[i] = i;
      this.topoRank = rank;
    }
    return this.topoRank;
  }

  /** The topological order, or FLOE_DAG_CYCLE naming the cycle. */
  orderOrThrow(): string[] {
    const t = this.topologicalOrder();
    if ('cycle' in t) {
      throw new FloeError('FLOE_DAG_CYCLE', `Found a cycle: ${t.cycle.join(' -> ')}`, {
        hint: 'Remove one of these references so the models no longer depend on each other in a loop.',
      });
    }
    return t.order;
  }

  private mustIndex(id: string): number {
    const i = this.byId.get(id);
    if (i === undefined) throw new FloeError('FLOE_INTERNAL', `No node "${id}" in the dependency graph.`);
    return i;
  }

  private single(id: string): Uint8Array {
    const mask = new Uint8Array(this.ids.length);
    mask[this.mustIndex(id)] = 1;
    return mask;
  }

  private maskToIds(mask: Uint8Array): Set<string> {
    const out = new Set<string>();
    for (let i = 0; i < mask.length; i++) if (mask[i]) out.add(this.ids[i]!);
    return out;
  }

  private computeTopo(): TopologicalResult {
    const n = this.ids.length;
    const indeg = new Int32Array(n);
    const { off: pOff } = this.up;
    const { off: cOff, edges: cEdges } = this.down;
    for (let i = 0; i < n; i++) indeg[i] = pOff[i + 1]! - pOff[i]!;
    const heap = new MinHeap();
    for (let i = 0; i < n; i++) if (indeg[i] === 0) heap.push(i);
    const order: string[] = [];
    while (heap.size > 0) {
      const i = heap.pop();
      order.push(this.ids[i]!);
      for (let k = cOff[i]!; k < cOff[i + 1]!; k++) if (--indeg[cEdges[k]!]! === 0) heap.push(cEdges[k]!);
    }
    if (order.length === n) return { order };
    return { cycle: this.findCycle(indeg) };
  }

  /**
   * Every node Kahn could not emit still has an unemitted parent, so walking
   * parents from any of them must revisit a node: that loop is a cycle.
   */
  private findCycle(indeg: Int32Array): string[] {
    let start = 0;
    while (indeg[start] === 0) start++;
    const seenAt = new Map<number, number>();
    const walk: number[] = [];
    let cur = start;
    while (!seenAt.has(cur)) {
      seenAt.set(cur, walk.length);
      walk.push(cur);
      const { off, edges } = this.up;
      let k = off[cur]!;
      while (indeg[edges[k]!] === 0) k++;
      cur = edges[k]!;
    }
    // walk[k..] goes child -> parent; reverse it into data-flow order.
    const loop = walk.slice(seenAt.get(cur)!).reverse();
    let min = 0;
    for (let k = 1; k < loop.length; k++) if (loop[k]! < loop[min]!) min = k;
    const rotated = [...loop.slice(min), ...loop.slice(0, min)];
    return [...rotated, rotated[0]!].map((i) => this.ids[i]!);
  }

  private idsOf(adj: Adjacency, i: number): string[] {
    const out: string[] = [];
    for (let k = adj.off[i]!; k < adj.off[i + 1]!; k++) out.push(this.ids[adj.edges[k]!]!);
    return out;
  }

  private adjacencyMap(adj: Adjacency): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (let i = 0; i < this.ids.length; i++) out[this.ids[i]!] = this.idsOf(adj, i);
    return out;
  }
}

/** The error for the first node (in input order) whose id an earlier node already has. */
function throwDuplicate(nodes: readonly GraphNode[]): never {
  const seen = new Set<string>();
  for (const node of nodes) {
    if (seen.has(node.id)) throw new FloeError('FLOE_INTERNAL', `Two graph nodes share the id "${node.id}".`);
    seen.add(node.id);
  }
  throw new FloeError('FLOE_INTERNAL', 'Two graph nodes share an id.');
}

/** Compressed adjacency lists (CSR): node i's neighbours are `edges[off[i]] .. edges[off[i+1]-1]`. */
export interface Adjacency {
  off: Int32Array;
  edges: Int32Array;
}

/** Code-unit order: locale-independent, so every machine sorts ids the same way. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A binary min-heap of node indexes (index order is id order). */
class MinHeap {
  private readonly a: number[] = [];

  get size(): number {
    return this.a.length;
  }

  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }

  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && a[r]! < a[l]! ? r : l;
        if (a[m]! >= last) break;
        a[i] = a[m]!;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}
