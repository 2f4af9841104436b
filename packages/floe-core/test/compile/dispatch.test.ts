import { z } from 'zod';
import { DEFAULT_CAPABILITIES, PLUGIN_API_VERSION, PluginRegistry, compileProject, defineTarget } from '../../src';
import { cleanupProjects, writeProject } from '../load/helpers';
import { testBatchTarget, testRegistry } from './test-targets';

/** adapter.dispatch and dbt's cross-database macros (`dbt.dateadd` ...), as dbt resolves them. */

afterAll(cleanupProjects);

/** A dbt project (or, given a floe.yaml, a native one); a name with a `/` or `.` is a file path. */
function project(files: Record<string, string>): string {
  const all: Record<string, string> = 'floe.yaml' in files ? {} : { 'dbt_project.yml': ['name: d', "version: '1.0.0'", 'config-version: 2', 'profile: d', ''].join('\n') };
  for (const [name, text] of Object.entries(files)) all[/[/.]/.test(name) ? name : `models/${name}.sql`] = text;
  return writeProject(all);
}

async function compiled(files: Record<string, string>, registry = testRegistry()) {
  const r = await compileProject({ projectDir: project(files), registry });
  const sql = new Map(Object.values(r.artifacts?.nodes ?? {}).map((n) => [n.name, n.compiledSql ?? '']));
  return { r, sql, errors: r.diagnostics.filter((d) => d.severity === 'error') };
}

/** The test target under another name, with its own versions of two macros (as a target package ships them). */
const withMacros = defineTarget({
  ...testBatchTarget,
  name: 'warehouse9',
  apiVersion: PLUGIN_API_VERSION,
  configSchema: z.object({ type: z.literal('warehouse9') }).strict(),
  capabilities: { ...DEFAULT_CAPABILITIES, materializations: ['view', 'table'] },
  defaultConfig: () => ({ type: 'warehouse9' as const }),
  createDialect: () => ({
    ...testBatchTarget.createDialect({ type: 'duckdb', path: 'x', threads: 1 }),
    name: 'warehouse9',
    macros: "{% macro warehouse9__dateadd(datepart, interval, from_date_or_timestamp) %}add9({{ from_date_or_timestamp }}, {{ interval }}){% endmacro %}{% macro warehouse9__greet(n) %}hi9 {{ n }}{% endmacro %}",
  }),
  connect: async () => {
    throw new Error('compile tests never connect');
  },
});

