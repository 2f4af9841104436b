import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileProject } from '../../src';
import { fingerprintMatches, fingerprintProject } from '../../src/compile';
import { loadProject } from '../../src/load';
import { cleanupProjects, writeProject } from '../load/helpers';
import { testRegistry } from './test-targets';

/**
 * Installed dbt packages (what `dbt deps` leaves in dbt_packages/): their macros as
 * `<package>.<macro>`, their generic tests, and adapter.dispatch into them, as dbt resolves them.
 */

afterAll(cleanupProjects);

const DBT_PROJECT = ['name: shop', "version: '1.0.0'", 'config-version: 2', 'profile: shop', ''].join('\n');

/** A package as `dbt deps` installs it: its own dbt_project.yml and macro files. */
function acme(dir = 'dbt_packages/acme'): Record<string, string> {
  return {
    [`${dir}/dbt_project.yml`]: ['name: acme', "version: '0.3.0'", 'config-version: 2', ''].join('\n'),
    [`${dir}/macros/money.sql`]: [
      '{% macro money(col) %}({{ col }} / 100.0)::decimal(18, 2){% endmacro %}',
      "{% macro cents(c) %}{{ return(adapter.dispatch('cents', 'acme')(c)) }}{% endmacro %}",
      '{% macro default__cents(c) %}acme_cents({{ c }}){% endmacro %}',
      "{% macro fail() %}{{ run_query('select 1') }}{% endmacro %}",
    ].join('\n'),
    [`${dir}/macros/generic/positive.sql`]: [
      '{% test positive(model, column_name, other=none) %}',
      "  {{ return(adapter.dispatch('test_positive', 'acme')(model, column_name, other)) }}",
      '{% endtest %}',
      '{% macro default__test_positive(model, column_name, other) %}',
      "select {{ '*' if should_store_failures() else '1' }} from {{ model }} where {{ column_name }} <= 0",
      '{%- if other %} and exists (select 1 from {{ ref(other) }}){% endif %}',
      '{% endmacro %}',
    ].join('\n'),
  };
}

function project(files: Record<string, string>): string {
  return writeProject({ 'dbt_project.yml': DBT_PROJECT, ...files });
}

async function compiled(dir: string) {
  const r = await compileProject({ projectDir: dir, registry: testRegistry() });
  const nodes = Object.values(r.artifacts?.nodes ?? {});
  const sql = new Map(nodes.map((n) => [n.name, n.compiledSql ?? '']));
  return { r, nodes, sql, errors: r.diagnostics.filter((d) => d.severity === 'error'), warnings: r.diagnostics.filter((d) => d.severity === 'warning') };
}

