import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchTree } from '../src/output/watch-tree';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (at most 5 s, 50 polls) until `seen` holds `rel`. */
async function until(seen: Set<string>, rel: string): Promise<boolean> {
  for (let i = 0; i < 50 && !seen.has(rel); i++) await sleep(100);
  return seen.has(rel);
}

test('reports edits in nested and new folders, never in ignored ones, and stops after close', async () => {
  const root = mkdtempSync(join(tmpdir(), 'floe-watch-'));
  mkdirSync(join(root, 'models/staging'), { recursive: true });
  mkdirSync(join(root, 'target'));
  writeFileSync(join(root, 'models/staging/a.sql'), 'select 1');
  const seen = new Set<string>();
  const w = watchTree(root, (rel) => /^target(\/|$)/.test(rel), (rel) => seen.add(rel));
  try {
    writeFileSync(join(root, 'models/staging/a.sql'), 'select 2');
    expect(await until(seen, 'models/staging/a.sql')).toBe(true);

    // A folder created after the start is watched from then on.
    mkdirSync(join(root, 'models/marts'));
    expect(await until(seen, 'models/marts')).toBe(true);
    writeFileSync(join(root, 'models/marts/b.sql'), 'select 3');
    expect(await until(seen, 'models/marts/b.sql')).toBe(true);

    // Ignored folders report nothing.
    writeFileSync(join(root, 'target/compiled_artifacts.json'), '{}');
    await sleep(300);
    expect([...seen].filter((p) => p.startsWith('target'))).toEqual([]);

    // A deleted folder is reported and dropped.
    seen.clear();
    rmSync(join(root, 'models/marts'), { recursive: true });
    expect(await until(seen, 'models/marts')).toBe(true);
  } finally {
    w.close();
  }
  seen.clear();
  writeFileSync(join(root, 'models/staging/a.sql'), 'select 4');
  await sleep(300);
  expect([...seen]).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});
