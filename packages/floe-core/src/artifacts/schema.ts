import type { z } from 'zod';
import { memo } from '../util/lazy';
import { lazySchema, zodLib } from '../util/lazy-schema';

/**
 * CompiledArtifacts: the versioned contract every runtime reads (executor,
 * streaming deployer, Dagster plugin). It is kept apart from the compiler's
 * internal types; `compile/to-artifacts.ts` maps one onto the other.
 *
 * Versioning: a new optional field is a minor bump; removing or changing a
 * field is a major bump. Readers refuse an unknown major.
 */
export const ARTIFACTS_VERSION = '1.0.0';

// Every schema below is built on first use (see util/lazy-schema): `floe compile` never validates artifacts.
const jsonValue = memo(() => {
  const z = zodLib();
  const JsonValue: z.ZodType<unknown> = z.lazy(() =>
    z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
  );
  return JsonValue;
});

/** zod schema of one part of {@link CompiledArtifacts} (see {@link CompiledArtifactsSchema}). */
export const RelationSchema = lazySchema((z) =>
  z
    .object({
      database: z.string().optional(),
      schema: z.string(),
      identifier: z.string(),
      /** The fully quoted name as the target writes it. */
      rendered: z.string(),
    })
    .strict(),
);

/** zod schema of one part of {@link CompiledArtifacts} (see {@link CompiledArtifactsSchema}). */
export const ColumnSchema = lazySchema((z) =>
  z
    .object({
      name: z.string(),
      description: z.string().optional(),
      dataType: z.string().optional(),
      tags: z.array(z.string()).optional(),
      meta: z.record(z.string(), jsonValue()).optional(),
    })
    .strict(),
);

/** zod schema of a file position in the artifacts. */
export const LocationSchema = lazySchema((z) => z.object({ file: z.string(), line: z.number().int(), column: z.number().int() }).strict());

/** zod schema of one part of {@link CompiledArtifacts} (see {@link CompiledArtifactsSchema}). */
export const TestSpecSchema = lazySchema((z) =>
  z
    .object({
      kind: z.enum(['generic', 'singular']),
      /** Generic test name: unique, not_null, accepted_values, relationships (or a project's custom generic test). */
      testName: z.string().optional(),
      /** The node or source the test is attached to. */
      attachedTo: z.string().optional(),
      column: z.string().optional(),
      severity: z.enum(['error', 'warn']),
      where: z.string().optional(),
      storeFailures: z.boolean(),
      kwargs: z.record(z.string(), jsonValue()),
    })
    .strict(),
);

/** zod schema of one part of {@link CompiledArtifacts} (see {@link CompiledArtifactsSchema}). */
export const SeedSpecSchema = lazySchema((z) =>
  z
    .object({
      /** CSV path relative to the project root. */
      file: z.string(),
      delimiter: z.string(),
      quote: z.string(),
      columnTypes: z.record(z.string(), z.string()),
      /** Columns in file order, as read from the header at compile time. */
      header: z.array(z.string()),
      /** sha256 of the CSV bytes, so a data change marks the seed modified. */
      fileChecksum: z.string(),
    })
    .strict(),
);

/** zod schema of one part of {@link CompiledArtifacts} (see {@link CompiledArtifactsSchema}). */
export const NodeSchema = lazySchema((z) =>
  z
    .object({
      id: z.string(),
      resourceType: z.enum(['model', 'seed', 'snapshot', 'test']),
      name: z.string(),
      /** Project-relative path of the defining file. */
      path: z.string(),
      location: LocationSchema.optional(),
      fqn: z.array(z.string()),
      description: z.string(),
      tags: z.array(z.string()),
      meta: z.record(z.string(), jsonValue()),
      /** Logical compute name (floe.yaml `compute`), and the target type it resolved to in this environment. */
      compute: z.string(),
      targetType: z.string(),
      materialized: z.string(),
      relation: RelationSchema.nullable(),
      dependsOn: z.array(z.string()),
      config: z.record(z.string(), jsonValue()),
      columns: z.array(ColumnSchema),
      rawCode: z.string(),
      /** The compiled SELECT (ephemeral upstreams inlined as CTEs); null for seeds. */
      compiledSql: z.string().nullable(),
      /** The compiled SELECT with is_incremental() true; present only when the template uses it. */
      compiledIncrementalSql: z.string().optional(),
      /** sha256 over compiled SQL, config and seed data: powers state:modified, caching and plans. */
      checksum: z.string(),
      test: TestSpecSchema.optional(),
      seed: SeedSpecSchema.optional(),
      /** Target-specific compiled data (e.g. Flink DDL statements). */
      target: z
        .object({ statements: z.array(z.string()).optional(), data: z.record(z.string(), jsonValue()).optional() })
        .strict()
        .optional(),
    })
    .strict(),
);

