import type { DocsSiteIndex } from '../data/types';
import { DetailsLoader } from './details-loader';
import { esc, label, renderDetails } from './details';
import { GraphView } from './graph-view';
import { layoutGraph, type Layout } from './layout';
import { buildModel, reach, searchNodes, type DocsModel } from './model';
import { Selector } from './selection';
import { mountSidebar } from './sidebar';

declare global {
  interface Window {
    __FLOE_DOCS__?: DocsSiteIndex;
    __FLOE_LIVE__?: string;
    floeDocs?: FloeDocsApi;
  }
}

/** What tests (and curious users) can read from the page: `window.floeDocs`. */
export interface FloeDocsApi {
  ready: boolean;
  /** ms from navigation start until the first graph frame was drawn. */
  loadMs: number;
  /** ms per load step: dataLoaded (since navigation start), model, sidebar, layout, draw. */
  timings: Record<string, number>;
  nodeIds(): string[];
  graphNodeIds(): string[];
  drawnNodeIds(): string[];
  screenPositionOf(id: string): { x: number; y: number } | undefined;
  screenBoxOf(id: string): { x: number; y: number; width: number; height: number } | undefined;
  select(id: string | undefined): void;
  selected(): string | undefined;
  highlighted(): { upstream: string[]; downstream: string[] };
  applySelector(select: string, exclude?: string): string | undefined;
  /** Duration of the last drawn frame and the number of frames drawn so far. */
  drawStats(): { lastDrawMs: number; frames: number };
}

const SKELETON = `
<header class="top">
  <div class="brand"><b>floe</b> docs · <span id="project-name"></span></div>
  <div class="search"><input id="search" type="search" placeholder="Search nodes  ( / )" autocomplete="off"><div id="search-results" hidden></div></div>
  <form id="select-form" title="dbt selector syntax, run by floe-core's selector: name, +name, name+2, @name, tag:x, path:dir, source:raw, config.materialized:table, resource_type:seed, a,b (and), a b (or)">
    <input id="selector" placeholder="--select  e.g. +orders tag:daily" autocomplete="off">
    <input id="exclude" placeholder="--exclude" autocomplete="off">
    <button type="submit">Apply</button><button type="button" id="clear-select">Clear</button>
  </form>
  <label class="toggle"><input type="checkbox" id="show-tests"> tests</label>
  <button id="fit" type="button">Fit</button>
</header>
<aside id="sidebar"></aside>
<main id="graph-wrap"><canvas id="graph"></canvas><div id="graph-status"></div>
  <div id="legend"><span class="badge model">model</span><span class="badge source">source</span><span class="badge seed">seed</span><span class="badge snapshot">snapshot</span><span class="badge test">test</span><span>⚡ streaming</span></div>
</main>
<section id="details" hidden></section>`;

