// Bundles the docs page (src/browser) into dist/browser/app.js (one IIFE, no
// imports at run time, so the page works from file://) and copies app.css.
// floe-core's selector code is bundled from its sources: the `@floe/core/graph`
// import resolves to packages/floe-core/src/graph, which is pure TypeScript.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'browser');
mkdirSync(out, { recursive: true });
const started = Date.now();
await build({
  entryPoints: [join(root, 'src/browser/main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  alias: { '@floe/core/graph': join(root, '../floe-core/src/graph/index.ts') },
  logLevel: 'warning',
});
copyFileSync(join(root, 'src/browser/app.css'), join(out, 'app.css'));
console.log(`built dist/browser/app.js in ${Date.now() - started} ms`);
