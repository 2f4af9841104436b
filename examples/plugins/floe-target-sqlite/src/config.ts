import { z } from 'zod';

/** platform.yaml settings of a `type: sqlite` compute. */
export const SqliteConfigSchema = z
  .object({
    type: z.literal('sqlite'),
    /** Database file, relative to the project folder. */
    path: z.string().min(1).default('target/floe.sqlite'),
  })
  .strict();

/** Parsed config of the SQLite target. */
export type SqliteConfig = z.output<typeof SqliteConfigSchema>;
