import { isFloeError, type Diagnostic } from '../../src/errors';
import { createTemplateEngine } from '../../src/template';

function parseDiags(src: string): Diagnostic[] {
  const r = createTemplateEngine().parse(src, 'models/e.sql');
  expect(r.template).toBeUndefined();
  return r.diagnostics;
}

describe('compile-time errors (parse never throws)', () => {
  test('unclosed {% if %} points at the opening tag with a hint', () => {
    expect(parseDiags('select 1\nfrom x\n{% if a %}\nwhere b\n')).toEqual([
      { code: 'FLOE_TEMPLATE_SYNTAX', severity: 'error', message: 'unclosed {% if %} block', file: 'models/e.sql', line: 3, column: 1, hint: 'add {% endif %}' },
    ]);
  });

  test('unclosed {% for %} inside an if reports the for', () => {
    expect(parseDiags('{% if a %}\n  {% for x in y %}\n{% endif %}')).toEqual([
      expect.objectContaining({ code: 'FLOE_TEMPLATE_SYNTAX', line: 3, column: 1, message: 'unexpected {% endif %}', hint: expect.stringContaining('{% for %} at line 2, column 3; close it with {% endfor %}') }),
    ]);
    expect(parseDiags('x\n  {% for x in y %}')).toEqual([expect.objectContaining({ line: 2, column: 3, hint: 'add {% endfor %}' })]);
  });

  test('unknown filters and tests are reported at their name, all of them, with a suggestion', () => {
    expect(parseDiags("select {{ name | upperr }},\n       {{ x is definedd }}, {{ y | nope(1) }}")).toEqual([
      expect.objectContaining({ code: 'FLOE_TEMPLATE_UNSUPPORTED', message: "unknown filter 'upperr'", line: 1, column: 18, hint: "did you mean 'upper'?" }),
      expect.objectContaining({ code: 'FLOE_TEMPLATE_UNSUPPORTED', message: "unknown test 'definedd'", line: 2, column: 16, hint: "did you mean 'defined'?" }),
      expect.objectContaining({ code: 'FLOE_TEMPLATE_UNSUPPORTED', message: "unknown filter 'nope'", line: 2, column: 36 }),
    ]);
  });

  test('unsupported statements are FLOE_TEMPLATE_UNSUPPORTED at the tag', () => {
    const d = parseDiags('{% extends "base.sql" %}\n{% materialization my_mat, adapter="duckdb" %}\n{{ x }}\n{% endmaterialization %}\n  {% include "x.sql" %}\n{% import "m.sql" as m %}');
    expect(d.map((x) => [x.code, x.line, x.column, x.message])).toEqual([
      ['FLOE_TEMPLATE_UNSUPPORTED', 1, 1, '{% extends %} is not supported by Floe\'s template engine'],
      ['FLOE_TEMPLATE_UNSUPPORTED', 2, 1, '{% materialization %} is not supported by Floe\'s template engine'],
      ['FLOE_TEMPLATE_UNSUPPORTED', 5, 3, '{% include %} is not supported by Floe\'s template engine'],
      ['FLOE_TEMPLATE_UNSUPPORTED', 6, 1, '{% import %} is not supported by Floe\'s template engine'],
    ]);
  });

  test('bad expressions and unterminated tags/strings', () => {
    expect(parseDiags('a\n{{ 1 + }}')).toEqual([expect.objectContaining({ code: 'FLOE_TEMPLATE_SYNTAX', line: 2, column: 8, message: "expected an expression but found '}}'" })]);
    expect(parseDiags('{{ "abc }}')).toEqual([expect.objectContaining({ line: 1, column: 4, message: 'unterminated string literal' })]);
    expect(parseDiags('x {{ a')).toEqual([expect.objectContaining({ line: 1, column: 3, message: 'unclosed expression: missing }}' })]);
    expect(parseDiags('{# never closed')).toEqual([expect.objectContaining({ line: 1, column: 1, message: 'unclosed comment' })]);
    expect(parseDiags('{% endif %}')).toEqual([expect.objectContaining({ message: 'unexpected {% endif %}' })]);
    expect(parseDiags('{% for x in y %}{% endfor %}{% break %}')).toEqual([expect.objectContaining({ column: 29, message: '{% break %} outside a for loop' })]);
  });

  test('macro files report errors too', () => {
    expect(createTemplateEngine().addMacroFile('{% macro m( %}', 'macros/bad.sql')).toEqual([expect.objectContaining({ code: 'FLOE_TEMPLATE_SYNTAX', file: 'macros/bad.sql', line: 1, column: 11, message: "unclosed '(' in tag" })]);
  });
});

