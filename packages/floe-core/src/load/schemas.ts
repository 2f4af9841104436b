import type { z } from 'zod';
import { memo } from '../util/lazy';
import { lazySchema, zodLib } from '../util/lazy-schema';

/** floe.yaml / platform.yaml `apiVersion`. */
export const API_VERSION = 'floe.dev/v1';
export const PROJECT_NAME_RE = /^[a-z][a-z0-9-]*$/;
/** semver 2.0.0, from semver.org. */
export const SEMVER_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
export const DURATION_RE = /^[0-9]+(ms|s|m|h|d)$/;

// Built together on first use (see util/lazy-schema): a dbt project has no floe.yaml or platform.yaml to validate.
function buildYamlSchemas(z: typeof import('zod').z) {
  const pathList = z.union([z.string(), z.array(z.string())]);
  const anyMap = z.record(z.string(), z.unknown());
  /** A generic test entry: `unique`, or `{ accepted_values: { values: [...] } }`. */
  const testEntry = z.union([z.string(), anyMap]);
  const tests = z.array(testEntry);
  const duration = z.string().regex(DURATION_RE, 'a duration like 30s, 5m, 12h or 1d');
  const freshnessAfter = z.union([
    duration,
    z.strictObject({ count: z.number().int().positive(), period: z.enum(['minute', 'hour', 'day']) }),
  ]);
  const freshness = z.union([
    z.null(),
    z.strictObject({ warn_after: freshnessAfter.optional(), error_after: freshnessAfter.optional(), filter: z.string().optional() }),
  ]);

  const column = z.strictObject({
    name: z.string(),
    /** Logical type (PROJECT_FORMAT.md §4); checked separately for a precise message. */
    type: z.string().optional(),
    data_type: z.string().optional(),
    description: z.string().optional(),
    tests: tests.optional(),
    data_tests: tests.optional(),
    meta: anyMap.optional(),
    tags: z.array(z.string()).optional(),
    quote: z.boolean().optional(),
    constraints: z.array(anyMap).optional(),
  });

  const stream = z.strictObject({
    kafka: z.strictObject({
      topic: z.string(),
      format: z.enum(['json', 'avro', 'avro-confluent', 'csv', 'raw', 'debezium-json']).optional(),
      start: z.string().optional().describe('earliest | latest | group-offsets | an ISO timestamp'),
      key: z.array(z.string()).optional(),
    }),
    watermark: z.strictObject({ column: z.string(), delay: duration.optional() }).optional(),
  });

  const sourceTable = z.strictObject({
    name: z.string(),
    description: z.string().optional(),
    identifier: z.string().optional(),
    loaded_at_field: z.string().optional(),
    freshness: freshness.optional(),
    columns: z.array(column).optional(),
    tests: tests.optional(),
    data_tests: tests.optional(),
    meta: anyMap.optional(),
    tags: z.array(z.string()).optional(),
    quoting: anyMap.optional(),
    config: anyMap.optional(),
    stream: stream.optional(),
  });

  const source = z.strictObject({
    name: z.string(),
    description: z.string().optional(),
    schema: z.string().optional(),
    database: z.string().optional(),
    compute: z.string().optional(),
    loader: z.string().optional(),
    loaded_at_field: z.string().optional(),
    freshness: freshness.optional(),
    meta: anyMap.optional(),
    tags: z.array(z.string()).optional(),
    quoting: anyMap.optional(),
    config: anyMap.optional(),
    tables: z.array(sourceTable),
  });

  const schedule = z.strictObject({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a schedule name: letters, digits, "_" and "-"'),
    /** 5-field cron; checked separately for a precise position. */
    cron: z.string(),
    /** IANA timezone; default UTC. */
    timezone: z.string().optional(),
    /** Selector (PROJECT_FORMAT.md §7); default: every node. */
    select: z.string().optional(),
    exclude: z.string().optional(),
    description: z.string().optional(),
  });

  /** Folder config block: config keys (with or without `+`) and folder names; checked by config-tree.ts. */
  const folderConfig = z.record(z.string(), z.unknown());

  const floeYamlSchema = z.strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Project'),
    metadata: z.strictObject({
      name: z
        .string()
        .regex(PROJECT_NAME_RE, 'a project name: lowercase letters, digits and "-", starting with a letter')
        .max(63, 'a project name has at most 63 characters'),
      version: z.string().regex(SEMVER_RE, 'a semver version such as 1.0.0'),
      owner: z.string().optional(),
      description: z.string().optional(),
    }),
    compute: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a logical compute name').optional(),
    experimental: z.array(z.string()).optional(),
    plugins: z.array(z.string()).optional(),
    vars: anyMap.optional(),
    paths: z
      .strictObject({
        models: pathList.optional(),
        seeds: pathList.optional(),
        tests: pathList.optional(),
        macros: pathList.optional(),
        snapshots: pathList.optional(),
        docs: pathList.optional(),
      })
      .optional(),
    models: folderConfig.optional(),
    seeds: folderConfig.optional(),
    snapshots: folderConfig.optional(),
    tests: folderConfig.optional(),
    sources: z.array(source).optional(),
    schedules: z.array(schedule).optional(),
  });

  const platformYamlSchema = z.strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Platform'),
    environments: z.record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'an environment name'),
      z.strictObject({
        description: z.string().optional(),
        /** Logical compute name → target entry; the entry is validated by its target plugin's schema later. */
        compute: z.record(z.string(), z.looseObject({ type: z.string() })),
      }),
    ),
  });

  return { floeYamlSchema, platformYamlSchema };
}

const yamlSchemas = memo(() => buildYamlSchemas(zodLib()));

/** zod schema of floe.yaml. */
export const floeYamlSchema = lazySchema(() => yamlSchemas().floeYamlSchema);

export type FloeYaml = z.infer<typeof floeYamlSchema>;

/** zod schema of platform.yaml. */
export const platformYamlSchema = lazySchema(() => yamlSchemas().platformYamlSchema);

export type PlatformYaml = z.infer<typeof platformYamlSchema>;

/** JSON Schema of floe.yaml for editors (yaml-language-server). */
export function floeYamlJsonSchema(): object {
  return { ...zodLib().toJSONSchema(yamlSchemas().floeYamlSchema, { io: 'input' }), title: 'Floe project (floe.yaml)' };
}

/** JSON Schema of platform.yaml for editors. */
export function platformYamlJsonSchema(): object {
  return { ...zodLib().toJSONSchema(yamlSchemas().platformYamlSchema, { io: 'input' }), title: 'Floe platform (platform.yaml)' };
}
