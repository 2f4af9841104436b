import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * bin/compile-cache.js, the V8 code cache the `floe` launcher turns on, run in real Node
 * processes on a small CommonJS tree: results, import(), require.resolve and stack traces
 * stay as without it; an edited file is never run from stale cached code.
 */
const CACHE_JS = join(__dirname, '../bin/compile-cache.js');
const builtIn = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('bin/compile-cache.js', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-v8cache-'));
    writeFileSync(join(dir, 'a.js'), "const b = require('./b.cjs');\nmodule.exports = async () => ({ b: b.value(), resolved: require.resolve('./b.cjs') === __dirname + '/b.cjs', esm: (await import('./d.mjs')).default, stack: b.fail() });\n");
    writeFileSync(join(dir, 'b.cjs'), "exports.value = () => 'one';\nexports.fail = () => new Error('x').stack.split('\\n')[1].trim();\n");
    writeFileSync(join(dir, 'd.mjs'), 'export default 42;\n');
    writeFileSync(join(dir, 'run.js'), `require(${JSON.stringify(CACHE_JS)}).enable();\nrequire('./a.js')().then((v) => console.log(JSON.stringify(v)));\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(dir, 'run.js')], { cwd: dir, env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(dir, 'cache'), ...env }, encoding: 'utf8', timeout: 20000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as { b: string; resolved: boolean; esm: number; stack: string };
  };
  const cacheFiles = () => (existsSync(join(dir, 'cache/floe/compile-cache')) ? readdirSync(join(dir, 'cache/floe/compile-cache')) : []);

  test('the first run writes the cache; later runs use it and give the same results', () => {
    const first = run();
    expect(first).toEqual({ b: 'one', resolved: true, esm: 42, stack: expect.stringContaining(`${join(dir, 'b.cjs')}:2:`) });
    const files = cacheFiles();
    expect(files.length).toBeGreaterThan(0);
    if (builtIn) return; // Node >= 22.1: module.enableCompileCache owns the folder's layout
    const file = join(dir, 'cache/floe/compile-cache', files[0]!);
    const buf = readFileSync(file);
    const index = JSON.parse(buf.toString('utf8', 4, 4 + buf.readUInt32LE(0))) as Record<string, unknown>;
    // a.js has import(), which a script compiled with cached data cannot run on Node 20: not cached.
    // run.js is the entry point, compiled before the hook.
    expect(Object.keys(index)).toEqual([join(dir, 'b.cjs')]);
    const written = statSync(file).mtimeMs;
    expect(run()).toEqual(first);
    expect(statSync(file).mtimeMs).toBe(written); // every entry was accepted: nothing rewritten
  });

  test('an edited file (same length) runs its new code', () => {
    run();
    writeFileSync(join(dir, 'b.cjs'), "exports.value = () => 'two';\nexports.fail = () => new Error('x').stack.split('\\n')[1].trim();\n");
    expect(run().b).toBe('two');
    expect(run().b).toBe('two');
  });

  test('FLOE_NO_COMPILE_CACHE=1 writes nothing', () => {
    rmSync(join(dir, 'cache'), { recursive: true, force: true });
    expect(run({ FLOE_NO_COMPILE_CACHE: '1' }).esm).toBe(42);
    expect(cacheFiles()).toEqual([]);
  });
});
