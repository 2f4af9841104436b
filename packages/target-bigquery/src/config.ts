import { z } from 'zod';
import { SecretRefSchema, valueOrEnv } from '@floe/core';

/** platform.yaml entry for `type: bigquery`. Auth: Application Default Credentials, or a key file reference. */
export const bigqueryConfigSchema = z
  .object({
    type: z.literal('bigquery'),
    project: valueOrEnv(z.string().min(1)),
    dataset: z.string().min(1),
    location: z.string().optional(),
    keyfile: SecretRefSchema.optional(),
    maximum_bytes_billed: z.number().int().positive().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    threads: z.number().int().min(1).max(64).default(8),
    api_endpoint: z.string().url().optional(),
  })
  .strict();

export type BigQueryConfig = z.infer<typeof bigqueryConfigSchema>;
