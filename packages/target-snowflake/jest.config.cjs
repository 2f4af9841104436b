// End-to-end tests (*.int.test.ts) need the fakesnow emulator (Python venv); they run only with FLOE_E2E=1 (`npm run test:e2e`).
const e2e = process.env.FLOE_E2E === '1';
module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: __dirname,
  testPathIgnorePatterns: e2e ? ['/node_modules/'] : ['/node_modules/', '\\.int\\.test\\.ts$'],
  ...(e2e ? { testTimeout: 300000, maxWorkers: 1 } : {}),
};
