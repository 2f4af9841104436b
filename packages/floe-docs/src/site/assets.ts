import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError } from '@floe/core';

/**
 * Where the bundled page (app.js, app.css) lives: next to the built module
 * (dist/browser), or, when running from sources (tests), in the package's
 * dist/browser made by `npm run build`.
 */
export function browserAssetsDir(): string {
  const candidates = [join(__dirname, 'browser'), join(__dirname, '..', '..', 'dist', 'browser'), join(__dirname, '..', 'dist', 'browser')];
  for (const dir of candidates) if (existsSync(join(dir, 'app.js'))) return dir;
  throw new FloeError('FLOE_INTERNAL', `the docs page bundle (app.js) was not found; looked in ${candidates.join(', ')}`, {
    hint: 'Build @floe/docs first: npm run build -w @floe/docs',
  });
}
