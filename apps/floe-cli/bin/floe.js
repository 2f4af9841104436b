#!/usr/bin/env node
'use strict';
// Thin launcher so the bin link exists before the first build.
require('./v8-flags').tuneV8(); // first: V8 rejects cached code made under other flags
require('./compile-cache').enable();
require('../dist/index.js').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.stack ? err.stack : err); process.exitCode = 70; },
);
