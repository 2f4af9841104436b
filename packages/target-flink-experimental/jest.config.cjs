// End-to-end tests (*.int.test.ts) need the local Kafka + Flink stack; they run only with FLOE_E2E=1 (`npm run test:e2e`).
const e2e = process.env.FLOE_E2E === '1';
module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: __dirname,
  testPathIgnorePatterns: e2e ? ['/node_modules/'] : ['/node_modules/', '\\.int\\.test\\.ts$'],
  ...(e2e
    ? {
        testTimeout: 300000,
        maxWorkers: 1,
        // One stack for every e2e file; each file's beforeAll then reuses it.
        globalSetup: '<rootDir>/test/support/global-setup.ts',
        globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      }
    : {}),
};
