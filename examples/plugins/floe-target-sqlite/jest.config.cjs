// The monorepo's jest preset (swc transform). @floe/* imports resolve to the
// packages' sources there, which expose the same public API as their builds.
module.exports = require('../../../jest.preset.cjs');
