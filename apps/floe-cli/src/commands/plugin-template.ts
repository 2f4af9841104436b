import { FLOE_VERSION } from '@floe/core';

/**
 * The files of a new target package (`floe plugin new NAME`). The package
 * builds and its tests pass as generated: the conformance suite starts with
 * every feature skipped (each skip printed with its reason), and the author
 * removes entries from that list as the connection learns each feature.
 */

/** Exact versions of the tools the generated package builds and tests with (the ones Floe itself uses). */
export const TEMPLATE_VERSIONS = {
  zod: '4.6.7',
  jest: '30.5.2',
  '@swc/core': '1.16.22',
  '@swc/jest': '0.2.39',
  '@types/jest': '30.0.0',
  '@types/node': '20.19.25',
  tsup: '8.5.1',
  typescript: '5.9.3',
} as const;

const pascal = (name: string) => name.replace(/(^|[-_])([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());

export function targetPackageFiles(name: string): Record<string, string> {
  const pkg = `floe-target-${name}`;
  const P = pascal(name);
  const v = TEMPLATE_VERSIONS;
  const files: Record<string, string> = {};

  files['package.json'] =
    JSON.stringify(
      {
        name: pkg,
        version: '0.1.0',
        description: `Floe compute target for ${name}.`,
        license: 'Apache-2.0',
        keywords: ['floe', 'floe-plugin', 'floe-target'],
        engines: { node: '>=20.6' },
        sideEffects: false,
        main: './dist/index.js',
        module: './dist/index.mjs',
        types: './dist/index.d.ts',
        exports: {
          '.': {
            import: { types: './dist/index.d.mts', default: './dist/index.mjs' },
            require: { types: './dist/index.d.ts', default: './dist/index.js' },
          },
          './package.json': './package.json',
        },
        files: ['dist', 'README.md'],
        scripts: { build: 'tsup', typecheck: 'tsc --noEmit -p tsconfig.json', test: 'jest' },
        peerDependencies: { '@floe/core': `^${FLOE_VERSION}` },
        dependencies: { zod: v.zod },
        devDependencies: {
          '@floe/core': FLOE_VERSION,
          '@floe/target-conformance': FLOE_VERSION,
          '@swc/core': v['@swc/core'],
          '@swc/jest': v['@swc/jest'],
          '@types/jest': v['@types/jest'],
          '@types/node': v['@types/node'],
          jest: v.jest,
          tsup: v.tsup,
          typescript: v.typescript,
        },
      },
      null,
      2,
    ) + '\n';

  files['tsconfig.json'] = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023"],
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "isolatedModules": true,
    "declaration": true,
    "types": ["node", "jest"]
  },
  "include": ["src", "test"]
}
`;

  files['tsup.config.ts'] = `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { types: ['node'] } },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
`;

  files['jest.config.cjs'] = `module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
};
`;

  files['.gitignore'] = 'node_modules/\ndist/\n';

  files['src/config.ts'] = `import { z } from 'zod';

// A credential is never a literal in a project file: only a reference,
// resolved by Floe when the connection opens (ConnectContext.resolveSecret).
const SecretRef = z.union([z.object({ env: z.string().min(1) }).strict(), z.object({ secret: z.string().min(1) }).strict()]);

/** platform.yaml settings of a \`type: ${name}\` compute. */
export const ${P}ConfigSchema = z
  .object({
    type: z.literal('${name}'),
    /** Where the database listens. */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().positive().optional(),
    user: z.string().optional(),
    password: SecretRef.optional(),
    /** Schema for models that set none. */
    schema: z.string().min(1).default('public'),
  })
  .strict();

/** Parsed config of the ${name} target. */
export type ${P}Config = z.output<typeof ${P}ConfigSchema>;
`;

  files['src/dialect.ts'] = `import { mapLogicalType, type Dialect, type RelationName } from '@floe/core';
import type { ${P}Config } from './config';

