import { z } from 'zod';
import { SecretRefSchema, valueOrEnv } from '@floe/core';

/**
 * A credential. In platform.yaml it is only ever a `{ secret: }`/`{ env: }`
 * reference (floe-core refuses literal secrets when it loads the file); at
 * connect time floe-core hands the target the resolved value, hence the string.
 */
const credential = z.union([SecretRefSchema, z.string().min(1)]);

/** platform.yaml entry for `type: snowflake`. */
export const snowflakeConfigSchema = z
  .object({
    type: z.literal('snowflake'),
    account: valueOrEnv(z.string().min(1)),
    user: valueOrEnv(z.string().min(1)),
    /** Password auth. */
    password: credential.optional(),
    /** Key-pair auth: a PEM private key (PKCS#8), optionally encrypted with private_key_passphrase. */
    private_key: credential.optional(),
    private_key_passphrase: credential.optional(),
    /** OAuth access token auth. */
    oauth_token: credential.optional(),
    role: valueOrEnv(z.string().min(1)).optional(),
    warehouse: valueOrEnv(z.string().min(1)).optional(),
    database: z.string().min(1),
    schema: z.string().min(1).default('PUBLIC'),
    query_tag: z.string().max(2000).optional(),
    /** Sessions opened in parallel (one per running node). */
    threads: z.number().int().min(1).max(64).default(8),
    /** Seconds to wait for login before failing with FLOE_CONNECTION_FAILED. */
    connect_timeout_seconds: z.number().int().min(1).max(600).default(30),
    /** Tables (and seeds) are TRANSIENT unless a model sets `transient: false`. */
    transient: z.boolean().default(true),
    /** Full URL of the service, e.g. a private link or a local emulator (`http://127.0.0.1:PORT`). */
    access_url: z.string().url().optional(),
  })
  .strict()
  .refine((c) => [c.password, c.private_key, c.oauth_token].filter(Boolean).length === 1, {
    message: 'give exactly one of password, private_key or oauth_token (as { secret: NAME } or { env: NAME })',
  });

export type SnowflakeConfig = z.output<typeof snowflakeConfigSchema>;
