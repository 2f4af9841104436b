import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FloeError, type DeferredOutput } from '@floe/core/internal';
import { writeTargetFiles } from '../src/output/write-target';

/** A deferred file that writes `text` to its path, or fails after writing half of it. */
function deferred(text: string, fail = false): DeferredOutput & { aborted: boolean } {
  const d = {
    aborted: false,
    async write(path: string) {
      writeFileSync(path, fail ? text.slice(0, text.length >> 1) : text);
      if (fail) throw new FloeError('FLOE_OUTPUT_UNWRITABLE', `could not write ${path}: disk full`);
    },
    abort() {
      d.aborted = true;
    },
  };
  return d;
}

describe('writeTargetFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-write-target-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes text, streamed pieces and deferred files, then renames them into place', async () => {
    const written = await writeTargetFiles(dir, { 'a.json': 'A\n', 'b.json': ['{', Buffer.from('"b":1'), '}\n'], 'c.json': deferred('C\n') });
    expect(written).toEqual(['a.json', 'b.json', 'c.json'].map((f) => join(dir, 'target', f)));
    expect(readdirSync(join(dir, 'target')).sort()).toEqual(['a.json', 'b.json', 'c.json']);
    expect(readFileSync(join(dir, 'target', 'b.json'), 'utf8')).toBe('{"b":1}\n');
    expect(readFileSync(join(dir, 'target', 'c.json'), 'utf8')).toBe('C\n');
  });

  it('keeps the old files and removes every staged file when a deferred file fails', async () => {
    await writeTargetFiles(dir, { 'a.json': 'old A\n', 'c.json': 'old C\n' });
    const c = deferred('new C\n', true);
    const error = await writeTargetFiles(dir, { 'a.json': 'new A\n', 'c.json': c }).then(() => undefined, (e: unknown) => e);
    expect((error as FloeError).code).toBe('FLOE_OUTPUT_UNWRITABLE');
    expect(c.aborted).toBe(true);
    expect(readdirSync(join(dir, 'target')).sort()).toEqual(['a.json', 'c.json']);
    expect(readFileSync(join(dir, 'target', 'a.json'), 'utf8')).toBe('old A\n');
    expect(readFileSync(join(dir, 'target', 'c.json'), 'utf8')).toBe('old C\n');
  });

  it('aborts a deferred file when a streamed file fails', async () => {
    const c = deferred('C\n');
    const failing = (function* () {
      yield 'partial';
      throw new Error('generator failed');
    })();
    await expect(writeTargetFiles(dir, { 'b.json': failing, 'c.json': c })).rejects.toThrow('generator failed');
    expect(c.aborted).toBe(true);
    expect(readdirSync(join(dir, 'target'))).toEqual([]);
  });
});
