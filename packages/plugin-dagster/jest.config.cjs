// *.int.test.ts need Python and real Dagster (tools/python/ensure-venv.sh); they
// run only with FLOE_E2E=1 (npm run test:e2e). The e2e run starts the local
// Kafka + Flink stack once (global setup) or reuses a running one.
const e2e = process.env.FLOE_E2E === '1';
module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: __dirname,
  testPathIgnorePatterns: e2e ? ['/node_modules/'] : ['/node_modules/', '\\.int\\.test\\.ts$'],
  ...(e2e
    ? {
        globalSetup: '<rootDir>/test/support/global-setup.ts',
        globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      }
    : {}),
};
