import { compileProject } from '../../src';
import { injectCtes } from '../../src/compile/ephemeral';
import { cleanupProjects, writeProject } from '../load/helpers';
import { testRegistry } from './test-targets';

afterAll(cleanupProjects);

async function compile(models: Record<string, string>) {
  const files: Record<string, string> = { 'dbt_project.yml': ['name: e', "version: '1.0.0'", 'config-version: 2', 'profile: e', ''].join('\n') };
  for (const [name, text] of Object.entries(models)) files[`models/${name}.sql`] = text;
  const r = await compileProject({ projectDir: writeProject(files), registry: testRegistry() });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return new Map(Object.values(r.artifacts!.nodes).map((n) => [n.name, n]));
}

const EPH = "{{ config(materialized='ephemeral') }}";

describe('ephemeral models', () => {
  test('are inlined as CTEs in dependency order, through ephemerals, once each', async () => {
    const nodes = await compile({
      base: 'select 1 as id',
      e1: `${EPH}select id from {{ ref('base') }}`,
      e2: `${EPH}select id from {{ ref('e1') }}`,
      e3: `${EPH}select id from {{ ref('e1') }} union all select id from {{ ref('base') }}`,
      m: "select * from {{ ref('e2') }} join {{ ref('e3') }} using (id)",
      w: "-- lead\nwith x as (select 1) select * from x, {{ ref('e1') }}",
      plain: "select * from {{ ref('base') }}",
    });
    expect(nodes.get('m')!.compiledSql).toBe(
      [
        'with __dbt__cte__e1 as (',
        'select id from "main"."base"',
        '),',
        '__dbt__cte__e2 as (',
        'select id from __dbt__cte__e1',
        '),',
        '__dbt__cte__e3 as (',
        'select id from __dbt__cte__e1 union all select id from "main"."base"',
        ')',
        'select * from __dbt__cte__e2 join __dbt__cte__e3 using (id)',
      ].join('\n'),
    );
    expect(nodes.get('w')!.compiledSql).toBe('-- lead\nwith __dbt__cte__e1 as (\nselect id from "main"."base"\n),\nx as (select 1) select * from x, __dbt__cte__e1');
    expect(nodes.get('plain')!.compiledSql).toBe('select * from "main"."base"');
    expect(nodes.get('m')!.dependsOn.sort()).toEqual(['model.e.e2', 'model.e.e3']);
  });

  test('a project without ephemerals is left as rendered', async () => {
    const nodes = await compile({ a: 'select 1 as id', b: "with q as (select 2) select * from q, {{ ref('a') }}" });
    expect(nodes.get('b')!.compiledSql).toBe('with q as (select 2) select * from q, "main"."a"');
  });

  test('injectCtes leaves recursive CTE lists alone and adds WITH otherwise', () => {
    const ctes = [{ name: '__dbt__cte__x', sql: 'select 1' }];
    expect(injectCtes('with recursive r as (select 1) select * from r', ctes)).toBe('with recursive r as (select 1) select * from r');
    expect(injectCtes('/* c */ WITH a as (select 1) select 1', ctes)).toBe('/* c */ with __dbt__cte__x as (\nselect 1\n),\na as (select 1) select 1');
    expect(injectCtes('select 1', ctes)).toBe('with __dbt__cte__x as (\nselect 1\n)\nselect 1');
    expect(injectCtes('select 1', [])).toBe('select 1');
  });
});
