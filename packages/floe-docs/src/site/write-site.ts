import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DocsData } from '../data/types';
import { browserAssetsDir } from './assets';
import { indexHtml } from './index-html';

export interface WrittenSite {
  /** Absolute paths, index.html last. */
  files: string[];
  bytes: number;
}

/**
 * The data as a script: `window.__FLOE_DOCS__ = JSON.parse("...")`. A script
 * tag (not fetch) so file:// works; JSON.parse of a string literal is faster
 * for the browser than parsing the same data as an object literal.
 */
export function dataScript(data: DocsData): string {
  const json = JSON.stringify(data);
  return `window.__FLOE_DOCS__=JSON.parse(${JSON.stringify(json).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')});\n`;
}

/**
 * Writes index.html and assets/ (app.js, app.css, data.js) into `outDir`.
 * Each file goes to a temp name first and is renamed into place, index.html
 * last, so a page open during a rewrite reloads a complete site.
 */
export async function writeDocsSite(data: DocsData, outDir: string): Promise<WrittenSite> {
  const assets = browserAssetsDir();
  const files: [string, string | Buffer][] = [
    ['assets/app.js', await readFile(join(assets, 'app.js'))],
    ['assets/app.css', await readFile(join(assets, 'app.css'))],
    ['assets/data.js', dataScript(data)],
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
  return { files: written, bytes };
}