function boot(): void {
  const data = window.__FLOE_DOCS__;
  const app = document.getElementById('app')!;
  if (!data) {
    app.textContent = 'No docs data found (assets/data.js). Run floe docs generate.';
    return;
  }
  const timings: Record<string, number> = { dataLoaded: Math.round(performance.now()) };
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  app.innerHTML = SKELETON;
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const model = buildModel(data);
  lap('model');
  $('project-name').textContent = `${data.project.name} ${data.project.version} · ${data.environment}`;
  document.title = `${data.project.name} · floe docs`;
  const sidebar = $('sidebar');
  mountSidebar(sidebar, model, catalogNote(data));
  const loader = new DetailsLoader(data);
  lap('sidebar');
  const view = new GraphView($<HTMLCanvasElement>('graph'), model);
  const selector = new Selector(model);
  const details = $('details');
  const status = $('graph-status');

  let selectMask: Uint8Array | undefined;
  let showTests = false;
  let layout: Layout;
  let selected: number | undefined;
  let lineage: { upstream: Set<number>; downstream: Set<number> } = { upstream: new Set(), downstream: new Set() };

  const relayout = () => {
    const member = new Uint8Array(model.nodes.length);
    for (let i = 0; i < member.length; i++) {
      member[i] = (!selectMask || selectMask[i]) && (showTests || model.nodes[i]!.resourceType !== 'test') ? 1 : 0;
    }
    layout = layoutGraph(model, member);
    view.setLayout(layout);
    status.textContent = `${layout.count} of ${model.nodes.length} nodes in the graph${selectMask ? ' (filtered)' : ''}${showTests ? '' : ', tests hidden'}`;
    if (selected !== undefined) highlight(selected, false);
  };

  const highlight = (i: number | undefined, center: boolean) => {
    selected = i;
    if (i === undefined) {
      lineage = { upstream: new Set(), downstream: new Set() };
      view.setHighlight(undefined);
      details.hidden = true;
      if (location.hash) setHash('');
      return;
    }
    lineage = { upstream: reach(model, i, true, layout.member), downstream: reach(model, i, false, layout.member) };
    view.setHighlight({ selected: i, ...lineage });
    const all = { upstream: reach(model, i, true).size, downstream: reach(model, i, false).size };
    details.innerHTML = renderDetails(model, i, loader.peek(i), all);
    details.hidden = false;
    details.scrollTop = 0;
    if (!loader.peek(i)) {
      loader.load(i).then(
        (d) => {
          if (selected === i) details.innerHTML = renderDetails(model, i, d, all);
        },
        (err: Error) => {
          if (selected === i) details.querySelector('#details-loading')!.textContent = err.message;
        },
      );
    }
    if (!center) view.reveal(i, [...lineage.upstream, ...lineage.downstream]);
    const hash = `#!/node/${encodeURIComponent(model.nodes[i]!.id)}`;
    if (location.hash !== hash) setHash(hash);
    if (center) {
      view.resizeNow();
      view.centerOn(i);
    }
  };

  const focus = (i: number) => {
    const n = model.nodes[i]!;
    const expr = n.resourceType === 'source' ? `+source:${n.sourceName}.${n.name}+` : `+${n.name}+`;
    $<HTMLInputElement>('selector').value = expr;
    applySelector(expr, '');
    highlight(i, true);
  };

  const applySelector = (expr: string, exclude: string): string | undefined => {
    if (!expr.trim() && !exclude.trim()) {
      selectMask = undefined;
      $('select-form').classList.remove('error');
      relayout();
      return undefined;
    }
    const r = selector.select(expr, exclude);
    if ('error' in r) {
      $('select-form').classList.add('error');
      status.textContent = r.error;
      return r.error;
    }
    $('select-form').classList.remove('error');
    selectMask = r.mask;
    relayout();
    return undefined;
  };

  view.onSelect = (i) => highlight(i, false);
  view.onFocus = focus;

  const byId = (id: string | null | undefined) => (id ? model.index.get(id) : undefined);
  document.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest<HTMLElement>('[data-node]');
    if (a) {
      e.preventDefault();
      const i = byId(a.dataset.node);
      if (i !== undefined) {
        if (Number.isNaN(layout.x[i]!)) {
          // not in the current graph (filtered out, or a hidden test): show its page anyway
          highlight(i, false);
        } else highlight(i, true);
      }
      $('search-results').hidden = true;
    }
    const action = (e.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action === 'close') highlight(undefined, false);
    if (action === 'focus' && selected !== undefined) focus(selected);
  });

  const searchBox = $<HTMLInputElement>('search');
  const results = $('search-results');
  let hits: number[] = [];
  searchBox.addEventListener('input', () => {
    hits = searchNodes(model, searchBox.value);
    results.hidden = !searchBox.value.trim();
    results.innerHTML = hits.length
      ? hits.map((i) => `<a href="#" data-node="${esc(model.nodes[i]!.id)}"><span class="badge ${model.nodes[i]!.resourceType}">${model.nodes[i]!.resourceType}</span> ${esc(label(model.nodes[i]!))} <span class="muted">${esc(model.nodes[i]!.path)}</span></a>`).join('')
      : '<div class="muted">no match</div>';
  });
  searchBox.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && hits.length) {
      const i = hits[0]!;
      highlight(i, !Number.isNaN(layout.x[i]!));
      results.hidden = true;
    }
    if (e.key === 'Escape') results.hidden = true;
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && document.activeElement?.tagName !== 'INPUT') {
      e.preventDefault();
      searchBox.focus();
    }
  });
  $('select-form').addEventListener('submit', (e) => {
    e.preventDefault();
    applySelector($<HTMLInputElement>('selector').value, $<HTMLInputElement>('exclude').value);
  });
  $('clear-select').addEventListener('click', () => {
    $<HTMLInputElement>('selector').value = '';
    $<HTMLInputElement>('exclude').value = '';
    applySelector('', '');
  });
  $<HTMLInputElement>('show-tests').addEventListener('change', (e) => {
    showTests = (e.target as HTMLInputElement).checked;
    relayout();
  });
  $('fit').addEventListener('click', () => view.fit());

  relayout();
  lap('layout');
  const fromHash = /^#!\/node\/(.+)$/.exec(location.hash);
  const initial = fromHash ? byId(decodeURIComponent(fromHash[1]!)) : undefined;
  if (initial !== undefined) highlight(initial, true);
  view.drawNow();
  lap('draw');

  const ids = (set: Iterable<number>) => [...set].map((i) => model.nodes[i]!.id).sort();
  window.floeDocs = {
    ready: true,
    loadMs: Math.round(performance.now()),
    timings,
    nodeIds: () => model.nodes.map((n) => n.id),
    graphNodeIds: () => model.nodes.filter((_, i) => layout.member[i]).map((n) => n.id),
    drawnNodeIds: () => ids(view.drawn),
    screenPositionOf: (id) => {
      const i = byId(id);
      return i === undefined ? undefined : view.screenPositionOf(i);
    },
    screenBoxOf: (id) => {
      const i = byId(id);
      return i === undefined ? undefined : view.screenBoxOf(i);
    },
    select: (id) => highlight(byId(id), true),
    selected: () => (selected === undefined ? undefined : model.nodes[selected]!.id),
    highlighted: () => ({ upstream: ids(lineage.upstream), downstream: ids(lineage.downstream) }),
    applySelector: (s, x = '') => applySelector(s, x),
    drawStats: () => ({ lastDrawMs: view.lastDrawMs, frames: view.frames }),
  };
  document.body.dataset.ready = 'true';

  if (window.__FLOE_LIVE__) {
    // `floe docs serve`: reload when the project was recompiled (the hash keeps the selection)
    const events = new EventSource(window.__FLOE_LIVE__);
    events.addEventListener('reload', () => location.reload());
  }
}

/** Keeps the selection in the URL (so reloads keep it); some browsers refuse this on file://, which only costs that. */
function setHash(hash: string): void {
  try {
    history.replaceState(null, '', hash || location.pathname + location.search);
  } catch {
    /* not allowed here */
  }
}

function catalogNote(data: DocsSiteIndex): string {
  const lines = data.catalog.computes.length ? [`Column types read from: ${data.catalog.computes.join(', ')}`] : ['Column types: from the project files only.'];
  lines.push(...data.catalog.notes);
  return `<div class="catalog-note muted">${lines.map(esc).join('<br>')}<br>Generated ${esc(data.generatedAt)} by ${esc(data.generator)}</div>`;
}

export type { DocsModel };
boot();
