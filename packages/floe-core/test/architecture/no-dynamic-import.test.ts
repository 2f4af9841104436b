import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The floe launcher's V8 code cache (apps/floe-cli/bin/compile-cache.js) leaves every file whose
// text has `import(` to Node, since a script it compiled cannot run import() on Node 20. One such
// text anywhere in floe-core's sources would land in the shared bundle and cost every command
// about 10 ms of compiling, so the only dynamic import lives in plugin/import-esm.cjs.
const SRC = join(__dirname, '../../src');
const DYNAMIC_IMPORT = /\bimport\s*\(/g;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

test('no dynamic import (or the text of one) in floe-core sources outside plugin/import-esm.cjs', () => {
  const offenders: string[] = [];
  for (const f of files(SRC)) {
    if (!/\.(ts|cjs|js)$/.test(f) || f.endsWith('import-esm.cjs')) continue;
    // `typeof import('x')` is a type and erased from the build
    const text = readFileSync(f, 'utf8').replace(/typeof import\(/g, '');
    if (DYNAMIC_IMPORT.test(text)) offenders.push(relative(SRC, f));
    DYNAMIC_IMPORT.lastIndex = 0;
  }
  expect(offenders).toEqual([]);
});
