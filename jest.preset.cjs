// Shared jest preset: @swc/jest transpiles TypeScript (type checking is the
// separate `typecheck` target), and @floe/* imports resolve to sources so
// tests never depend on a stale dist/.
const path = require('node:path');
const root = __dirname;
const map = {
  '^@floe/core/package.json$': 'packages/floe-core/package.json',
  '^@floe/core$': 'packages/floe-core/src/index.ts',
  '^@floe/core/(.*)$': 'packages/floe-core/src/$1',
  '^@floe/target-conformance$': 'packages/target-conformance/src/index.ts',
  '^@floe/target-duckdb$': 'packages/target-duckdb/src/index.ts',
  '^@floe/target-snowflake$': 'packages/target-snowflake/src/index.ts',
  '^@floe/target-bigquery$': 'packages/target-bigquery/src/index.ts',
  '^@floe/target-flink-experimental$': 'packages/target-flink-experimental/src/index.ts',
  '^@floe/plugin-dagster$': 'packages/plugin-dagster/src/index.ts',
  '^@floe/docs$': 'packages/floe-docs/src/index.ts',
  '^@floe/cli$': 'apps/floe-cli/src/index.ts',
};
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: Object.fromEntries(Object.entries(map).map(([k, v]) => [k, path.join(root, v)])),
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  testTimeout: 30000,
};
