import { z } from 'zod';
import { SecretRefSchema, valueOrEnv } from '@floe/core';

/**
 * platform.yaml entry for `type: bigquery`. Auth: Application Default
 * Credentials when `keyfile` is absent, otherwise a key file reference
 * (`{ secret: X }` / `{ env: X }`) whose value is a path to a service-account
 * JSON file or the JSON itself. The value is read only when a connection opens.
 */
export const bigqueryConfigSchema = z
  .object({
    type: z.literal('bigquery'),
    project: valueOrEnv(z.string().min(1)),
    dataset: z.string().min(1),
    location: z.string().optional(),
    /** A path to the key file, or a `{ secret: }` / `{ env: }` reference holding the path or the JSON itself. */
    keyfile: z.union([SecretRefSchema, z.string().min(1)]).optional(),
    maximum_bytes_billed: z.number().int().positive().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    threads: z.number().int().min(1).max(64).default(8),
    /** Another endpoint for the BigQuery REST API (an emulator or a private endpoint). */
    api_endpoint: z.string().url().optional(),
    /** How long opening the connection (the first API call) may take. */
    connect_timeout_seconds: z.number().int().min(1).max(600).default(20),
    /** Upper bound for one query job; BigQuery cancels it after this long. */
    job_timeout_seconds: z.number().int().min(1).optional(),
  })
  .strict();

export type BigQueryConfig = z.infer<typeof bigqueryConfigSchema>;
