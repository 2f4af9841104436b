import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileWatchCommand } from '../src/commands/compile-watch';
import { runCli } from './helpers';

const SHOP = join(__dirname, '../../../examples/shop');

/** Polls until `ok()` holds; fails after `ms`. */
async function until(ok: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('floe compile --watch', () => {
  let dir: string;
  let cold: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-watch-'));
    cpSync(SHOP, join(dir, 'shop'), { recursive: true });
    cpSync(SHOP, join(dir, 'cold'), { recursive: true });
    cold = join(dir, 'cold');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('recompiles an edited model incrementally, a broken one reports and writes nothing; files equal a cold compile', async () => {
    const shop = join(dir, 'shop');
    const lines: string[] = [];
    const ac = new AbortController();
    const done = compileWatchCommand({ projectDir: shop, json: true }, { out: (t) => lines.push(...t.trim().split('\n')), err: () => {} }, ac.signal);
    try {
      await until(() => lines.length >= 1, 60_000, 'the first compile');
      expect(JSON.parse(lines[0]!)).toMatchObject({ ok: true, incremental: false, changed: [] });
      await new Promise((r) => setTimeout(r, 300)); // let fs.watch settle

      const model = 'models/marts/orders.sql';
      appendFileSync(join(shop, model), '\n-- edited in watch mode\n');
      await until(() => lines.length >= 2, 30_000, 'the recompile');
      expect(JSON.parse(lines[1]!)).toMatchObject({ ok: true, incremental: true, changed: [model] });

      // The same edit through a cold `floe compile` gives the same bytes.
      appendFileSync(join(cold, model), '\n-- edited in watch mode\n');
      expect((await runCli(['compile', '--project-dir', cold])).code).toBe(0);
      for (const f of ['compiled_artifacts.json', 'manifest.json']) {
        expect(readFileSync(join(shop, 'target', f), 'utf8') === readFileSync(join(cold, 'target', f), 'utf8')).toBe(true);
      }

      const before = readFileSync(join(shop, 'target/compiled_artifacts.json'), 'utf8');
      writeFileSync(join(shop, model), "select * from {{ ref('no_such_model') }}\n");
      await until(() => lines.length >= 3, 30_000, 'the failed recompile');
      const failed = JSON.parse(lines[2]!) as { ok: boolean; diagnostics: { code: string }[] };
      expect(failed.ok).toBe(false);
      expect(failed.diagnostics.map((d) => d.code)).toContain('FLOE_REF_UNKNOWN');
      expect(readFileSync(join(shop, 'target/compiled_artifacts.json'), 'utf8')).toBe(before);
    } finally {
      ac.abort();
    }
    await expect(done).resolves.toBe(0);
  }, 120_000);

  test('an edit under dbt_packages/ (as `dbt deps` makes) compiles the project again with the package\'s new macro', async () => {
    const proj = join(dir, 'pkgs');
    const files: Record<string, string> = {
      'dbt_project.yml': 'name: pk\nversion: "1.0"\nprofile: pk\n',
      'packages.yml': 'packages:\n  - package: acme/helpers\n    version: 1.0.0\n',
      'dbt_packages/helpers/dbt_project.yml': 'name: helpers\nversion: "1.0"\n',
      'dbt_packages/helpers/macros/money.sql': "{% macro money(col) %}round({{ col }}, 2){% endmacro %}\n",
      'models/prices.sql': "select {{ helpers.money('1.234') }} as price\n",
    };
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(proj, dirname(f)), { recursive: true });
      writeFileSync(join(proj, f), text);
    }
    const lines: string[] = [];
    const ac = new AbortController();
    const done = compileWatchCommand({ projectDir: proj, json: true }, { out: (t) => lines.push(...t.trim().split('\n')), err: () => {} }, ac.signal);
    const sql = () => (Object.values((JSON.parse(readFileSync(join(proj, 'target/compiled_artifacts.json'), 'utf8')) as { nodes: Record<string, { compiledSql: string }> }).nodes)[0]!.compiledSql);
    try {
      await until(() => lines.length >= 1, 60_000, 'the first compile');
      expect(JSON.parse(lines[0]!)).toMatchObject({ ok: true });
      expect(sql()).toContain('round(1.234, 2)');
      await new Promise((r) => setTimeout(r, 300)); // let fs.watch settle

      writeFileSync(join(proj, 'dbt_packages/helpers/macros/money.sql'), "{% macro money(col) %}round({{ col }}, 4){% endmacro %}\n");
      await until(() => lines.length >= 2, 30_000, 'the recompile after the package edit');
      expect(JSON.parse(lines[1]!)).toMatchObject({ ok: true, incremental: false, changed: ['dbt_packages/helpers/macros/money.sql'] });
      expect(sql()).toContain('round(1.234, 4)');
    } finally {
      ac.abort();
    }
    await expect(done).resolves.toBe(0);
  }, 120_000);
});
