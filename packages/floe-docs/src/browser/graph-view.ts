import { columnAt, columnSlice, NODE_H, NODE_W, type Layout } from './layout';
import type { DocsModel } from './model';

const COLORS: Record<string, string> = {
  model: '#2f6fde',
  source: '#1f9d55',
  seed: '#0f8a8a',
  snapshot: '#8a4fd1',
  test: '#7b8190',
};

export interface Highlight {
  selected: number;
  upstream: Set<number>;
  downstream: Set<number>;
}

/**
 * The lineage graph on a canvas. Only nodes inside the viewport are drawn
 * (found through the layout's per-layer sorted index), with their edges; far
 * out, boxes are drawn without labels and edges as straight lines.
 * Pan: drag. Zoom: wheel (around the cursor). Click: select. Double-click: focus.
 */
export class GraphView {
  private readonly ctx: CanvasRenderingContext2D;
  private layout: Layout | undefined;
  private scale = 1;
  private tx = 0;
  private ty = 0;
  private frame = 0;
  private highlight: Highlight | undefined;
  /** Node indices drawn in the last frame (tests read it through window.floeDocs). */
  drawn: number[] = [];
  /** How long the last frame took to draw, in ms. */
  lastDrawMs = 0;
  frames = 0;
  onSelect: (node: number | undefined) => void = () => {};
  onFocus: (node: number) => void = () => {};

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly model: DocsModel,
  ) {
    this.ctx = canvas.getContext('2d')!;
    this.bindInput();
    new ResizeObserver(() => this.resize()).observe(canvas.parentElement!);
    this.resize();
  }

  setLayout(layout: Layout): void {
    this.layout = layout;
    this.fit();
  }

  setHighlight(h: Highlight | undefined): void {
    this.highlight = h;
    this.requestDraw();
  }

  /** Fits the whole layout into the view (never zooming in past 1:1). */
  fit(): void {
    const l = this.layout;
    if (!l) return;
    const { width, height } = this.viewSize();
    const b = l.bounds;
    const w = b.maxX - b.minX + 80;
    const h = b.maxY - b.minY + 80;
    this.scale = Math.min(1, width / w, height / h);
    this.tx = width / 2 - ((b.minX + b.maxX) / 2) * this.scale;
    this.ty = height / 2 - ((b.minY + b.maxY) / 2) * this.scale;
    this.requestDraw();
  }

  /** Centers a node at a readable zoom. */
  centerOn(node: number): void {
    const l = this.layout;
    if (!l || Number.isNaN(l.x[node]!)) return;
    const { width, height } = this.viewSize();
    this.scale = Math.max(this.scale, 0.8);
    this.tx = width / 2 - (l.x[node]! + NODE_W / 2) * this.scale;
    this.ty = height / 2 - (l.y[node]! + NODE_H / 2) * this.scale;
    this.requestDraw();
  }

  /**
   * After the page layout changed (the details panel opened): resizes the
   * canvas now, then pans so the node's whole lineage is in view when it fits
   * at the current zoom, else just enough to keep the node itself in view.
   */
  reveal(node: number, lineage: Iterable<number>): void {
    this.resize();
    const l = this.layout;
    if (!l || Number.isNaN(l.x[node]!)) return;
    let minX = l.x[node]!;
    let maxX = minX + NODE_W;
    let minY = l.y[node]!;
    let maxY = minY + NODE_H;
    for (const v of lineage) {
      if (Number.isNaN(l.x[v]!)) continue;
      minX = Math.min(minX, l.x[v]!);
      maxX = Math.max(maxX, l.x[v]! + NODE_W);
      minY = Math.min(minY, l.y[v]!);
      maxY = Math.max(maxY, l.y[v]! + NODE_H);
    }
    const { width, height } = this.viewSize();
    const m = 24;
    const sx0 = minX * this.scale + this.tx;
    const sy0 = minY * this.scale + this.ty;
    if (sx0 >= 0 && sy0 >= 0 && maxX * this.scale + this.tx <= width && maxY * this.scale + this.ty <= height) return;
    // zoom out (never in) until the lineage fits, as long as labels stay readable
    const fit = Math.min(this.scale, (width - 2 * m) / (maxX - minX), (height - 2 * m) / (maxY - minY));
    if (fit >= 0.4) {
      this.scale = fit;
      this.tx = width / 2 - ((minX + maxX) / 2) * this.scale;
      this.ty = height / 2 - ((minY + maxY) / 2) * this.scale;
      this.requestDraw();
      return;
    }
    this.keepVisible(node);
  }

  /** Pans just enough to keep the node in view. */
  keepVisible(node: number): void {
    const l = this.layout;
    if (!l || Number.isNaN(l.x[node]!)) return;
    const { width, height } = this.viewSize();
    const sx = l.x[node]! * this.scale + this.tx;
    const sy = l.y[node]! * this.scale + this.ty;
    const w = NODE_W * this.scale;
    const h = NODE_H * this.scale;
    const m = 24;
    if (sx + w > width - m) this.tx -= sx + w - (width - m);
    if (sx < m) this.tx += m - sx;
    if (sy + h > height - m) this.ty -= sy + h - (height - m);
    if (sy < m) this.ty += m - sy;
    this.requestDraw();
  }

  /** The node's center in page coordinates, or undefined when it is not laid out. */
  screenPositionOf(node: number): { x: number; y: number } | undefined {
    const l = this.layout;
    if (!l || Number.isNaN(l.x[node]!)) return undefined;
    const r = this.canvas.getBoundingClientRect();
    return { x: r.left + (l.x[node]! + NODE_W / 2) * this.scale + this.tx, y: r.top + (l.y[node]! + NODE_H / 2) * this.scale + this.ty };
  }

  /** The node's box in page coordinates. */
  screenBoxOf(node: number): { x: number; y: number; width: number; height: number } | undefined {
    const l = this.layout;
    if (!l || Number.isNaN(l.x[node]!)) return undefined;
    const r = this.canvas.getBoundingClientRect();
    return { x: r.left + l.x[node]! * this.scale + this.tx, y: r.top + l.y[node]! * this.scale + this.ty, width: NODE_W * this.scale, height: NODE_H * this.scale };
  }

  /** Draws now (used once at load, so `ready` means pixels are on screen). */
  drawNow(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.draw();
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private viewSize(): { width: number; height: number } {
    const r = this.canvas.parentElement!.getBoundingClientRect();
    return { width: Math.max(1, r.width), height: Math.max(1, r.height) };
  }

  resizeNow(): void {
    this.resize();
  }

  private resize(): void {
    const { width, height } = this.viewSize();
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.requestDraw();
  }

  private toWorld(px: number, py: number): [number, number] {
    return [(px - this.tx) / this.scale, (py - this.ty) / this.scale];
  }

  /** The node under a canvas point, found by layer column then binary search. */
  hitTest(px: number, py: number): number | undefined {
    const l = this.layout;
    if (!l) return undefined;
    const [wx, wy] = this.toWorld(px, py);
    const col = l.columns[columnAt(l, wx)];
    if (!col || wx < col.x || wx > col.x + NODE_W) return undefined;
    const [a, b] = columnSlice(l, col.nodes, wy, wy);
    for (let k = a; k < b; k++) {
      const v = col.nodes[k]!;
      if (wy >= l.y[v]! && wy <= l.y[v]! + NODE_H) return v;
    }
    return undefined;
  }

  private bindInput(): void {
    const c = this.canvas;
    let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
    c.addEventListener('mousedown', (e) => {
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty, moved: false };
    });
    window.addEventListener('mousemove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) {
        this.tx = drag.tx + dx;
        this.ty = drag.ty + dy;
        this.requestDraw();
      }
    });
    window.addEventListener('mouseup', (e) => {
      if (!drag) return;
      const wasClick = !drag.moved;
      drag = undefined;
      if (wasClick && e.target === c) {
        const r = c.getBoundingClientRect();
        this.onSelect(this.hitTest(e.clientX - r.left, e.clientY - r.top));
      }
    });
    c.addEventListener('dblclick', (e) => {
      const r = c.getBoundingClientRect();
      const v = this.hitTest(e.clientX - r.left, e.clientY - r.top);
      if (v !== undefined) this.onFocus(v);
    });
    c.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const r = c.getBoundingClientRect();
        const px = e.clientX - r.left;
        const py = e.clientY - r.top;
        const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
        const next = Math.min(3, Math.max(0.002, this.scale * factor));
        this.tx = px - ((px - this.tx) * next) / this.scale;
        this.ty = py - ((py - this.ty) * next) / this.scale;
        this.scale = next;
        this.requestDraw();
      },
      { passive: false },
    );
  }

  private draw(): void {
    const t0 = performance.now();
    this.drawFrame();
    this.lastDrawMs = performance.now() - t0;
    this.frames++;
  }

  private drawFrame(): void {
    const { ctx, model } = this;
    const l = this.layout;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.drawn = [];
    if (!l) return;
    ctx.setTransform(dpr * this.scale, 0, 0, dpr * this.scale, dpr * this.tx, dpr * this.ty);
    const { width, height } = this.viewSize();
    const [x0, y0] = this.toWorld(0, 0);
    const [x1, y1] = this.toWorld(width, height);
    const visible: number[] = [];
    const isVisible = new Set<number>();
    for (let c = columnAt(l, x0); c < l.columns.length && l.columns[c]!.x <= x1; c++) {
      const col = l.columns[c]!.nodes;
      const [a, b] = columnSlice(l, col, y0, y1);
      for (let k = a; k < b; k++) {
        visible.push(col[k]!);
        isVisible.add(col[k]!);
      }
    }
    this.drawn = visible;
    const far = this.scale < 0.25;
    const h = this.highlight;
    const lit = (v: number) => !h || v === h.selected || h.upstream.has(v) || h.downstream.has(v);

    // edges with at least one end in view; lit edges last, on top
    const { upOff, upEdges, downOff, downEdges } = model;
    const dim = new Path2D();
    const bright = new Path2D();
    const edge = (p: number, c: number) => {
      const sx = l.x[p]! + NODE_W;
      const sy = l.y[p]! + NODE_H / 2;
      const ex = l.x[c]!;
      const ey = l.y[c]! + NODE_H / 2;
      const path = h && inLineage(h, p, c) ? bright : dim;
      path.moveTo(sx, sy);
      if (far) path.lineTo(ex, ey);
      else {
        const mx = (sx + ex) / 2;
        path.bezierCurveTo(mx, sy, mx, ey, ex, ey);
      }
    };
    for (const v of visible) {
      for (let k = upOff[v]!; k < upOff[v + 1]!; k++) {
        const p = upEdges[k]!;
        if (l.member[p]) edge(p, v);
      }
      for (let k = downOff[v]!; k < downOff[v + 1]!; k++) {
        const c = downEdges[k]!;
        if (l.member[c] && !isVisible.has(c)) edge(v, c);
      }
    }
    ctx.lineWidth = far ? 1 / this.scale : 1.2;
    ctx.strokeStyle = h ? 'rgba(140,150,170,0.18)' : 'rgba(120,130,150,0.55)';
    ctx.stroke(dim);
    if (h) {
      ctx.lineWidth = far ? 2 / this.scale : 2.2;
      ctx.strokeStyle = '#e8590c';
      ctx.stroke(bright);
    }

    // nodes
    ctx.font = '12px system-ui, -apple-system, "Segoe UI", sans-serif';
    ctx.textBaseline = 'middle';
    for (const v of visible) {
      const node = model.nodes[v]!;
      const x = l.x[v]!;
      const y = l.y[v]!;
      const on = lit(v);
      ctx.globalAlpha = on ? 1 : 0.25;
      const color = COLORS[node.resourceType] ?? '#555';
      if (far) {
        ctx.fillStyle = h && v === h.selected ? '#e8590c' : color;
        ctx.fillRect(x, y, NODE_W, NODE_H);
        continue;
      }
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(x, y, NODE_W, NODE_H);
      ctx.fillStyle = color;
      ctx.fillRect(x, y, 6, NODE_H);
      ctx.lineWidth = h && v === h.selected ? 3 : 1;
      ctx.strokeStyle = h && v === h.selected ? '#e8590c' : h && (h.upstream.has(v) || h.downstream.has(v)) ? '#f08c00' : '#c3c9d4';
      if (node.streaming) ctx.setLineDash([5, 3]);
      ctx.strokeRect(x, y, NODE_W, NODE_H);
      ctx.setLineDash([]);
      ctx.fillStyle = '#1c2330';
      const label = node.streaming ? `⚡ ${node.name}` : node.name;
      ctx.fillText(fitText(ctx, label, NODE_W - 16), x + 11, y + NODE_H / 2);
    }
    ctx.globalAlpha = 1;
  }
}

/** An edge is part of the selected node's lineage when both ends are on the same side of it. */
function inLineage(h: Highlight, p: number, c: number): boolean {
  const s = h.selected;
  return ((p === s || h.upstream.has(p)) && (c === s || h.upstream.has(c))) || ((p === s || h.downstream.has(p)) && (c === s || h.downstream.has(c)));
}

const fitCache = new Map<string, string>();
function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  const hit = fitCache.get(text);
  if (hit !== undefined) return hit;
  let out = text;
  if (ctx.measureText(text).width > max) {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.slice(0, mid) + '…').width <= max) lo = mid;
      else hi = mid - 1;
    }
    out = text.slice(0, lo) + '…';
  }
  fitCache.set(text, out);
  return out;
}
