import { z } from 'zod';
import { SecretRefSchema } from '@floe/core';

/** platform.yaml entry for `type: flink` (experimental; needs `experimental: [flink]` in floe.yaml). */
export const flinkConfigSchema = z
  .object({
    type: z.literal('flink'),
    gateway: z.string().url().default('http://127.0.0.1:8083'),
    jobmanager: z.string().url().default('http://127.0.0.1:8081'),
    kafka: z
      .object({
        brokers: z.array(z.string().min(1)).min(1),
        sasl_password: SecretRefSchema.optional(),
      })
      .strict(),
    savepoints: z.string().min(1).optional(),
    checkpoints: z.string().min(1).optional(),
    checkpoint_interval: z.string().default('10s'),
    /** Deployment ledger, job records and compiled plans (default <project>/target/flink). The SQL Gateway must see it at the same path (COMPILE/EXECUTE PLAN). */
    state_dir: z.string().min(1).optional(),
    parallelism: z.number().int().min(1).default(1),
    /** How often a command's gateway session is heartbeated; keep it well under the gateway's idle timeout. */
    heartbeat_interval: z.string().default('2s'),
    /** Default database/catalog names for the SQL Gateway session. */
    catalog: z.string().default('default_catalog'),
    database: z.string().default('default_database'),
  })
  .strict();

export type FlinkConfig = z.infer<typeof flinkConfigSchema>;
