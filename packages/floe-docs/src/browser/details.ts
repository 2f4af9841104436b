import type { DocsNodeDetails, DocsNodeSummary } from '../data/types';
import type { DocsModel } from './model';

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const link = (model: DocsModel, i: number) => {
  const n = model.nodes[i]!;
  return `<a href="#" class="node-link" data-node="${esc(n.id)}"><span class="badge ${n.resourceType}">${n.resourceType}</span> ${esc(label(n))}</a>`;
};

export function label(n: DocsNodeSummary): string {
  return n.resourceType === 'source' && n.sourceName ? `${n.sourceName}.${n.name}` : n.name;
}

/** The node page: everything the artifacts say about one node. */
export function renderDetails(model: DocsModel, i: number, d: DocsNodeDetails | undefined, lineage: { upstream: number; downstream: number }): string {
  const s0 = model.nodes[i]!;
  const n = { ...s0, ...(d ?? { description: '', meta: {}, compute: '', targetType: '', relation: null, columns: [] }) };
  const parts: string[] = [];
  parts.push(`<header><span class="badge ${n.resourceType}">${n.resourceType}</span><h2 id="node-name">${esc(label(n))}</h2>
    <div class="actions"><button data-action="focus">Focus lineage</button><button data-action="close" title="Close">×</button></div></header>`);
  if (n.streaming) {
    const s = n.streaming;
    parts.push(`<div class="streaming" id="streaming">⚡ streaming${s.topic ? ` · topic <code>${esc(s.topic)}</code>` : ''}${
      s.jobState ? ` · job <span class="job-state ${esc(s.jobState.toLowerCase())}">${esc(s.jobState)}</span>` : ' · job state unknown'
    }${s.jobId ? ` <code>${esc(s.jobId)}</code>` : ''}</div>`);
  }
  if (!d) parts.push(`<p class="muted" id="details-loading">Loading details…</p>`);
  else parts.push(n.description ? `<p class="description">${esc(n.description)}</p>` : `<p class="description muted">No description.</p>`);
  const rows: [string, string][] = [
    ['id', `<code>${esc(n.id)}</code>`],
    ['file', `<code id="node-path">${esc(n.path)}${n.line ? `:${n.line}` : ''}</code>`],
  ];
  if (n.relation) rows.push(['relation', `<code>${esc(n.relation)}</code>`]);
  if (n.resourceType !== 'source' && n.resourceType !== 'test') rows.push(['materialized', esc(n.materialized)]);
  if (d) rows.push(['compute', `${esc(n.compute)} (${esc(n.targetType)})`]);
  if (n.tags.length) rows.push(['tags', n.tags.map((t) => `<span class="tag">${esc(t)}</span>`).join(' ')]);
  if (n.test) rows.push(['test', `${n.test.kind}${n.test.testName ? ` · ${esc(n.test.testName)}` : ''}${n.test.column ? ` on <code>${esc(n.test.column)}</code>` : ''}${n.test.severity ? ` · severity ${esc(n.test.severity)}` : ''}`]);
  rows.push(['lineage', `${lineage.upstream} upstream · ${lineage.downstream} downstream`]);
  parts.push(`<table class="props">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`);

  if (n.columns.length) {
    parts.push(`<h3>Columns</h3><table class="columns" id="columns"><thead><tr><th>name</th><th>type</th><th>description</th></tr></thead><tbody>${n.columns
      .map(
        (c) =>
          `<tr><td><code>${esc(c.name)}</code></td><td>${c.catalogType ? `<span title="from the database">${esc(c.catalogType)}</span>` : c.declaredType ? `<span class="muted" title="declared in YAML">${esc(c.declaredType)}</span>` : ''}</td><td>${esc(c.description ?? '')}</td></tr>`,
      )
      .join('')}</tbody></table>`);
  }
  const ups: string[] = [];
  for (let k = model.upOff[i]!; k < model.upOff[i + 1]!; k++) ups.push(`<li>${link(model, model.upEdges[k]!)}</li>`);
  const downs: string[] = [];
  const tests: string[] = [];
  for (let k = model.downOff[i]!; k < model.downOff[i + 1]!; k++) {
    const c = model.downEdges[k]!;
    (model.nodes[c]!.resourceType === 'test' ? tests : downs).push(`<li>${link(model, c)}</li>`);
  }
  parts.push(`<div class="rel"><div><h3>Depends on</h3><ul id="depends-on">${ups.join('') || '<li class="muted">nothing</li>'}</ul></div>
    <div><h3>Referenced by</h3><ul id="referenced-by">${downs.join('') || '<li class="muted">nothing</li>'}</ul></div></div>`);
  if (n.compiledSql !== undefined) parts.push(`<h3>Compiled SQL</h3><pre class="code" id="compiled-sql">${esc(n.compiledSql)}</pre>`);
  if (n.rawCode) parts.push(`<details><summary>Source code</summary><pre class="code" id="raw-code">${esc(n.rawCode)}</pre></details>`);
  if (Object.keys(n.config).length) parts.push(`<details><summary>Config</summary><pre class="code" id="config">${esc(JSON.stringify(n.config, null, 2))}</pre></details>`);
  if (tests.length) parts.push(`<h3>Tests</h3><ul id="tests">${tests.join('')}</ul>`);
  if (Object.keys(n.meta).length) parts.push(`<details><summary>Meta</summary><pre class="code">${esc(JSON.stringify(n.meta, null, 2))}</pre></details>`);
  return parts.join('\n');
}