describe('runtime errors point into the original file', () => {
  function renderErr(engine: ReturnType<typeof createTemplateEngine>, src: string, globals: Record<string, unknown> = {}): Diagnostic {
    const r = engine.parse(src, 'models/e.sql');
    expect(r.diagnostics).toEqual([]);
    try {
      engine.render(r.template!, globals);
    } catch (e) {
      if (!isFloeError(e)) throw e;
      expect(e.diagnostics).toHaveLength(1);
      return e.diagnostics[0]!;
    }
    throw new Error('expected an error');
  }

  test('calling an undefined function is FLOE_MACRO_UNKNOWN at the call, with a suggestion', () => {
    const engine = createTemplateEngine();
    engine.addMacroFile('{% macro cents_to_dollars(c) %}{{ c }}{% endmacro %}', 'macros/m.sql');
    expect(renderErr(engine, 'select\n    {{ cents_to_dolars("x") }}')).toMatchObject({
      code: 'FLOE_MACRO_UNKNOWN',
      file: 'models/e.sql',
      line: 2,
      column: 8,
      hint: "did you mean 'cents_to_dollars'?",
    });
    expect(renderErr(engine, '{{ dbt_utils.star(ref("x")) }}', { ref: () => 'x' })).toMatchObject({ code: 'FLOE_MACRO_UNKNOWN', line: 1, column: 4 });
  });

  test('an error raised inside a macro is reported at the macro file position and names the call site', () => {
    const engine = createTemplateEngine();
    engine.addMacroFile('{% macro outer(x) %}\n{{ inner(x) }}\n{% endmacro %}\n{% macro inner(y) %}\n  {{ y + 1 }}\n{% endmacro %}', 'macros/m.sql');
    const d = renderErr(engine, '\n\nselect {{ outer("a") }}');
    expect(d).toMatchObject({ code: 'FLOE_TEMPLATE_ERROR', file: 'macros/m.sql', line: 5, column: 8 });
    expect(d.message).toBe(
      'can only concatenate str (not "int") to str (in macro \'inner\' called at macros/m.sql:2:4, in macro \'outer\' called at models/e.sql:3:11)',
    );
  });

  test('a plain Error thrown by a global becomes FLOE_TEMPLATE_ERROR at the call; wrong types at the operator', () => {
    const engine = createTemplateEngine();
    expect(renderErr(engine, "a {{ env_var('X') }}", { env_var: () => { throw new Error('X is not set'); } })).toMatchObject({ code: 'FLOE_TEMPLATE_ERROR', line: 1, column: 6, message: 'X is not set' });
    expect(renderErr(engine, '{{ [1] | join(1) + 2 }}')).toMatchObject({ line: 1, column: 18 });
    expect(renderErr(engine, '{{ "a" < 1 }}')).toMatchObject({ message: "'<' not supported between instances of 'str' and 'int'" });
    expect(renderErr(engine, '{{ 1 / 0 }}')).toMatchObject({ message: 'division by zero', column: 6 });
    expect(renderErr(engine, "{{ 'x'() }}")).toMatchObject({ message: "'str' object is not callable" });
    expect(renderErr(engine, '{% set a, b = [1] %}')).toMatchObject({ message: 'not enough values to unpack (expected 2, got 1)' });
  });

  test('return() outside a macro is an error at the return call', () => {
    expect(renderErr(createTemplateEngine(), 'x\n{{ return(1) }}')).toMatchObject({ line: 2, column: 4, message: 'return() used outside a macro' });
  });

  test('runaway recursion is reported, not a crash', () => {
    const engine = createTemplateEngine();
    engine.addMacroFile('{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}', 'macros/r.sql');
    expect(renderErr(engine, '{{ f(0) }}')).toMatchObject({ code: 'FLOE_TEMPLATE_ERROR', message: expect.stringContaining('maximum recursion depth exceeded') });
  });
});
