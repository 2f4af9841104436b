import { copyFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Two entries: the public API (`@floe/core`) and Floe's own internal surface
// (`@floe/core/internal`). Splitting (also for CJS) keeps one copy of each
// module, so both entries share state such as the tracer and registries.
export default defineConfig({
  entry: { index: 'src/index.ts', internal: 'src/internal.ts', 'manifest-worker': 'src/compile/manifest-worker.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  // Rollup writes the split CJS build. Without it tsup converts the ESM chunks with
  // sucrase, which lowers every `?.` and `??` to helper calls that allocate a closure
  // each time: 175 of them on the compile's hot paths, about 8 % of a 10k-model compile.
  treeshake: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  // Loaded with require() beside the bundle, not bundled (see the file's comment).
  onSuccess: async () => copyFileSync('src/plugin/import-esm.cjs', 'dist/import-esm.cjs'),
});
