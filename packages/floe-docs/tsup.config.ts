import { defineConfig } from 'tsup';

// The Node half (data, catalog, site writer, server). The browser app under
// src/browser is bundled separately by scripts/build-browser.mjs.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
});
