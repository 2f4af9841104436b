// End-to-end tests (*.int.test.ts): packed tarballs installed outside the repo, dbt-core/dbt-duckdb
// comparisons in a cached venv, OTLP export; they run only with FLOE_E2E=1 (`npm run test:e2e`).
const e2e = process.env.FLOE_E2E === '1';
module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: __dirname,
  testPathIgnorePatterns: e2e ? ['/node_modules/'] : ['/node_modules/', '\\.int\\.test\\.ts$'],
  ...(e2e ? { testTimeout: 600000, maxWorkers: 1 } : {}),
};
