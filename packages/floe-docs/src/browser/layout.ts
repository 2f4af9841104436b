import type { DocsModel } from './model';

export const NODE_W = 200;
export const NODE_H = 30;
/** Horizontal step between sub-columns of one layer, and the extra gap between layers. */
export const COL_W = 240;
export const LAYER_GAP = 120;
export const ROW_H = 44;

/**
 * A layered DAG layout of a subset of the nodes. Layers come from the longest
 * path (parents always left of children); nodes without parents in the subset
 * are pulled right next to their first child, so sources sit beside their
 * readers. Order inside a layer: two barycenter sweeps (down, then up).
 * A layer taller than the view's proportions allow is wrapped into several
 * sub-columns (column-major), so a 10,000-model project fits a screen
 * instead of becoming a thin line.
 * Cost: O(V + E) for layering plus a sort per layer and sweep.
 */
export interface Layout {
  /** Node index → x, y of the box's top-left corner (NaN when not in the layout). */
  x: Float64Array;
  y: Float64Array;
  /** Per layer, node indices in order. */
  layers: number[][];
  /** Drawn columns left to right: x and node indices sorted by y (the spatial index for drawing and hit tests). */
  columns: { x: number; nodes: number[] }[];
  /** Node index → layer, -1 when not in the layout. */
  layerOf: Int32Array;
  /** Members of the layout (1 = laid out). */
  member: Uint8Array;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  count: number;
}

