// node --test bench/test
// Checks that the generator is deterministic and produces a well-formed
// dbt-format project (every ref() names an existing model, no cycles, every
// model is described in its folder's property file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, basename, dirname } from 'node:path';
import { generateProject } from '../generate.mjs';

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function digest(dir) {
  const h = createHash('sha256');
  for (const f of walk(dir).sort()) h.update(relative(dir, f)).update(readFileSync(f));
  return h.digest('hex');
}

const tmp = mkdtempSync(join(tmpdir(), 'floe-bench-test-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('same seed gives byte-identical projects, another seed differs', () => {
  generateProject({ out: join(tmp, 'a'), models: 200, seed: 7 });
  generateProject({ out: join(tmp, 'b'), models: 200, seed: 7 });
  generateProject({ out: join(tmp, 'c'), models: 200, seed: 8 });
  assert.equal(digest(join(tmp, 'a')), digest(join(tmp, 'b')));
  assert.notEqual(digest(join(tmp, 'a')), digest(join(tmp, 'c')));
});

test('N models, refs resolve to earlier models, all described in property files', () => {
  const meta = generateProject({ out: join(tmp, 'p'), models: 500 });
  const files = walk(join(tmp, 'p', 'models'));
  const sql = files.filter((f) => f.endsWith('.sql'));
  assert.equal(sql.length, 500);
  assert.equal(meta.models, 500);
  const names = new Set(sql.map((f) => basename(f, '.sql')));
  const seeds = new Set(['raw_customers', 'raw_orders', 'raw_payments', 'raw_products']);
  const layer = (n) => (n.startsWith('stg_') ? 0 : n.includes('_a_') ? 1 : n.includes('_b_') ? 2 : 3);
  for (const f of sql) {
    const text = readFileSync(f, 'utf8');
    const refs = [...text.matchAll(/ref\('(\w+)'\)/g)].map((m) => m[1]);
    const me = basename(f, '.sql');
    assert.match(text, /\{\{ config\(materialized='(view|table)'\) \}\}/, me);
    if (!me.startsWith('stg_')) assert.ok(refs.length >= 1 && refs.length <= 3, `${me} has ${refs.length} refs`);
    for (const r of refs) {
      assert.ok(names.has(r) || seeds.has(r), `${me} refs unknown ${r}`);
      if (names.has(r)) assert.ok(layer(r) < layer(me) || (layer(r) === 2 && layer(me) === 3), `${me} -> ${r} is not to an earlier layer`);
    }
    const yml = readFileSync(join(dirname(f), '_models.yml'), 'utf8');
    assert.ok(yml.includes(`  - name: ${me}\n`), `${me} missing from its _models.yml`);
  }
  assert.ok(existsSync(join(tmp, 'p', meta.touchFile)));
  assert.ok(meta.tests > 50);
});

test('views-only has no table materializations; data-heavy writes direct.sql', () => {
  generateProject({ out: join(tmp, 'v'), models: 100, viewsOnly: true });
  for (const f of walk(join(tmp, 'v', 'models')).filter((x) => x.endsWith('.sql'))) {
    assert.doesNotMatch(readFileSync(f, 'utf8'), /materialized='table'/);
  }
  assert.match(readFileSync(join(tmp, 'v', 'dbt_project.yml'), 'utf8'), /marts:\n\s+\+materialized: view/);
  const h = generateProject({ out: join(tmp, 'h'), dataHeavy: true, rows: 1000 });
  const direct = readFileSync(join(tmp, 'h', 'direct.sql'), 'utf8');
  assert.equal((direct.match(/create or replace/g) ?? []).length, h.models);
  assert.doesNotMatch(direct, /\{\{|ref\(/);
  assert.match(direct, /range\(0, 1000\)/);
});
