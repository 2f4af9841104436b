import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defaultFqn, type DocsData, type DocsNodeDetails, type DocsSiteIndex, type DocsSiteNode } from '../data/types';
import { browserAssetsDir } from './assets';
import { indexHtml } from './index-html';

export interface WrittenSite {
  /** Absolute paths, index.html last. */
  files: string[];
  bytes: number;
}

export const DETAILS_CHUNK_SIZE = 500;

const jsString = (value: unknown) => JSON.stringify(JSON.stringify(value)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * Splits the data into what the page needs at load (summaries: graph, tree,
 * search, selectors) and per-node details loaded when a node is opened.
 */
export function splitDocsData(data: DocsData, chunkSize = DETAILS_CHUNK_SIZE): { index: DocsSiteIndex; chunks: DocsNodeDetails[][] } {
  const { nodes, ...header } = data;
  const summaries: DocsSiteNode[] = [];
  const chunks: DocsNodeDetails[][] = [];
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  nodes.forEach((n, i) => {
    const { description, meta, compute, targetType, relation, line, columns, rawCode, compiledSql, dependsOn, fqn, packageName, ...summary } = n;
    const details: DocsNodeDetails = { description, meta, compute, targetType, relation, columns };
    if (line !== undefined) details.line = line;
    if (rawCode !== undefined) details.rawCode = rawCode;
    if (compiledSql !== undefined) details.compiledSql = compiledSql;
    const site: DocsSiteNode = { ...summary, deps: dependsOn.flatMap((id) => position.get(id) ?? []) };
    if (packageName !== data.project.name) site.packageName = packageName;
    if (!sameList(fqn, defaultFqn(packageName, n.path, n.name))) site.fqn = fqn;
    summaries.push(site);
    (chunks[Math.floor(i / chunkSize)] ??= []).push(details);
  });
  return { index: { ...header, chunkSize, chunks: chunks.length, nodes: summaries }, chunks };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Scripts, not JSON files, so file:// works (no fetch): data.js sets
 * `window.__FLOE_DOCS__`; each details chunk calls `window.__floeDocsDetails(n, [...])`.
 * The payload is a JSON.parse of a string literal, which browsers parse
 * faster than the same data written as an object literal.
 */
export function dataScript(index: DocsSiteIndex): string {
  return `window.__FLOE_DOCS__=JSON.parse(${jsString(index)});\n`;
}

export function detailsScript(chunk: number, details: DocsNodeDetails[]): string {
  return `window.__floeDocsDetails(${chunk},JSON.parse(${jsString(details)}));\n`;
}

/**
 * Writes index.html and assets/ (app.js, app.css, data.js) into `outDir`.
 * Each file goes to a temp name first and is renamed into place, index.html
 * last, so a page open during a rewrite reloads a complete site.
 */
export async function writeDocsSite(data: DocsData, outDir: string): Promise<WrittenSite> {
  const assets = browserAssetsDir();
  const split = splitDocsData(data);
  const files: [string, string | Buffer][] = [
    ['assets/app.js', await readFile(join(assets, 'app.js'))],
    ['assets/app.css', await readFile(join(assets, 'app.css'))],
    ...split.chunks.map((c, n): [string, string] => [`assets/details/${n}.js`, detailsScript(n, c)]),
    ['assets/data.js', dataScript(split.index)],
    ['index.html', indexHtml(data.project.name)],
  ];
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  let bytes = 0;
  for (const [rel, contents] of files) {
    const path = join(outDir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path + suffix, contents);
    bytes += typeof contents === 'string' ? Buffer.byteLength(contents) : contents.length;
  }
  const written: string[] = [];
  for (const [rel] of files) {
    const path = join(outDir, rel);
    await rename(path + suffix, path);
    written.push(path);
  }
  // chunks left over from a bigger earlier site are never referenced; remove them
  const detailsDir = join(outDir, 'assets', 'details');
  for (const f of await readdir(detailsDir).catch(() => [] as string[])) {
    const m = /^(\d+)\.js$/.exec(f);
    if (m && Number(m[1]) >= split.chunks.length) await rm(join(detailsDir, f), { force: true });
  }
  return { files: written, bytes };
}