/** zod schema of one part of {@link CompiledArtifacts} (see {@link CompiledArtifactsSchema}). */
export const SourceSchema = lazySchema((z) =>
  z
    .object({
      id: z.string(),
      sourceName: z.string(),
      name: z.string(),
      path: z.string(),
      location: LocationSchema.optional(),
      description: z.string(),
      compute: z.string(),
      targetType: z.string(),
      relation: RelationSchema.nullable(),
      loadedAtField: z.string().optional(),
      freshness: z.record(z.string(), jsonValue()).optional(),
      stream: z.record(z.string(), jsonValue()).optional(),
      columns: z.array(ColumnSchema),
      tags: z.array(z.string()),
      meta: z.record(z.string(), jsonValue()),
    })
    .strict(),
);

/** zod schema of one part of {@link CompiledArtifacts} (see {@link CompiledArtifactsSchema}). */
export const ScheduleSchema = lazySchema((z) =>
  z
    .object({
      name: z.string(),
      cron: z.string(),
      timezone: z.string(),
      select: z.string(),
      /** Node ids the selection resolved to at compile time. */
      nodes: z.array(z.string()),
    })
    .strict(),
);

/** A target config with secrets reduced to their references. */
/** zod schema of one part of {@link CompiledArtifacts} (see {@link CompiledArtifactsSchema}). */
export const ComputeSchema = lazySchema((z) =>
  z
    .object({
      type: z.string(),
      stability: z.enum(['stable', 'experimental']),
      executionModel: z.enum(['batch', 'streaming']),
      config: z.record(z.string(), jsonValue()),
    })
    .strict(),
);

/** The zod schema of {@link CompiledArtifacts}; {@link parseArtifacts} validates with it. */
export const CompiledArtifactsSchema = lazySchema((z) =>
  z
    .object({
      artifactsVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
      generator: z.object({ name: z.literal('floe'), version: z.string() }).strict(),
      project: z
        .object({
          name: z.string(),
          version: z.string(),
          mode: z.enum(['native', 'dbt']),
          description: z.string().optional(),
          owner: z.string().optional(),
        })
        .strict(),
      environment: z.string(),
      computes: z.record(z.string(), ComputeSchema),
      vars: z.record(z.string(), jsonValue()),
      nodes: z.record(z.string(), NodeSchema),
      sources: z.record(z.string(), SourceSchema),
      schedules: z.array(ScheduleSchema),
      parentMap: z.record(z.string(), z.array(z.string())),
      childMap: z.record(z.string(), z.array(z.string())),
    })
    .strict(),
);

/** The compiled artifacts contract (`compiled_artifacts.json`): the only thing runtimes read. Versioned by `artifactsVersion`. */
export type CompiledArtifacts = z.infer<typeof CompiledArtifactsSchema>;
/** One compiled node (model, seed, snapshot or test) of the artifacts, with its compiled SQL and checksum. */
export type CompiledNode = z.infer<typeof NodeSchema>;
/** A declared source table of the artifacts. */
export type CompiledSource = z.infer<typeof SourceSchema>;
/** A schedule of the artifacts with its resolved node ids. */
export type CompiledSchedule = z.infer<typeof ScheduleSchema>;
/** A physical relation name in the artifacts (database, schema, identifier). */
export type CompiledRelation = z.infer<typeof RelationSchema>;
/** The data test a test node runs (generic test name and arguments, or singular). */
export type CompiledTestSpec = z.infer<typeof TestSpecSchema>;
/** How a seed CSV is loaded (file, delimiter, column types). */
export type CompiledSeedSpec = z.infer<typeof SeedSpecSchema>;
/** A logical compute of the artifacts: target type and its config (references only, never secret values). */
export type CompiledCompute = z.infer<typeof ComputeSchema>;
