'use strict';
// V8 settings for the floe CLI's own process (a library user's process is left alone).
//
// Node 20 and 22 (V8 11 and 12) run without Maglev, V8's fast mid-tier compiler (their V8 has it
// but it is off by default), so TurboFan optimises everything. With inlining on, compiling
// Floe's code costs almost as much CPU as running it: at 5,000 models on Node 20, about 0.7 s on
// V8's background threads against about 1 s on the main thread. On a two-core machine those
// threads take the second core from the compile. Without inlining the main thread's CPU stays
// the same and the background work drops by about a third (docs/benchmarks.md, round 14).
// From V8 13 (Node 24 and later, Maglev on) turning it off changed nothing measurable, so it
// stays on there.
//
// This must run before any script is compiled with the code cache: V8 rejects cached code made
// under other flags. A user who sets inlining or Maglev on node's command line keeps their choice
// (NODE_OPTIONS accepts neither).

const v8 = require('node:v8');

// The last V8 major that Node ships with Maglev off.
const LAST_V8_WITHOUT_MAGLEV = 12;

/** The V8 option the CLI sets for itself on this runtime, or undefined (see above). */
function v8Tuning(v8Version, execArgv) {
  if (!(Number.parseInt(v8Version, 10) <= LAST_V8_WITHOUT_MAGLEV)) return undefined;
  if (execArgv.some((a) => /^--(no-)?(turbo[-_]inlining|maglev)$/.test(a))) return undefined;
  return '--no-turbo-inlining';
}

function tuneV8() {
  const option = v8Tuning(process.versions.v8, process.execArgv);
  if (option) v8.setFlagsFromString(option);
}

module.exports = { tuneV8, v8Tuning };
