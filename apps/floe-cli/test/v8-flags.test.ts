import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * bin/v8-flags.js: the launcher turns TurboFan's inlining off on runtimes whose V8 has Maglev off
 * (Node 20 and 22), and leaves a user's own choice alone.
 */
const FLAGS_JS = join(__dirname, '../bin/v8-flags.js');
const { v8Tuning } = require(FLAGS_JS) as { v8Tuning: (v8Version: string, execArgv: string[]) => string | undefined };

describe('v8Tuning', () => {
  test.each([
    ['11.3.244.8-node.38', '--no-turbo-inlining'], // Node 20
    ['12.4.254.21-node.57', '--no-turbo-inlining'], // Node 22
    ['13.6.233.17-node.53', undefined], // Node 24
    ['14.6.202.34-node.34', undefined], // Node 26
  ])('V8 %s: %s', (version, expected) => {
    expect(v8Tuning(version, [])).toBe(expected);
  });

  test("a user's inlining or Maglev option on node's command line is kept", () => {
    for (const given of ['--turbo-inlining', '--no-turbo-inlining', '--turbo_inlining', '--maglev', '--no-maglev']) {
      expect(v8Tuning('11.3.244.8-node.38', ['--inspect', given])).toBeUndefined();
    }
    // Options that only contain the words are not a choice about them.
    expect(v8Tuning('11.3.244.8-node.38', ['--trace-turbo-inlining', '--maglev-stats'])).toBe('--no-turbo-inlining');
  });
});

describe('tuneV8 in a real process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-v8flags-'));
    // A call TurboFan inlines as soon as it optimises the loop (bounded: 200 × 10,000 additions).
    writeFileSync(
      join(dir, 'hot.js'),
      `if (process.env.TUNE === '1') require(${JSON.stringify(FLAGS_JS)}).tuneV8();
function add(a, b) { return a + b; }
function loop(n) { let s = 0; for (let i = 0; i < n; i++) s = add(s, i); return s; }
let t = 0; for (let k = 0; k < 200; k++) t += loop(10000);
console.log(t);
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const inlinings = (tune: boolean): number => {
    const r = spawnSync(process.execPath, ['--trace-turbo-inlining', join(dir, 'hot.js')], {
      env: { PATH: process.env.PATH ?? '', TUNE: tune ? '1' : '0' },
      encoding: 'utf8',
      timeout: 20000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('9999000000'); // the sum: the script ran to the end
    return r.stdout.split('\n').filter((l) => l.startsWith('Inlining ')).length;
  };

  test('inlining is off after tuneV8 exactly where v8Tuning says so', () => {
    // Without the launcher's setting TurboFan inlines `add`: the trace can show it.
    expect(inlinings(false)).toBeGreaterThan(0);
    const off = v8Tuning(process.versions.v8, []) === '--no-turbo-inlining';
    if (off) expect(inlinings(true)).toBe(0);
    else expect(inlinings(true)).toBeGreaterThan(0);
  });
});
