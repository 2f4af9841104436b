import { lazySchema } from '@floe/core/internal';
import type { z } from 'zod';

/** Extensions compiled into @duckdb/node-api; any other one would be downloaded, which Floe refuses. */
export const BUILT_IN_EXTENSIONS = ['parquet', 'json', 'icu'] as const;

// Built on first use (see lazySchema in @floe/core/internal): `floe compile` without a
// platform.yaml needs only duckdbDefaultConfig(), so it never loads zod.
export const DuckDbConfigSchema = lazySchema((z) =>
  z
    .object({
      type: z.literal('duckdb'),
      /** Database file, relative to the project folder, or `:memory:`. */
      path: z.string().min(1).default('target/floe.duckdb'),
      threads: z.number().int().positive().optional(),
      /** DuckDB memory limit, e.g. `4GB`. */
      memory_limit: z
        .string()
        .regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'a size like "4GB"')
        .optional(),
      extensions: z
        .array(
          z.enum(BUILT_IN_EXTENSIONS, {
            error: `only the built-in extensions ${BUILT_IN_EXTENSIONS.join(', ')} can be loaded (others would be downloaded, which Floe does not do)`,
          }),
        )
        .default([]),
      /** Other DuckDB database files attached under an alias. */
      attach: z
        .array(z.object({ path: z.string().min(1), alias: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), read_only: z.boolean().default(false) }).strict())
        .default([]),
      /** Schema for models that set none. */
      schema: z.string().min(1).default('main'),
    })
    .strict(),
);

export type DuckDbConfig = z.output<typeof DuckDbConfigSchema>;

/**
 * `DuckDbConfigSchema.parse({ type: 'duckdb' })`, written out (same keys in the same
 * order; a test compares the two) so the default compute needs no zod.
 */
export function duckdbDefaultConfig(): DuckDbConfig {
  return { type: 'duckdb', path: 'target/floe.duckdb', extensions: [], attach: [], schema: 'main' };
}
