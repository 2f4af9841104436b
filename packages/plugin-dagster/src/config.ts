import { z } from 'zod';

const DagsterName = z.string().regex(/^[A-Za-z0-9_]+$/, 'use letters, digits and underscores');

/** Options of `floe orchestrate dagster` (plugin config). Every field is optional. */
export const DagsterPluginConfigSchema = z
  .object({
    /** compiled_artifacts.json, relative to the project directory (default: the CLI's, target/compiled_artifacts.json). */
    artifactsPath: z.string().min(1).optional(),
    /** The floe command the assets run, e.g. ["npx", "floe"]; default: FLOE_COMMAND, then `floe` on PATH, then `npx --no-install floe`. */
    floeCommand: z.array(z.string().min(1)).min(1).optional(),
    /** Prepended to every asset key, e.g. ["analytics"]. */
    assetKeyPrefix: z.array(DagsterName).optional(),
    /** Streaming health: sensor interval, the checkpoint age that counts as unhealthy, REST timeout. */
    flink: z
      .object({
        sensorIntervalSeconds: z.number().int().positive().optional(),
        maxCheckpointAgeSeconds: z.number().positive().optional(),
        requestTimeoutSeconds: z.number().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type DagsterPluginConfig = z.output<typeof DagsterPluginConfigSchema>;
