import { isFloeError, type FloeError } from '../../src/errors';
import { createTemplateEngine, parseBlocks, splitArgs, withCallSite, type TemplateEngine } from '../../src/template';

function render(engine: TemplateEngine, src: string, globals: Record<string, unknown> = {}, file = 'models/t.sql'): string {
  const r = engine.parse(src, file);
  expect(r.diagnostics).toEqual([]);
  return engine.render(r.template!, globals);
}

function renderError(engine: TemplateEngine, src: string, globals: Record<string, unknown> = {}, file = 'models/t.sql'): FloeError {
  const r = engine.parse(src, file);
  expect(r.diagnostics).toEqual([]);
  try {
    engine.render(r.template!, globals);
  } catch (e) {
    if (isFloeError(e)) return e;
    throw e;
  }
  throw new Error('expected a render error');
}

const ref = (name: string): string => `"main"."${name}"`;

describe('jaffle_shop-style models', () => {
  test('orders.sql with {% set %} list and -%} loop matches Jinja2 output', () => {
    const src = `{% set payment_methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] %}

with orders as (
    select * from {{ ref('stg_orders') }}
),
order_payments as (
    select
        order_id,
        {% for payment_method in payment_methods -%}
        sum(case when payment_method = '{{ payment_method }}' then amount else 0 end) as {{ payment_method }}_amount,
        {% endfor -%}
        sum(amount) as total_amount
    from {{ ref('stg_payments') }}
    group by order_id
)
select * from order_payments
`;
    // Rendered by jinja2 3.1.4 with the same ref().
    const expected =
      '\n\nwith orders as (\n    select * from "main"."stg_orders"\n),\norder_payments as (\n    select\n        order_id,\n' +
      "        sum(case when payment_method = 'credit_card' then amount else 0 end) as credit_card_amount,\n" +
      "        sum(case when payment_method = 'coupon' then amount else 0 end) as coupon_amount,\n" +
      "        sum(case when payment_method = 'bank_transfer' then amount else 0 end) as bank_transfer_amount,\n" +
      "        sum(case when payment_method = 'gift_card' then amount else 0 end) as gift_card_amount,\n" +
      '        sum(amount) as total_amount\n    from "main"."stg_payments"\n    group by order_id\n)\nselect * from order_payments';
    expect(render(createTemplateEngine(), src, { ref })).toBe(expected);
  });

  test('config(), is_incremental() and this; kwargs arrive as a trailing {__kwargs: true} object', () => {
    const seen: unknown[] = [];
    const config = (...args: unknown[]): string => {
      seen.push(splitArgs(args));
      return '';
    };
    const src = `{{ config(materialized='incremental', unique_key=['id', 'day'], tags=none) }}
select * from {{ ref('events') }}
{% if is_incremental() %}
where ts > (select max(ts) from {{ this }})
{% endif %}`;
    const out = render(createTemplateEngine(), src, { config, ref, is_incremental: () => true, this: '"main"."t"' });
    expect(out).toBe('\nselect * from "main"."events"\n\nwhere ts > (select max(ts) from "main"."t")\n');
    expect(seen).toEqual([{ positional: [], kwargs: { materialized: 'incremental', unique_key: ['id', 'day'], tags: null } }]);
  });

  test('CRLF sources render with \\n and a single trailing newline is dropped (keep_trailing_newline=False)', () => {
    expect(render(createTemplateEngine(), 'a\r\n{{ 1 }}\r\nb\r\n')).toBe('a\n1\nb');
  });
});

