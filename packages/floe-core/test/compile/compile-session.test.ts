import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompileSession, compileOutputs, compileProject, createOutputCache, serializeArtifacts, stableStringify, toDbtManifest, type SessionResult } from '../../src/internal';
import { testRegistry } from './test-targets';

const REPO = join(__dirname, '../../../..');
const SHOP = join(REPO, 'examples/shop');

/** What `floe compile` writes for a cold compile of the folder as it is now. */
async function coldOutputs(dir: string) {
  const r = await compileProject({ projectDir: dir, registry: testRegistry() });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const a = r.artifacts!;
  const out = compileOutputs(a);
  // compileOutputs assembles from pieces; it must equal the whole-document serialisers.
  expect(out['compiled_artifacts.json']).toBe(serializeArtifacts(a));
  expect(out['manifest.json']).toBe(stableStringify(toDbtManifest(a)) + '\n');
  return out;
}

function edit(dir: string, rel: string, change: (text: string) => string): string {
  const p = join(dir, rel);
  const before = readFileSync(p, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(p, after);
  return rel;
}

describe('CompileSession (floe compile --watch)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-session-'));
    // A dbt-format project from the benchmark generator (the shape the recompile figure uses).
    execFileSync(process.execPath, [join(REPO, 'bench/generate.mjs'), '--models', '60', '--out', join(dir, 'gen')], { stdio: 'ignore', timeout: 60_000 });
    cpSync(SHOP, join(dir, 'shop'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('every edit gives the bytes of a cold compile; only SQL-only model edits are incremental', async () => {
    const gen = join(dir, 'gen');
    const session = new CompileSession({ projectDir: gen, registry: testRegistry() });
    const cache = createOutputCache();
    const first = await session.compile();
    expect(first.incremental).toBe(false);
    expect(compileOutputs(first.artifacts!, cache)).toEqual(await coldOutputs(gen));

    const model = 'models/intermediate/sales_000/int_sales_b_00009.sql';
    const steps: [string, () => string, boolean][] = [
      ['trailing comment', () => edit(gen, model, (t) => t + '\n-- edited\n'), true],
      ['new select expression', () => edit(gen, model, (t) => t.replace('select', 'select\n    42 as answer,')), true],
      ['same edit again (no change)', () => model, true],
      ['a ref changes the graph', () => edit(gen, model, (t) => t.replace("ref('int_sales_a_00005')", "ref('int_sales_a_00004')")), false],
      ['config() changes materialization', () => edit(gen, model, (t) => t.replace("materialized='view'", "materialized='table'")), false],
      ['macro body', () => edit(gen, 'macros/bench_macros.sql', (t) => t.replace('/ 100.0', '/ 100.00')), false],
      ['property YAML description', () => edit(gen, 'models/intermediate/sales_000/_models.yml', (t) => t.replace('(generated)', '(edited)')), false],
      ['model after a full compile', () => edit(gen, 'models/intermediate/sales_000/int_sales_a_00013.sql', (t) => t + ' '), true],
    ];
    for (const [what, apply, incremental] of steps) {
      const rel = apply();
      const r: SessionResult = await session.update([rel]);
      expect({ what, errors: r.diagnostics.filter((d) => d.severity === 'error') }).toEqual({ what, errors: [] });
      expect({ what, incremental: r.incremental }).toEqual({ what, incremental });
      const warm = compileOutputs(r.artifacts!, cache);
      const cold = await coldOutputs(gen);
      // toBe on whole files: equal bytes, not just equal values.
      expect({ what, same: warm['compiled_artifacts.json'] === cold['compiled_artifacts.json'] && warm['manifest.json'] === cold['manifest.json'] }).toEqual({ what, same: true });
    }
    const node = Object.values((await session.update([])).artifacts!.nodes).find((n) => n.path === model)!;
    expect(node.compiledSql).toContain('42 as answer');
  }, 120_000);

  test('a broken edit reports the error; fixing it compiles again to cold bytes', async () => {
    const shop = join(dir, 'shop');
    const session = new CompileSession({ projectDir: shop, registry: testRegistry() });
    await session.compile();
    const model = 'models/marts/orders.sql';
    const good = readFileSync(join(shop, model), 'utf8');
    appendFileSync(join(shop, model), '\n{% if %}\n');
    const broken = await session.update([model]);
    expect(broken.artifacts).toBeUndefined();
    expect(broken.diagnostics.some((d) => d.severity === 'error' && d.file === model)).toBe(true);
    writeFileSync(join(shop, model), good + '\n-- fixed\n');
    const fixed = await session.update([model]);
    expect(fixed.incremental).toBe(false); // the broken state kept nothing to build on
    expect(compileOutputs(fixed.artifacts!)).toEqual(await coldOutputs(shop));
    const again = await session.update([edit(shop, model, (t) => t + '\n-- twice\n')]);
    expect(again.incremental).toBe(true);
    expect(compileOutputs(again.artifacts!)).toEqual(await coldOutputs(shop));
  }, 60_000);

  test('a new or deleted file compiles the whole project', async () => {
    const shop = join(dir, 'shop');
    const session = new CompileSession({ projectDir: shop, registry: testRegistry() });
    await session.compile();
    writeFileSync(join(shop, 'models/marts/extra.sql'), "select * from {{ ref('orders') }}\n");
    const added = await session.update(['models/marts/extra.sql']);
    expect(added.incremental).toBe(false);
    expect(Object.keys(added.artifacts!.nodes)).toContain('model.shop.extra');
    rmSync(join(shop, 'models/marts/extra.sql'));
    const removed = await session.update(['models/marts/extra.sql']);
    expect(removed.incremental).toBe(false);
    expect(Object.keys(removed.artifacts!.nodes)).not.toContain('model.shop.extra');
    expect(compileOutputs(removed.artifacts!)).toEqual(await coldOutputs(shop));
  }, 60_000);
});
