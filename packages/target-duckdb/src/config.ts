import { lazySchema } from '@floe/core/internal';
import type { z } from 'zod';

/** Extensions compiled into @duckdb/node-api; any other one would be downloaded, which Floe refuses. */
export const BUILT_IN_EXTENSIONS = ['parquet', 'json', 'icu'] as const;

const MEMORY_LIMIT_RE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;
const ALIAS_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The zod schema of a DuckDB compute (DuckDbConfigSchema is this, built on first use). */
export function buildDuckDbConfigSchema(z: typeof import('zod').z) {
  return z
    .object({
      type: z.literal('duckdb'),
      /** Database file, relative to the project folder, or `:memory:`. */
      path: z.string().min(1).default('target/floe.duckdb'),
      threads: z.number().int().positive().optional(),
      /** DuckDB memory limit, e.g. `4GB`. */
      memory_limit: z
        .string()
        .regex(MEMORY_LIMIT_RE, 'a size like "4GB"')
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
        .array(z.object({ path: z.string().min(1), alias: z.string().regex(ALIAS_RE), read_only: z.boolean().default(false) }).strict())
        .default([]),
      /** Schema for models that set none. */
      schema: z.string().min(1).default('main'),
    })
    .strict();
}

// Built on first use (see lazySchema in @floe/core/internal). Its parse tries
// fastParseDuckDbConfig first, so `floe compile` (the default config, or an ordinary
// profiles.yml/platform.yaml entry) does not load zod unless zod must judge the entry.
export const DuckDbConfigSchema = lazySchema(buildDuckDbConfigSchema, (input) => fastParseDuckDbConfig(input));

export type DuckDbConfig = z.output<typeof DuckDbConfigSchema>;

const KEYS = new Set(['type', 'path', 'threads', 'memory_limit', 'extensions', 'attach', 'schema']);
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * What DuckDbConfigSchema.parse returns for an ordinary valid entry (keys in schema order,
 * defaults filled in, new arrays), or undefined for anything unusual, valid or not, which
 * zod then judges and words. It only ever accepts what the schema accepts (a test checks both).
 */
export function fastParseDuckDbConfig(input: unknown) {
  if (!isMap(input) || input.type !== 'duckdb') return undefined;
  for (const k in input) if (!KEYS.has(k) || input[k] === undefined) return undefined;
  const { path = 'target/floe.duckdb', threads, memory_limit, extensions = [], attach = [], schema = 'main' } = input;
  if (!isNonEmptyString(path) || !isNonEmptyString(schema)) return undefined;
  if (threads !== undefined && !(typeof threads === 'number' && Number.isSafeInteger(threads) && threads > 0)) return undefined;
  if (memory_limit !== undefined && !(typeof memory_limit === 'string' && MEMORY_LIMIT_RE.test(memory_limit))) return undefined;
  if (!Array.isArray(extensions) || !extensions.every(isBuiltInExtension)) return undefined;
  if (!Array.isArray(attach) || attach.length > 0) return undefined; // attached databases: zod parses them
  // Schema order; an optional key appears only when given, as zod writes it.
  return {
    type: 'duckdb' as const,
    path,
    ...(threads !== undefined && { threads }),
    ...(memory_limit !== undefined && { memory_limit }),
    extensions: [...extensions],
    attach: [],
    schema,
  };
}

function isBuiltInExtension(e: unknown): e is (typeof BUILT_IN_EXTENSIONS)[number] {
  return (BUILT_IN_EXTENSIONS as readonly unknown[]).includes(e);
}