describe('macros', () => {
  test('defaults, keyword arguments, varargs/kwargs, nested calls across macro files', () => {
    const engine = createTemplateEngine();
    expect(
      engine.addMacroFile(
        `{% macro cents_to_dollars(column_name, scale=2) -%}
    ({{ column_name }} / 100)::numeric(16, {{ scale }})
{%- endmacro %}
{% macro wrap(x) %}[{{ cents_to_dollars(x, scale=4) }}]{% endmacro %}
{% macro any_args() %}{{ varargs | join(',') }}|{{ kwargs | dictsort }}{% endmacro %}`,
        'macros/money.sql',
      ),
    ).toEqual([]);
    expect(engine.hasMacro('cents_to_dollars')).toBe(true);
    expect(engine.hasMacro('nope')).toBe(false);
    expect(render(engine, "{{ cents_to_dollars('amount') }}")).toBe('(amount / 100)::numeric(16, 2)');
    expect(render(engine, "{{ cents_to_dollars(column_name='amount', scale=3) }}")).toBe('(amount / 100)::numeric(16, 3)');
    expect(render(engine, "{{ wrap('a') }}")).toBe('[(a / 100)::numeric(16, 4)]');
    expect(render(engine, '{{ any_args(1, 2, b=2, a=1) }}')).toBe("1,2|[('a', 1), ('b', 2)]");
  });

  test('return() makes the macro call return a value, not a string', () => {
    const engine = createTemplateEngine();
    engine.addMacroFile(
      `{% macro cols() %}{{ return(['a', 'b', 'c']) }}{% endmacro %}
{% macro pick(n) %}ignored output {% if n > 1 %}{% do return({'big': true}) %}{% endif %}{{ return(none) }}{% endmacro %}`,
      'macros/r.sql',
    );
    expect(render(engine, "{% for c in cols() %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %} {{ cols() | length }}")).toBe('a, b, c 3');
    expect(render(engine, '{{ pick(2).big }} {{ pick(0) is none }}')).toBe('True True');
    expect(engine.callMacro('cols', [], {}, {})).toEqual(['a', 'b', 'c']);
  });

  test('macros defined in the template, and caller()', () => {
    const engine = createTemplateEngine();
    const src = `{% macro tag(name) %}<{{ name }}>{{ caller() }}</{{ name }}>{% endmacro %}{% call tag('b') %}bold{% endcall %}`;
    expect(render(engine, src)).toBe('<b>bold</b>');
  });

  test('macros see render globals (ref, var) but not the caller template variables', () => {
    const engine = createTemplateEngine();
    engine.addMacroFile(`{% macro m() %}{{ ref('x') }}|{{ local_var }}|{{ var('v') }}{% endmacro %}`, 'macros/m.sql');
    expect(render(engine, "{% set local_var = 'L' %}{{ m() }}", { ref, var: (k: string) => `var:${k}` })).toBe('"main"."x"||var:v');
  });

  test('custom generic tests ({% test %}) live in their own namespace and are called with model/column_name', () => {
    const engine = createTemplateEngine();
    const diags = engine.addMacroFile(
      `{% test is_positive(model, column_name, allow_zero=false) %}
select * from {{ model }} where {{ column_name }} {{ '<' if allow_zero else '<=' }} 0
{% endtest %}`,
      'tests/generic/is_positive.sql',
    );
    expect(diags).toEqual([]);
    expect(engine.hasTest('is_positive')).toBe(true);
    expect(engine.hasMacro('is_positive')).toBe(false);
    expect(engine.callMacro('is_positive', [], { model: '"main"."orders"', column_name: 'amount' }, {})).toBe('\nselect * from "main"."orders" where amount <= 0\n');
    expect(engine.callMacro('test_is_positive', [], { model: 'm', column_name: 'c', allow_zero: true }, {})).toBe('\nselect * from m where c < 0\n');
    expect(engine.macroLocation('is_positive', 'test')).toEqual({ file: 'tests/generic/is_positive.sql', line: 1, column: 1 });
  });

  test('a duplicate macro name is an error pointing at the second definition', () => {
    const engine = createTemplateEngine();
    expect(engine.addMacroFile('{% macro m() %}1{% endmacro %}', 'macros/a.sql')).toEqual([]);
    expect(engine.addMacroFile('\n  {% macro m() %}2{% endmacro %}', 'macros/b.sql')).toEqual([
      expect.objectContaining({ code: 'FLOE_MACRO_DUPLICATE', file: 'macros/b.sql', line: 2, column: 3, hint: expect.stringContaining('macros/a.sql:1:1') }),
    ]);
    expect(render(engine, '{{ m() }}')).toBe('1');
  });

  test('too many positional arguments / unknown keyword argument are errors at the call', () => {
    const engine = createTemplateEngine();
    engine.addMacroFile('{% macro m(a) %}{{ a }}{% endmacro %}', 'macros/m.sql');
    const e1 = renderError(engine, 'x\n  {{ m(1, 2) }}');
    expect(e1.diagnostics[0]).toMatchObject({ code: 'FLOE_TEMPLATE_ERROR', file: 'models/t.sql', line: 2, column: 6 });
    expect(e1.diagnostics[0]!.message).toContain("macro 'm' takes not more than 1 argument(s)");
    const e2 = renderError(engine, '{{ m(b=1) }}');
    expect(e2.diagnostics[0]).toMatchObject({ line: 1, column: 4, message: "macro 'm' takes no keyword argument 'b'" });
  });
});