export function quoteIdentifier(name: string): string {
  return \`"\${name.replace(/"/g, '""')}"\`;
}

export function quoteLiteral(value: string): string {
  return \`'\${value.replace(/'/g, "''")}'\`;
}

// Floe's logical column types → this engine's types. Adjust to the engine.
const TYPES: Readonly<Record<string, string>> = {
  string: 'VARCHAR',
  text: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE PRECISION',
  float: 'REAL',
  decimal: 'DECIMAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

export function mapType(logical: string): string {
  return mapLogicalType(logical, TYPES);
}

/** The pure half of the target: quoting, names, types. It never does I/O, so \`floe compile\` runs anywhere. */
export function create${P}Dialect(config: ${P}Config): Dialect {
  return {
    name: '${name}',
    defaultSchema: config.schema,
    quoteIdentifier,
    quoteLiteral,
    mapType,
    renderRelation: (r: RelationName) => [r.database, r.schema, r.identifier].filter((p): p is string => !!p).map(quoteIdentifier).join('.'),
  };
}
`;

  files['src/capabilities.ts'] = `import { DEFAULT_CAPABILITIES, type TargetCapabilities } from '@floe/core';

/**
 * What this target can do. Floe refuses, at compile time, a model that needs
 * more. Grow it as the connection learns each feature (and remove the matching
 * skips in test/conformance.test.ts).
 */
export const ${name.replace(/-/g, '_')}Capabilities: TargetCapabilities = {
  ...DEFAULT_CAPABILITIES,
  materializations: ['view', 'table', 'ephemeral'],
  seeds: false,
  tests: true,
};
`;

  files['src/connection.ts'] = `import {
  FloeError,
  type BatchConnection,
  type CompiledNode,
  type ConnectContext,
  type ExecuteOptions,
  type NodeRunOptions,
  type NodeRunResult,
  type QueryResult,
  type TestRunResult,
} from '@floe/core';
import type { ${P}Config } from './config';
import { quoteIdentifier } from './dialect';

/** Opens the connection. Secrets are resolved here and nowhere else; never log them. */
export async function connect${P}(config: ${P}Config, ctx: ConnectContext): Promise<${P}Connection> {
  const password = config.password ? ctx.resolveSecret(config.password) : undefined;
  ctx.logger.debug('connecting', { host: config.host, port: config.port, user: config.user });
  return new ${P}Connection(config, password !== undefined);
}

/** The I/O half of the target: every statement Floe runs on ${name} goes through \`execute\`. */
export class ${P}Connection implements BatchConnection {
  constructor(
    private readonly config: ${P}Config,
    private readonly hasPassword: boolean,
  ) {}

  async execute(sql: string, options: ExecuteOptions = {}): Promise<QueryResult> {
    if (options.signal?.aborted) throw new FloeError('FLOE_RUN_CANCELLED', 'cancelled before the statement started');
    // TODO: run \`sql\` with the engine's client (honour options.signal) and return its rows.
    throw new FloeError('FLOE_CONNECTION_FAILED', \`floe-target-${name} cannot run SQL yet (host \${this.config.host}\${this.hasPassword ? ', with password' : ''})\`, {
      hint: 'Implement execute() in src/connection.ts with the engine client.',
    });
  }

  async runNode(node: CompiledNode, options: NodeRunOptions): Promise<NodeRunResult> {
    const rel = node.relation;
    if (!rel || node.compiledSql === null) throw new FloeError('FLOE_INTERNAL', \`\${node.name}: nothing to build\`);
    const target = [rel.schema, rel.identifier].map(quoteIdentifier).join('.');
    switch (node.materialized) {
      case 'view':
        await this.execute(\`create or replace view \${target} as \${node.compiledSql}\`, options);
        return { message: 'CREATE VIEW' };
      case 'table': {
        // Build beside, then swap. Make this one transaction if the engine has transactional DDL.
        const staging = [rel.schema, \`\${rel.identifier}__floe_new\`].map(quoteIdentifier).join('.');
        await this.execute(\`drop table if exists \${staging}\`, options);
        await this.execute(\`create table \${staging} as \${node.compiledSql}\`, options);
        await this.execute(\`drop table if exists \${target}\`, options);
        await this.execute(\`alter table \${staging} rename to \${quoteIdentifier(rel.identifier)}\`, options);
        return { message: 'CREATE TABLE' };
      }
      default:
        throw new FloeError('FLOE_CAPABILITY_MISSING', \`\${node.name}: floe-target-${name} cannot build "\${node.materialized}" yet\`);
    }
  }

  async runTest(node: CompiledNode, options: NodeRunOptions): Promise<TestRunResult> {
    const r = await this.execute(\`select count(*) as failures from (\${node.compiledSql}) as t\`, options);
    return { failures: Number(r.rows[0]?.['failures'] ?? 0) };
  }

  async close(): Promise<void> {
    // TODO: close the client.
  }
}
`;

  files['src/index.ts'] = `import { PLUGIN_API_VERSION, defineTarget } from '@floe/core';
import { ${name.replace(/-/g, '_')}Capabilities } from './capabilities';
import { ${P}ConfigSchema, type ${P}Config } from './config';
import { connect${P} } from './connection';
import { create${P}Dialect } from './dialect';

/** The ${name} compute target: list \`${pkg}\` under plugins: and use \`type: ${name}\` in platform.yaml. */
export const ${name.replace(/-/g, '_')}Target = defineTarget<${P}Config>({
  name: '${name}',
  apiVersion: PLUGIN_API_VERSION,
  stability: 'experimental',
  description: '${name} (generated by floe plugin new)',
  configSchema: ${P}ConfigSchema,
  capabilities: ${name.replace(/-/g, '_')}Capabilities,
  createDialect: (config) => create${P}Dialect(config),
  connect: (config, ctx) => connect${P}(config, ctx),
});

export default ${name.replace(/-/g, '_')}Target;
export { ${P}ConfigSchema, type ${P}Config } from './config';
export { create${P}Dialect, mapType, quoteIdentifier, quoteLiteral } from './dialect';
`;

  files['test/dialect.test.ts'] = `import { assertPlugin, isFloeError } from '@floe/core';
import plugin, { ${P}ConfigSchema, create${P}Dialect, mapType } from '../src';

describe('${pkg}', () => {
  test('is a valid Floe plugin for this core', () => {
    expect(assertPlugin(plugin, '${pkg}').name).toBe('${name}');
  });

  test('config: defaults, and credentials only as references', () => {
    expect(${P}ConfigSchema.parse({ type: '${name}' })).toMatchObject({ host: '127.0.0.1', schema: 'public' });
    expect(${P}ConfigSchema.safeParse({ type: '${name}', password: 'hunter2' }).success).toBe(false);
    expect(${P}ConfigSchema.safeParse({ type: '${name}', password: { secret: 'DB_PASSWORD' } }).success).toBe(true);
  });

  test('dialect: quoting, relations and types', () => {
    const d = create${P}Dialect(${P}ConfigSchema.parse({ type: '${name}' }));
    expect(d.quoteIdentifier('a"b')).toBe('"a""b"');
    expect(d.quoteLiteral("it's")).toBe("'it''s'");
    expect(d.renderRelation({ schema: 'analytics', identifier: 'orders' })).toBe('"analytics"."orders"');
    expect(mapType('decimal(10,2)')).toBe('DECIMAL(10,2)');
  });

  test('the connection reports clearly that it cannot run SQL yet', async () => {
    const conn = await plugin.connect(${P}ConfigSchema.parse({ type: '${name}' }), {
      projectDir: process.cwd(),
      resolveSecret: () => '',
      logger: { debug() {}, info() {}, warn() {} },
    });
    const err = await conn.execute('select 1').catch((e: unknown) => e);
    expect(isFloeError(err) && err.code).toBe('FLOE_CONNECTION_FAILED');
  });
});
`;

  files['test/conformance.test.ts'] = `import { runTargetConformance } from '@floe/target-conformance';
import plugin from '../src';

// The shared suite every Floe target runs. Each feature starts skipped, with
// its reason printed; remove an entry once the connection implements it.
const NOT_YET = ['view', 'table', 'ephemeral', 'incremental', 'on_schema_change', 'snapshot', 'seed', 'data tests', 'failure isolation', 'cancellation', 'compiled fixture project', 'cross-database macros'];

runTargetConformance({
  name: '${name}',
  plugin,
  makeConfig: () => ({ type: '${name}' }),
  skip: NOT_YET.map((test) => ({ test, reason: 'not implemented yet in ${pkg} (src/connection.ts); remove it from NOT_YET when it is' })),
});
`;

  files['README.md'] = `# ${pkg}

A [Floe](https://example.invalid/floe) compute target for ${name}, generated by
\`floe plugin new ${name}\`.

## Use it

\`\`\`yaml
# floe.yaml
compute: warehouse
experimental: [${name}]
plugins:
  - ${pkg}
\`\`\`

\`\`\`yaml
# platform.yaml
apiVersion: floe.dev/v1
kind: Platform
environments:
  dev:
    compute:
      warehouse: { type: ${name}, host: 127.0.0.1, password: { secret: ${name.toUpperCase().replace(/-/g, '_')}_PASSWORD } }
\`\`\`

## Develop

\`\`\`sh
npm install
npm run build && npm test
\`\`\`

- \`src/config.ts\`: the zod schema of the platform.yaml entry (\`type: ${name}\`).
  Credentials are references only.
- \`src/dialect.ts\`: pure quoting, relation names and type mapping (compile time, no I/O).
- \`src/connection.ts\`: the I/O half. Start with \`execute()\`.
- \`src/capabilities.ts\`: what the target can do; Floe refuses other models at compile time.
- \`test/conformance.test.ts\`: the shared conformance suite. Every feature starts
  skipped; remove entries from \`NOT_YET\` as you implement them.

See Floe's \`docs/writing-a-target.md\` for the contract, capability flags, the
experimental tier and what graduating from it requires.
`;
  return files;
}
