import { esc, label } from './details';
import type { DocsModel } from './model';

const GROUPS: [string, string][] = [
  ['source', 'Sources'],
  ['seed', 'Seeds'],
  ['model', 'Models'],
  ['snapshot', 'Snapshots'],
  ['test', 'Tests'],
];

/** Projects up to this size show the whole tree open; bigger ones fill a folder when it is opened. */
const OPEN_LIMIT = 500;

/**
 * The project tree: resource type → folder (sources: source name) → node.
 * A folder's list is rendered when it is first opened, so a 10,000-model
 * project costs a few hundred folder rows at load.
 */
export function mountSidebar(el: HTMLElement, model: DocsModel, footer: string): void {
  const open = model.nodes.length <= OPEN_LIMIT;
  const folders = new Map<string, number[]>();
  const out: string[] = [];
  for (const [type, title] of GROUPS) {
    const byFolder = new Map<string, number[]>();
    let count = 0;
    for (let i = 0; i < model.nodes.length; i++) {
      const n = model.nodes[i]!;
      if (n.resourceType !== type) continue;
      count++;
      const folder = type === 'source' ? (n.sourceName ?? '') : n.path.includes('/') ? n.path.slice(0, n.path.lastIndexOf('/')) : '.';
      const list = byFolder.get(folder);
      if (list) list.push(i);
      else byFolder.set(folder, [i]);
    }
    if (!count) continue;
    out.push(`<details class="group" data-type="${type}"${open || type === 'model' ? ' open' : ''}><summary>${title} <span class="count">${count}</span></summary>`);
    for (const folder of [...byFolder.keys()].sort()) {
      const key = `${type}|${folder}`;
      const list = byFolder.get(folder)!;
      folders.set(key, list);
      out.push(`<details class="folder" data-key="${esc(key)}"${open ? ' open' : ''}><summary title="${esc(folder)}">${esc(shortFolder(type, folder))} <span class="count">${list.length}</span></summary><ul>${open ? items(model, list) : ''}</ul></details>`);
    }
    out.push('</details>');
  }
  el.innerHTML = out.join('') + footer;
  if (open) return;
  // 'toggle' does not bubble: listen in the capture phase
  el.addEventListener(
    'toggle',
    (e) => {
      const d = e.target as HTMLDetailsElement;
      if (!d.open || !d.dataset.key || d.dataset.filled) return;
      d.dataset.filled = '1';
      d.querySelector('ul')!.innerHTML = items(model, folders.get(d.dataset.key) ?? []);
    },
    true,
  );
}

/** Folders without their resource root (`models/staging` → `staging`); sources keep their name. */
function shortFolder(type: string, folder: string): string {
  if (type === 'source') return folder;
  const rest = folder.split('/').slice(1).join('/');
  return rest || folder;
}

function items(model: DocsModel, list: number[]): string {
  return list
    .slice()
    .sort((a, b) => (model.lowerNames[a]! < model.lowerNames[b]! ? -1 : model.lowerNames[a]! > model.lowerNames[b]! ? 1 : 0))
    .map((i) => {
      const n = model.nodes[i]!;
      return `<li><a href="#" class="node-link" data-node="${esc(n.id)}">${esc(n.resourceType === 'source' ? n.name : label(n))}${n.streaming ? ' ⚡' : ''}</a></li>`;
    })
    .join('');
}