export function layoutGraph(model: DocsModel, member: Uint8Array): Layout {
  const n = model.nodes.length;
  const { upOff, upEdges, downOff, downEdges } = model;
  // Kahn's order over the subset
  const indeg = new Int32Array(n);
  const order: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!member[v]) continue;
    for (let k = upOff[v]!; k < upOff[v + 1]!; k++) if (member[upEdges[k]!]) indeg[v]!++;
    if (indeg[v] === 0) order.push(v);
  }
  for (let h = 0; h < order.length; h++) {
    const v = order[h]!;
    for (let k = downOff[v]!; k < downOff[v + 1]!; k++) {
      const w = downEdges[k]!;
      if (member[w] && --indeg[w]! === 0) order.push(w);
    }
  }
  if (order.length < countOf(member)) {
    // a cycle (the compiler refuses these): place the rest in id order at the end
    const placed = new Uint8Array(n);
    for (const v of order) placed[v] = 1;
    for (let v = 0; v < n; v++) if (member[v] && !placed[v]) order.push(v);
  }
  const layerOf = new Int32Array(n).fill(-1);
  let maxLayer = 0;
  for (const v of order) {
    let l = 0;
    for (let k = upOff[v]!; k < upOff[v + 1]!; k++) {
      const p = upEdges[k]!;
      if (member[p] && layerOf[p]! >= l) l = layerOf[p]! + 1;
    }
    layerOf[v] = l;
    if (l > maxLayer) maxLayer = l;
  }
  // roots move right, next to their nearest child
  for (const v of order) {
    let hasParent = false;
    for (let k = upOff[v]!; k < upOff[v + 1]! && !hasParent; k++) if (member[upEdges[k]!]) hasParent = true;
    if (hasParent) continue;
    let minChild = Infinity;
    for (let k = downOff[v]!; k < downOff[v + 1]!; k++) {
      const w = downEdges[k]!;
      if (member[w] && layerOf[w]! < minChild) minChild = layerOf[w]!;
    }
    if (minChild !== Infinity && minChild - 1 > layerOf[v]!) layerOf[v] = minChild - 1;
  }
  const layers: number[][] = Array.from({ length: maxLayer + 1 }, () => []);
  for (const v of order) layers[layerOf[v]!]!.push(v);
  const pos = new Float64Array(n);
  const setPos = (layer: number[]) => {
    for (let i = 0; i < layer.length; i++) pos[layer[i]!] = i;
  };
  for (let li = 0; li < layers.length; li++) {
    layers[li] = Array.from(Int32Array.from(layers[li]!).sort()); // id order: deterministic start (native numeric sort)
    setPos(layers[li]!);
  }
  const key = new Float64Array(n);
  const sweep = (down: boolean) => {
    const range = down ? layers.map((_, i) => i).slice(1) : layers.map((_, i) => i).reverse().slice(1);
    for (const li of range) {
      const layer = layers[li]!;
      const off = down ? upOff : downOff;
      const edges = down ? upEdges : downEdges;
      for (const v of layer) {
        let sum = 0;
        let cnt = 0;
        for (let k = off[v]!; k < off[v + 1]!; k++) {
          const w = edges[k]!;
          if (member[w]) {
            sum += pos[w]!;
            cnt++;
          }
        }
        // nodes with no neighbour on that side keep their place
        key[v] = cnt ? sum / cnt : pos[v]!;
      }
      sortByKey(layer, key, n);
      setPos(layer);
    }
  };
  for (let it = 0; it < 2; it++) {
    sweep(true);
    sweep(false);
  }
  const x = new Float64Array(n).fill(NaN);
  const y = new Float64Array(n).fill(NaN);
  const count = order.length;
  // rows per column so that the whole picture is about 1.6 times wider than tall
  const maxRows = Math.max(12, Math.ceil(Math.sqrt((count * (COL_W + LAYER_GAP / 2)) / (1.6 * ROW_H))));
  const columns: Layout['columns'] = [];
  let minY = Infinity;
  let maxY = -Infinity;
  let cx = 0;
  layers.forEach((layer) => {
    if (!layer.length) return;
    const cols = Math.ceil(layer.length / maxRows);
    const rows = Math.ceil(layer.length / cols);
    for (let c = 0; c < cols; c++) {
      const members = layer.slice(c * rows, (c + 1) * rows);
      const top = -((members.length - 1) * ROW_H) / 2;
      members.forEach((v, i) => {
        x[v] = cx;
        y[v] = top + i * ROW_H;
      });
      columns.push({ x: cx, nodes: members });
      minY = Math.min(minY, top);
      maxY = Math.max(maxY, top + (members.length - 1) * ROW_H + NODE_H);
      cx += COL_W;
    }
    cx += LAYER_GAP;
  });
  if (!count) {
    minY = 0;
    maxY = NODE_H;
  }
  return {
    x,
    y,
    layers,
    columns,
    layerOf,
    member,
    count,
    bounds: { minX: 0, minY, maxX: Math.max(NODE_W, cx - COL_W - LAYER_GAP + NODE_W), maxY },
  };
}

/** Index of the first column whose right edge is at or after `wx` (binary search). */
export function columnAt(layout: Layout, wx: number): number {
  const cols = layout.columns;
  let lo = 0;
  let hi = cols.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cols[mid]!.x + NODE_W < wx) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sorts node indices by key, ties by index, with one native typed-array sort
 * (no comparator callback): each entry packs the key, quantised to 1/1024, and
 * the index into one float. Exact for keys below 2^53 / (1024 n).
 */
function sortByKey(layer: number[], key: Float64Array, n: number): void {
  const packed = new Float64Array(layer.length);
  for (let i = 0; i < layer.length; i++) {
    const v = layer[i]!;
    packed[i] = Math.round(key[v]! * 1024) * n + v;
  }
  packed.sort();
  for (let i = 0; i < layer.length; i++) layer[i] = packed[i]! % n;
}

function countOf(mask: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++) c += mask[i]!;
  return c;
}

/** Nodes of one column whose box overlaps [y0, y1]: binary search on the sorted layer. */
export function columnSlice(layout: Layout, layer: number[], y0: number, y1: number): [number, number] {
  const { y } = layout;
  let lo = 0;
  let hi = layer.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (y[layer[mid]!]! + NODE_H < y0) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < layer.length && y[layer[end]!]! <= y1) end++;
  return [lo, end];
}