describe('adapter.dispatch', () => {
  test("picks '<adapter>__name' before 'default__name' among the project's macros", async () => {
    const { errors, sql } = await compiled({
      'macros/m.sql': [
        "{% macro cents(c) %}{{ return(adapter.dispatch('cents')(c)) }}{% endmacro %}",
        '{% macro default__cents(c) %}({{ c }} / 100){% endmacro %}',
        '{% macro duckdb__cents(c) %}({{ c }} / 100.0){% endmacro %}',
        "{% macro only_default(c) %}{{ return(adapter.dispatch('only_default', 'd')(c)) }}{% endmacro %}",
        '{% macro default__only_default(c) %}d({{ c }}){% endmacro %}',
      ].join('\n'),
      a: 'select {{ cents("x") }} as c, {{ only_default("y") }} as d',
    });
    expect(errors).toEqual([]);
    expect(sql.get('a')).toBe('select (x / 100.0) as c, d(y) as d');
  });

  test('a missing implementation names what was searched, at the call site', async () => {
    const { errors } = await compiled({ a: "select 1\n{{ adapter.dispatch('nowhere', 'dbt_utils')() }}" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FLOE_MACRO_UNKNOWN', file: 'models/a.sql', line: 2 });
    expect(errors[0]!.message).toBe("adapter.dispatch(): no macro for 'nowhere' (namespace 'dbt_utils') on duckdb; searched 'duckdb__nowhere', 'default__nowhere'");
    expect(errors[0]!.hint).toContain("'dbt_utils' is not an installed dbt package: if it is one, list it in packages.yml and run dbt deps.");
  });

  test('a dotted macro name is refused with the namespace spelled out', async () => {
    const { errors } = await compiled({ a: "{{ adapter.dispatch('dbt_utils.star')() }}" });
    expect(errors[0]).toMatchObject({ code: 'FLOE_MACRO_UNKNOWN', hint: "Pass the namespace separately: adapter.dispatch('star', 'dbt_utils')." });
  });

  test("a target's Dialect.macros come before the defaults; the project's come before the target's", async () => {
    const registry = new PluginRegistry([testBatchTarget, withMacros]);
    const files = {
      'floe.yaml': 'apiVersion: floe.dev/v1\nkind: Project\nmetadata:\n  name: d\n  version: 1.0.0\ncompute: warehouse\n',
      'platform.yaml': 'apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  dev:\n    compute:\n      warehouse: { type: duckdb }\n      w9: { type: warehouse9 }\n',
      'macros/greet.sql': "{% macro greet(n) %}{{ return(adapter.dispatch('greet')(n)) }}{% endmacro %}{% macro default__greet(n) %}hello {{ n }}{% endmacro %}",
      a: "{{ config(compute='w9') }}select {{ dbt.dateadd('day', 1, 'd') }} as x, '{{ greet('a') }}' as g",
      b: "select {{ dbt.dateadd('day', 1, 'd') }} as x, '{{ greet('b') }}' as g",
    };
    const { errors, sql } = await compiled(files, registry);
    expect(errors).toEqual([]);
    expect(sql.get('a')).toBe("select add9(d, 1) as x, 'hi9 a' as g");
    expect(sql.get('b')).toBe("select d + ((interval '1 day') * (1)) as x, 'hello b' as g");

    const overridden = await compiled({ ...files, 'macros/mine.sql': '{% macro warehouse9__dateadd(datepart, interval, from_date_or_timestamp) %}mine({{ from_date_or_timestamp }}){% endmacro %}' }, registry);
    expect(overridden.errors).toEqual([]);
    expect(overridden.sql.get('a')).toBe("select mine(d) as x, 'hi9 a' as g");
  });
});

describe("dbt's cross-database macros", () => {
  test('dbt.<macro> and the unqualified names render the default SQL', async () => {
    const { errors, sql } = await compiled({
      a: [
        "select {{ dbt.datediff('a', 'b', 'day') }} as d, {{ dbt.date_trunc('month', 'ts') }} as m,",
        " {{ dbt.concat(['x', \"'-'\", 'y']) }} as c, cast(n as {{ type_string() }}) as s, {{ dbt.listagg('v', \"','\", 'order by v') }} as l,",
        " {{ dbt.string_literal(dbt.escape_single_quotes(\"it's\")) }} as q, {{ dbt.safe_cast('v', dbt.type_bigint()) }} as i",
      ].join('\n'),
    });
    expect(errors).toEqual([]);
    expect(sql.get('a')).toBe(
      [
        "select datediff(day, a, b) as d, date_trunc('month', ts) as m,",
        " x || '-' || y as c, cast(n as varchar) as s, listagg(v, ',') within group (order by v) as l,",
        " 'it''s' as q, cast(v as bigint) as i",
      ].join('\n'),
    );
  });

  test("a project macro named like one shadows it for unqualified calls, not for dbt.<macro>", async () => {
    const { errors, sql } = await compiled({
      'macros/m.sql': '{% macro type_string() %}text{% endmacro %}',
      a: "select cast(x as {{ type_string() }}) as a, cast(x as {{ dbt.type_string() }}) as b",
    });
    expect(errors).toEqual([]);
    expect(sql.get('a')).toBe('select cast(x as text) as a, cast(x as varchar) as b');
  });

  test('listagg with limit_num fails where the default SQL has no way to say it', async () => {
    const { errors } = await compiled({ a: "select {{ dbt.listagg('v', \"','\", 'order by v', 3) }}" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'FLOE_TEMPLATE_ERROR', file: 'models/a.sql', line: 1, column: 11 });
    expect(errors[0]!.message).toBe('listagg(): limit_num is not supported on duckdb (in listagg(), a macro that ships with Floe or the target)');
  });
});

describe('dbt packages that are not installed', () => {
  test('a package macro and a package test say to install the package (dbt-packages.test.ts covers installed ones)', async () => {
    const { errors } = await compiled({
      a: 'select 1 as id',
      b: "select {{ dbt_utils.generate_surrogate_key(['id']) }} as k from {{ ref('a') }}",
      'models/props.yml': 'version: 2\nmodels:\n  - name: a\n    data_tests:\n      - dbt_utils.expression_is_true:\n          expression: "id > 0"\n',
    });
    expect(errors.map((e) => [e.code, e.file])).toEqual([
      ['FLOE_MACRO_UNKNOWN', 'models/b.sql'],
      ['FLOE_TEST_INVALID', 'models/props.yml'],
    ]);
    expect(errors[0]!.hint).toBe("'dbt_utils' is not defined: if it is a dbt package, list it in packages.yml and run dbt deps (Floe reads installed dbt packages; it does not download them)");
    expect(errors[1]!.hint).toBe('"dbt_utils" is not an installed dbt package: list it in packages.yml and run dbt deps (Floe reads installed packages and does not download them).');
  });
});