describe('snapshot and docs blocks', () => {
  test('parseBlocks exposes names, positions, raw bodies and body templates', () => {
    const src = `{% snapshot orders_snapshot %}
{{ config(target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at') }}
select * from {{ source('shop', 'orders') }}
{% endsnapshot %}

{% docs orders_status %}
One of *placed*, *shipped*, {{ '{{ not jinja }}' }}.
{% enddocs %}`;
    const { blocks, diagnostics } = parseBlocks(src, 'snapshots/orders.sql');
    expect(diagnostics).toEqual([]);
    expect(blocks.map((b) => [b.kind, b.name, b.line, b.column, b.bodyLine, b.bodyColumn])).toEqual([
      ['snapshot', 'orders_snapshot', 1, 1, 1, 31],
      ['docs', 'orders_status', 6, 1, 6, 25],
    ]);
    expect(blocks[1]!.body).toBe("\nOne of *placed*, *shipped*, {{ '{{ not jinja }}' }}.\n");
    const engine = createTemplateEngine();
    const cfg: unknown[] = [];
    const out = engine.render(blocks[0]!.template, {
      config: (...a: unknown[]) => {
        cfg.push(splitArgs(a).kwargs);
        return '';
      },
      source: (s: string, t: string) => `"raw"."${s}_${t}"`,
    });
    expect(out).toBe('\n\nselect * from "raw"."shop_orders"\n');
    expect(cfg).toEqual([{ target_schema: 'snapshots', unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' }]);
  });

  test('an error inside a snapshot body points into the snapshot file', () => {
    const { blocks } = parseBlocks('{% snapshot s %}\nselect\n  {{ 1 + "x" }}\n{% endsnapshot %}', 'snapshots/s.sql');
    try {
      createTemplateEngine().render(blocks[0]!.template, {});
      throw new Error('expected an error');
    } catch (e) {
      expect((e as FloeError).diagnostics[0]).toMatchObject({ file: 'snapshots/s.sql', line: 3, column: 8 });
    }
  });

  test('in a plain template, snapshot/docs blocks render nothing', () => {
    expect(render(createTemplateEngine(), 'a{% docs x %}text{% enddocs %}b')).toBe('ab');
  });
});

describe('call sites and globals', () => {
  test('withCallSite passes {file, line, column} of the call as the first argument', () => {
    const sites: unknown[] = [];
    const refFn = withCallSite((site, name: unknown) => {
      sites.push(site);
      return String(name);
    });
    render(createTemplateEngine(), "select 1\nfrom {{ ref('a') }} join {{ ref('b') }}", { ref: refFn }, 'models/x.sql');
    expect(sites).toEqual([
      { file: 'models/x.sql', line: 2, column: 9 },
      { file: 'models/x.sql', line: 2, column: 29 },
    ]);
  });

  test('a FloeError thrown by a global passes through unchanged', () => {
    const err = renderError(createTemplateEngine(), "{{ ref('missing') }}", {
      ref: withCallSite((site) => {
        throw Object.assign(new Error('x'), {});
        void site;
      }),
    });
    expect(err.code).toBe('FLOE_TEMPLATE_ERROR');
    expect(err.diagnostics[0]).toMatchObject({ line: 1, column: 4, message: 'x' });
  });

  test('the compiler can detect whether a global was called by wrapping it', () => {
    let called = false;
    const engine = createTemplateEngine();
    render(engine, '{% if is_incremental() %}x{% endif %}', {
      is_incremental: () => {
        called = true;
        return false;
      },
    });
    expect(called).toBe(true);
  });

  test('namespace(), range(), dict() built-ins', () => {
    expect(render(createTemplateEngine(), '{% set ns = namespace(n=0) %}{% for i in range(4) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }} {{ dict(a=1) }}')).toBe(
      "6 {'a': 1}",
    );
  });
});

describe('undefined values', () => {
  test('lenient (default): undefined prints empty, attributes of undefined are undefined, iteration is empty', () => {
    expect(render(createTemplateEngine(), '[{{ nope }}][{{ nope.a.b }}][{% for x in nope %}x{% endfor %}][{{ nope is defined }}]')).toBe('[][][][False]');
  });

  test('JS functions returning undefined print empty', () => {
    expect(render(createTemplateEngine(), '[{{ f() }}]', { f: () => undefined })).toBe('[]');
  });

  test('strict: printing or testing an undefined value is an error at its position; is defined and default still work', () => {
    const engine = createTemplateEngine({ strictUndefined: true });
    expect(render(engine, "{{ nope is defined }} {{ nope | default('d') }}")).toBe('False d');
    const e = renderError(engine, 'a\n  {{ nope }}');
    expect(e.diagnostics[0]).toMatchObject({ code: 'FLOE_TEMPLATE_ERROR', line: 2, column: 6, message: "'nope' is undefined" });
    const e2 = renderError(engine, '{% if x.y %}{% endif %}');
    expect(e2.diagnostics[0]).toMatchObject({ line: 1, column: 9, message: "'x' is undefined" });
  });
});
