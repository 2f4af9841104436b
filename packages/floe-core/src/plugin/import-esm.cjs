'use strict';
// import() of an ES module (a file URL), in a file of its own that floe-core loads with
// require(): the floe launcher's V8 code cache (apps/floe-cli/bin/compile-cache.js) cannot run
// import() from a script it compiled, so it leaves every file whose text has `import(` to Node.
// With the one call here, the floe-core bundle has no such text and is cached. Plain JS, not
// bundled: the build copies it to dist/ (tsup.config.ts), beside the chunk that requires it.
module.exports = (url) => import(url);
