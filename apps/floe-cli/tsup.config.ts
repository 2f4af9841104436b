import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  // Commands and built-in plugins load on first use: `import()` (commands, @floe/docs, Flink,
  // Dagster) and literal `require()` (src/registry.ts, synchronous because the registry is).
  // CJS (the bin): import() becomes require(), as in the targets' builds; a CJS import() would go
  // through the ESM loader and load the ESM copy of @floe/core beside the CJS one.
  // ESM: esbuild's require() shim needs a real `require`, so the bundle makes one.
  esbuildOptions(options, context) {
    if (context.format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': false };
  },
  banner: ({ format }) => (format === 'esm' ? { js: "import { createRequire as __floeCreateRequire } from 'node:module';\nconst require = __floeCreateRequire(import.meta.url);" } : {}),
});
