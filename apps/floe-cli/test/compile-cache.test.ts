import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers';

const SHOP = join(__dirname, '../../../examples/shop');

async function compileJson(dir: string, ...extra: string[]): Promise<{ ok: boolean; cached?: boolean; nodes: Record<string, number> }> {
  const r = await runCli(['compile', '--project-dir', dir, '--json', ...extra]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const read = (dir: string, f: string) => readFileSync(join(dir, 'target', f), 'utf8');

describe('floe compile cache (target/.floe-compile-cache.json)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'floe-cache-'));
  });
  afterAll(() => {
    delete process.env.FLOE_CACHE_TEST_VAR;
    rmSync(root, { recursive: true, force: true });
  });

  test('skips the work only when nothing it reads changed; after any change the files equal a cold compile', async () => {
    const dir = join(root, 'shop');
    const cold = join(root, 'cold');
    cpSync(SHOP, dir, { recursive: true });
    const first = await compileJson(dir);
    expect(first.cached).toBeUndefined();
    const bytes = read(dir, 'compiled_artifacts.json');

    const again = await compileJson(dir);
    expect(again).toMatchObject({ ok: true, cached: true, nodes: first.nodes });
    expect(read(dir, 'compiled_artifacts.json')).toBe(bytes);

    // Each change below must compile again, to the bytes a cold compile of the same folder writes.
    const changes: [string, () => void, string[]][] = [
      ['a model edit', () => appendFileSync(join(dir, 'models/marts/orders.sql'), '\n-- edited\n'), []],
      ['a new model in a new folder', () => {
        mkdirSync(join(dir, 'models/extra/deeper'), { recursive: true });
        writeFileSync(join(dir, 'models/extra/deeper/extra_orders.sql'), "select * from {{ ref('orders') }}\n");
      }, []],
      ['--vars', () => {}, ['--vars', '{"some_var": 1}']],
      ['a model reading env_var', () => writeFileSync(join(dir, 'models/extra/env_model.sql'), "select '{{ env_var(\"FLOE_CACHE_TEST_VAR\", \"a\") }}' as v\n"), []],
      ['the env var it reads', () => {
        process.env.FLOE_CACHE_TEST_VAR = 'b';
      }, []],
      ['an edited output file', () => appendFileSync(join(dir, 'target/manifest.json'), ' '), []],
    ];
    for (const [what, change, args] of changes) {
      change();
      const r = await compileJson(dir, ...args);
      expect({ what, cached: r.cached }).toEqual({ what, cached: undefined });
      rmSync(cold, { recursive: true, force: true });
      cpSync(dir, cold, { recursive: true });
      rmSync(join(cold, 'target'), { recursive: true, force: true });
      await compileJson(cold, ...args);
      expect({ what, same: read(dir, 'compiled_artifacts.json') === read(cold, 'compiled_artifacts.json') && read(dir, 'manifest.json') === read(cold, 'manifest.json') }).toEqual({ what, same: true });
      const hit = await compileJson(dir, ...args);
      expect({ what, cached: hit.cached }).toEqual({ what, cached: true });
    }
    expect(read(dir, 'compiled_artifacts.json')).toContain("'b' as v");
  }, 180_000);

  test('a project whose SQL reads run_started_at or the clock compiles every time and keeps no cache file', async () => {
    const dir = join(root, 'clock');
    cpSync(SHOP, dir, { recursive: true });
    await compileJson(dir);
    expect((await compileJson(dir)).cached).toBe(true);
    writeFileSync(join(dir, 'models/stamped.sql'), "select '{{ run_started_at.strftime(\"%Y-%m-%d %H:%M:%S.%f\") }}' as compiled_at\n");
    const stamps: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await compileJson(dir);
      expect(r.cached).toBeUndefined();
      expect(existsSync(join(dir, 'target', '.floe-compile-cache.json'))).toBe(false);
      stamps.push(/'(\d{4}-[^']+)' as compiled_at/.exec(read(dir, 'compiled_artifacts.json'))?.[1] ?? 'none');
    }
    expect(stamps[0]).not.toBe('none');
    expect(stamps[1]).not.toBe(stamps[0]);
    // The same for the clock read through dbt's modules.
    writeFileSync(join(dir, 'models/stamped.sql'), "select '{{ modules.datetime.date.today() }}' as compiled_on\n");
    expect((await compileJson(dir)).cached).toBeUndefined();
    expect((await compileJson(dir)).cached).toBeUndefined();
  }, 120_000);
});
