import { compileProject } from '../../src';
import { cleanupProjects, writeProject } from '../load/helpers';
import { testRegistry } from './test-targets';

/**
 * The template globals are one scope per compile whose per-render values (this, model,
 * config(), the dicts) follow the model being rendered: nothing may leak between models.
 */

afterAll(cleanupProjects);

/** A dbt project with these models (a name with a `/` is a project-relative path). */
function project(models: Record<string, string>): string {
  const files: Record<string, string> = { 'dbt_project.yml': ['name: g', "version: '1.0.0'", 'config-version: 2', 'profile: g', ''].join('\n') };
  for (const [name, text] of Object.entries(models)) files[name.includes('/') ? name : `models/${name}.sql`] = text;
  return writeProject(files);
}

async function compiled(models: Record<string, string>) {
  const r = await compileProject({ projectDir: project(models), registry: testRegistry() });
  const sql = new Map(Object.values(r.artifacts?.nodes ?? {}).map((n) => [n.name, n.compiledSql ?? '']));
  return { r, sql, node: (name: string) => Object.values(r.artifacts!.nodes).find((n) => n.name === name)! };
}

describe('template globals', () => {
  test('this, model, config() and refs belong to the model being rendered', async () => {
    const { r, sql, node } = await compiled({
      a: "{{ config(materialized='table', alias='aa') }}select '{{ model.name }}' as m, '{{ this }}' as t, '{{ config.get(\"alias\") }}' as c",
      b: "select '{{ model.name }}' as m, '{{ this }}' as t, '{{ config.get(\"alias\", \"none\") }}' as c from {{ ref('a') }}",
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sql.get('a')).toBe(`select 'a' as m, '"main"."aa"' as t, 'aa' as c`);
    expect(sql.get('b')).toBe(`select 'b' as m, '"main"."b"' as t, 'none' as c from "main"."aa"`);
    expect(node('a').materialized).toBe('table');
    expect(node('b').materialized).toBe('view');
    expect(node('b').dependsOn).toEqual(['model.g.a']);
    expect(node('a').dependsOn).toEqual([]);
  });

  test('a dict mutated by one model is fresh for the next', async () => {
    const { r, sql } = await compiled({
      a: "{% do flags.update({'FULL_REFRESH': 'changed'}) %}{% do model.update({'name': 'renamed'}) %}select '{{ flags.FULL_REFRESH }}' as f, '{{ model.name }}' as m",
      b: "select '{{ flags.FULL_REFRESH }}' as f, '{{ model.name }}' as m",
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sql.get('a')).toBe("select 'changed' as f, 'renamed' as m");
    expect(sql.get('b')).toBe("select 'False' as f, 'b' as m");
  });

  test('{% set %} and macro parameters named like a global shadow it for that render only', async () => {
    const { r, sql } = await compiled({
      'macros/m.sql': '{% macro show(model, this) %}{{ model }}/{{ this }}{% endmacro %}',
      a: "{% set model = 'mine' %}{% set target = 'tgt' %}select '{{ model }}' as m, '{{ target }}' as t, '{{ show('x', 'y') }}' as s",
      b: "select '{{ model.name }}' as m, '{{ target.schema }}' as t, '{{ show('p', 'q') }}' as s",
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sql.get('a')).toBe("select 'mine' as m, 'tgt' as t, 'x/y' as s");
    expect(sql.get('b')).toBe("select 'b' as m, 'main' as t, 'p/q' as s");
  });

  test('adapter.quote, var(), is_incremental() and execute keep their values', async () => {
    const { r, sql } = await compiled({
      a: "select {{ adapter.quote('x') }} as q, '{{ var('v', 'dflt') }}' as v, '{{ is_incremental() }}' as i, '{{ execute }}' as e",
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sql.get('a')).toBe(`select "x" as q, 'dflt' as v, 'False' as i, 'True' as e`);
  });

  test('an unknown function still gets a did-you-mean hint from the globals', async () => {
    const { r } = await compiled({ a: 'select 1', b: "select * from {{ reff('a') }}" });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FLOE_MACRO_UNKNOWN', file: 'models/b.sql', line: 1 });
    expect(errors[0]!.hint).toBe("did you mean 'ref'?");
  });

  // Each template is rendered as soon as it is parsed and then dropped, unless it must render again.
  test('an incremental model that calls is_incremental() renders a second time with it true', async () => {
    const { r, node } = await compiled({
      inc: "{{ config(materialized='incremental') }}select * from {{ ref('a') }}{% if is_incremental() %} where t > (select max(t) from {{ this }}){% endif %}",
      tab: "{{ config(materialized='table') }}select 1 as t{% if is_incremental() %} where false{% endif %}",
      a: 'select 1 as t',
    });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(node('inc').compiledSql).toBe('select * from "main"."a"');
    expect(node('inc').compiledIncrementalSql).toBe('select * from "main"."a" where t > (select max(t) from "main"."inc")');
    expect(node('tab').compiledSql).toBe('select 1 as t');
    expect(node('tab').compiledIncrementalSql).toBeUndefined();
  });

  test('template problems: every parse problem first, then render problems, each in file order', async () => {
    const { r } = await compiled({
      a: 'select {{ nope_a() }}',
      b: 'select {% if %}',
      c: 'select {{ nope_c() }}',
      d: 'select {{ 1 + }}',
    });
    const files = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file);
    expect(files).toEqual(['models/b.sql', 'models/d.sql', 'models/a.sql', 'models/c.sql']);
  });
});
