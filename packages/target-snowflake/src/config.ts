import { z } from 'zod';
import { SecretRefSchema, valueOrEnv } from '@floe/core';

/** platform.yaml entry for `type: snowflake`. Credentials are references only. */
export const snowflakeConfigSchema = z
  .object({
    type: z.literal('snowflake'),
    account: valueOrEnv(z.string().min(1)),
    user: valueOrEnv(z.string().min(1)),
    password: SecretRefSchema.optional(),
    private_key: SecretRefSchema.optional(),
    private_key_passphrase: SecretRefSchema.optional(),
    oauth_token: SecretRefSchema.optional(),
    role: valueOrEnv(z.string()).optional(),
    warehouse: valueOrEnv(z.string()).optional(),
    database: z.string().min(1),
    schema: z.string().min(1).default('PUBLIC'),
    query_tag: z.string().optional(),
    threads: z.number().int().min(1).max(64).default(8),
    access_url: z.string().url().optional(),
  })
  .strict()
  .refine((c) => [c.password, c.private_key, c.oauth_token].filter(Boolean).length === 1, {
    message: 'give exactly one of password, private_key or oauth_token (as { secret: NAME } or { env: NAME })',
  });

export type SnowflakeConfig = z.infer<typeof snowflakeConfigSchema>;
