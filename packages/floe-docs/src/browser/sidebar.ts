import { esc, label } from './details';
import type { DocsModel } from './model';

const GROUPS: [string, string][] = [
  ['source', 'Sources'],
  ['seed', 'Seeds'],
  ['model', 'Models'],
  ['snapshot', 'Snapshots'],
  ['test', 'Tests'],
];

/**
 * The project tree: resource type → folder (sources: source name) → node.
 * Built as one HTML string (a few ms for 10,000 nodes); folders start closed
 * except in small projects.
 */
export function renderSidebar(model: DocsModel): string {
  const open = model.nodes.length <= 300;
  const out: string[] = [];
  for (const [type, title] of GROUPS) {
    const members: number[] = [];
    for (let i = 0; i < model.nodes.length; i++) if (model.nodes[i]!.resourceType === type) members.push(i);
    if (!members.length) continue;
    const folders = new Map<string, number[]>();
    for (const i of members) {
      const n = model.nodes[i]!;
      const folder = type === 'source' ? (n.sourceName ?? '') : n.path.includes('/') ? n.path.slice(0, n.path.lastIndexOf('/')) : '.';
      const list = folders.get(folder);
      if (list) list.push(i);
      else folders.set(folder, [i]);
    }
    out.push(`<details class="group" data-type="${type}"${open || type === 'model' ? ' open' : ''}><summary>${title} <span class="count">${members.length}</span></summary>`);
    for (const folder of [...folders.keys()].sort()) {
      const list = folders.get(folder)!.sort((a, b) => (model.lowerNames[a]! < model.lowerNames[b]! ? -1 : 1));
      out.push(`<details class="folder"${open ? ' open' : ''}><summary>${esc(folder)} <span class="count">${list.length}</span></summary><ul>`);
      for (const i of list) {
        const n = model.nodes[i]!;
        out.push(`<li><a href="#" class="node-link" data-node="${esc(n.id)}">${esc(type === 'source' ? n.name : label(n))}${n.streaming ? ' ⚡' : ''}</a></li>`);
      }
      out.push('</ul></details>');
    }
    out.push('</details>');
  }
  return out.join('');
}
