// *.int.test.ts drive real headless Chromium (tools/browser/ensure-chromium.sh);
// they run only with FLOE_E2E=1 (npm run test:e2e).
const e2e = process.env.FLOE_E2E === '1';
module.exports = {
  ...require('../../jest.preset.cjs'),
  rootDir: __dirname,
  testPathIgnorePatterns: e2e ? ['/node_modules/'] : ['/node_modules/', '\\.int\\.test\\.ts$'],
  ...(e2e ? { testTimeout: 600000, maxWorkers: 1 } : {}),
};