describe('dbt packages', () => {
  test("a package's macros are called as <package>.<macro>, and dispatch into it finds its default", async () => {
    const { errors, sql } = await compiled(project({ ...acme(), 'models/a.sql': "select {{ acme.money('amount') }} as m, {{ acme.cents('c') }} as c" }));
    expect(errors).toEqual([]);
    expect(sql.get('a')).toBe('select (amount / 100.0)::decimal(18, 2) as m, acme_cents(c) as c');
  });

  test("the project's own implementation wins a dispatch into an installed package (dbt searches the root project first)", async () => {
    const dir = project({ ...acme(), 'macros/over.sql': '{% macro duckdb__cents(c) %}mine({{ c }}){% endmacro %}', 'models/a.sql': "select {{ acme.cents('c') }} as c" });
    const { errors, sql } = await compiled(dir);
    expect(errors).toEqual([]);
    expect(sql.get('a')).toBe('select mine(c) as c');
  });

  test("dbt_project.yml dispatch: search_order decides, and may leave the project out", async () => {
    const files = { ...acme(), 'macros/over.sql': '{% macro default__cents(c) %}mine({{ c }}){% endmacro %}', 'models/a.sql': "select {{ acme.cents('c') }} as c" };
    const only = project({ ...files, 'dbt_project.yml': `${DBT_PROJECT}dispatch:\n  - macro_namespace: acme\n    search_order: [acme]\n` });
    expect((await compiled(only)).sql.get('a')).toBe('select acme_cents(c) as c');
    const bad = project({ ...files, 'dbt_project.yml': `${DBT_PROJECT}dispatch:\n  - macro_namespace: acme\n    search_order: shop\n` });
    const { errors } = await compiled(bad);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FLOE_CONFIG_INVALID', file: 'dbt_project.yml', line: 6 });
  });

  test("a package's generic test runs with a model's globals and is named as dbt names it", async () => {
    const dir = project({
      ...acme(),
      'models/orders.sql': 'select 1 as amount',
      'models/limits.sql': 'select 1 as x',
      'models/orders.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: amount',
        '        data_tests:',
        '          - acme.positive:',
        '              other: limits',
        '          - acme.positive:',
        '              config: { store_failures: true }',
        '',
      ].join('\n'),
    });
    const { errors, nodes } = await compiled(dir);
    expect(errors).toEqual([]);
    const tests = nodes.filter((n) => n.resourceType === 'test').sort((a, b) => a.name.localeCompare(b.name));
    expect(tests.map((t) => t.name)).toEqual(['acme_positive_orders_amount', 'acme_positive_orders_amount__limits']);
    expect(tests[0]!.compiledSql).toBe('select * from "main"."orders" where amount <= 0');
    expect(tests[1]!.compiledSql).toBe('select 1 from "main"."orders" where amount <= 0 and exists (select 1 from "main"."limits")');
    // The ref() inside the package's test is a dependency of the test.
    expect(tests[1]!.dependsOn).toEqual(['model.shop.limits', 'model.shop.orders']);
  });

  test('a package macro is not callable without its package name, and a misspelt one gets a guess', async () => {
    const bare = await compiled(project({ ...acme(), 'models/a.sql': "select {{ money('x') }}" }));
    expect(bare.errors[0]).toMatchObject({ code: 'FLOE_MACRO_UNKNOWN', file: 'models/a.sql', line: 1 });
    const typo = await compiled(project({ ...acme(), 'models/a.sql': "select {{ acme.mony('x') }}" }));
    expect(typo.errors[0]).toMatchObject({ code: 'FLOE_MACRO_UNKNOWN', hint: "did you mean 'acme.money'?" });
    const unknown = await compiled(project({ 'models/a.sql': "select {{ dbt_utils.star('x') }}" }));
    expect(unknown.errors[0]!.hint).toContain('packages.yml and run dbt deps');
  });

  test("an error inside a package macro is reported at the project's call, with the package's line in the message", async () => {
    const { errors } = await compiled(project({ ...acme(), 'models/a.sql': 'select 1\n  {{ acme.fail() }}' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FLOE_TEMPLATE_UNSUPPORTED', file: 'models/a.sql', line: 2, column: 6 });
    expect(errors[0]!.message).toContain('(in acme.fail(), raised at dbt_packages/acme/macros/money.sql:4:');
  });

  test('a ref() passes a package\'s relation check, and a relation in an error message is spelt as written', async () => {
    const check = [
      '{% macro _is_relation(obj, macro) %}',
      "{%- if not (obj is mapping and obj.get('metadata', {}).get('type', '').endswith('Relation')) -%}",
      '{%- do exceptions.raise_compiler_error("Macro " ~ macro ~ " expected a Relation but received the value: " ~ obj) -%}',
      '{%- endif -%}',
      '{% endmacro %}',
      "{% macro count_of(rel) %}{% do acme._is_relation(rel, 'count_of') %}(select count(*) from {{ rel }}){% endmacro %}",
      "{% macro refuse(rel) %}{% do exceptions.raise_compiler_error('cannot use ' ~ rel ~ ' or ' ~ rel.schema) %}{% endmacro %}",
    ].join('\n');
    const files = { ...acme(), 'dbt_packages/acme/macros/rel.sql': check, 'models/b.sql': 'select 1 as x' };
    const ok = await compiled(project({ ...files, 'models/a.sql': "select {{ acme.count_of(ref('b')) }} as n" }));
    expect(ok.errors).toEqual([]);
    expect(ok.sql.get('a')).toBe('select (select count(*) from "main"."b") as n');
    const notRel = await compiled(project({ ...files, 'models/a.sql': "select {{ acme.count_of('b') }}" }));
    expect(notRel.errors[0]!.message).toContain('Macro count_of expected a Relation but received the value: b');
    const named = await compiled(project({ ...files, 'models/a.sql': "select {{ acme.refuse(ref('b')) }}" }));
    expect(named.errors[0]!.message).toContain("cannot use ref('b') or ref('b').schema");
  });

  test('packages.yml listing more packages than are installed fails as dbt does before dbt deps', async () => {
    const dir = project({ ...acme(), 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n  - local: dbt_packages/acme\n', 'models/a.sql': 'select 1' });
    const { errors } = await compiled(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FLOE_PACKAGE_MISSING', file: 'packages.yml', line: 2 });
    expect(errors[0]!.hint).toContain('dbt deps');
    expect(errors[0]!.hint).toContain('dbt-labs/dbt_utils');
    // A folder without dbt_project.yml in dbt_packages/ is not an installed package.
    const leftover = project({ 'dbt_packages/leftover/README.md': 'x', 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n', 'models/a.sql': 'select 1' });
    expect((await compiled(leftover)).errors.map((e) => e.code)).toEqual(['FLOE_PACKAGE_MISSING']);
  });

  test('a local: package is read in place, and a symlink made by dbt deps is followed', async () => {
    const inPlace = project({ ...acme('vendor/acme'), 'packages.yml': 'packages:\n  - local: vendor/acme\n', 'models/a.sql': "select {{ acme.money('x') }}" });
    expect((await compiled(inPlace)).errors).toEqual([]);
    const linked = project({ ...acme('vendor/acme'), 'packages.yml': 'packages:\n  - local: vendor/acme\n', 'models/a.sql': "select {{ acme.money('x') }}" });
    mkdirSync(path.join(linked, 'dbt_packages'));
    symlinkSync(path.join(linked, 'vendor/acme'), path.join(linked, 'dbt_packages/acme'));
    const { errors, r } = await compiled(linked);
    expect(errors).toEqual([]);
    // Read once, through the install folder.
    expect([...r.project!.files.keys()].filter((f) => f.endsWith('money.sql'))).toEqual(['dbt_packages/acme/macros/money.sql']);
  });

  test("a package's models are not built, with a warning; its project config is not an error", async () => {
    const dir = project({ ...acme(), 'dbt_packages/acme/models/acme_model.sql': 'select 1', 'models/a.sql': 'select 1' });
    const { errors, warnings, nodes } = await compiled(dir);
    expect(errors).toEqual([]);
    expect(nodes.map((n) => n.name)).toEqual(['a']);
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('the models of dbt package "acme" are not built'));
  });

  test('the same macro name in two packages is no conflict; twice in one package is', async () => {
    const other = { 'dbt_packages/other/dbt_project.yml': 'name: other\n', 'dbt_packages/other/macros/m.sql': '{% macro money(c) %}other({{ c }}){% endmacro %}' };
    const ok = await compiled(project({ ...acme(), ...other, 'models/a.sql': "select {{ acme.money('x') }}, {{ other.money('y') }}" }));
    expect(ok.errors).toEqual([]);
    expect(ok.sql.get('a')).toBe('select (x / 100.0)::decimal(18, 2), other(y)');
    const twice = await compiled(project({ ...acme(), 'dbt_packages/acme/macros/again.sql': '{% macro money(c) %}{% endmacro %}', 'models/a.sql': 'select 1' }));
    expect(twice.errors[0]).toMatchObject({ code: 'FLOE_MACRO_DUPLICATE', file: 'dbt_packages/acme/macros/money.sql' }); // again.sql is read first
  });

  test('installing a package makes the compile cache stale', async () => {
    const dir = project({ 'models/a.sql': 'select 1' });
    mkdirSync(path.join(dir, 'dbt_packages'));
    const loaded = await loadProject({ projectDir: dir, env: {} });
    const fp = fingerprintProject(loaded.project!, { envRead: {} })!;
    expect(fingerprintMatches(dir, fp, {}, {})).toBe(true);
    mkdirSync(path.join(dir, 'dbt_packages/acme/macros'), { recursive: true });
    writeFileSync(path.join(dir, 'dbt_packages/acme/dbt_project.yml'), 'name: acme\n');
    expect(fingerprintMatches(dir, fp, {}, {})).toBe(false);
  });
});
