/**
 * Scoping rules the render fast paths must keep: a for body that never assigns shares one
 * frame across iterations, one that does gets a fresh frame per iteration; globals built on
 * a createGlobalScope() scope render exactly like a plain globals object.
 */
import { createGlobalScope, createTemplateEngine } from '../../src/template';

const engine = createTemplateEngine();
function render(src: string, globals: Record<string, unknown> = {}): string {
  const r = engine.parse(src, 'models/t.sql');
  expect(r.diagnostics).toEqual([]);
  return engine.render(r.template!, globals);
}

describe('for-loop frames', () => {
  test('{% set %} inside a loop body does not carry over to the next iteration (Jinja scoping)', () => {
    expect(render('{% for x in [1, 2, 3] %}[{{ y }}]{% if loop.first %}{% set y = x %}{% endif %}{% endfor %}')).toBe('[][][]');
    expect(render('{% for x in [1, 2] %}{% if x == 1 %}{% set y = 5 %}{% endif %}{{ y }};{% endfor %}')).toBe('5;;');
  });

  test('a nested loop else-body that assigns writes into the outer iteration scope only', () => {
    expect(render('{% for x in [1, 2] %}{% for z in [] %}{% else %}{% set w = x %}{% endfor %}{{ w }}{% endfor %}{{ w }}')).toBe('12');
  });

  test('a macro defined in a loop body captures that iteration\'s value', () => {
    expect(render('{% set ns = namespace(fs=[]) %}{% for x in [1, 2] %}{% macro m() %}{{ x }}{% endmacro %}{% do ns.fs.append(m) %}{% endfor %}{% for f in ns.fs %}{{ f() }}{% endfor %}')).toBe('12');
  });

  test('shared frames: loop target, tuple targets, loop.* and nested loops stay correct', () => {
    expect(render('{% for a, b in [(1, 2), (3, 4)] %}{{ a }}{{ b }}{{ loop.index }}{% if not loop.last %},{% endif %}{% endfor %}')).toBe('121,342');
    expect(render('{% for i in [1, 2] %}{% for j in [3, 4] %}{{ i }}{{ j }}{{ loop.index }} {% endfor %}{{ loop.index }}|{% endfor %}')).toBe('131 142 1|231 242 2|');
    expect(render('{% for i in [1, 2, 3] %}{% if i == 2 %}{% continue %}{% endif %}{{ i }}{% endfor %}')).toBe('13');
  });
});

describe('createGlobalScope', () => {
  const shared = createGlobalScope({ greet: (s: unknown) => `hi ${String(s)}`, who: 'scope', range: 'shadowed' });

  test('per-render globals inherit the scope and shadow it; the scope shadows builtins', () => {
    const g = Object.create(shared) as Record<string, unknown>;
    g.who = 'own';
    expect(render('{{ greet(who) }} {{ range }}', g)).toBe('hi own shadowed');
    expect(render('{{ greet(who) }}', Object.create(shared) as Record<string, unknown>)).toBe('hi scope');
  });

  test('builtins not shadowed by the scope stay available; unknown names resolve as with plain globals', () => {
    const g = Object.create(shared) as Record<string, unknown>;
    const src = '{{ dict(a=1) }} {{ nope is defined }} {{ hasOwnProperty is defined }} {{ valueOf is defined }}';
    expect(render(src, g)).toBe(render(src, { greet: 1 }));
    expect(render('{{ dict(a=1) }} {{ nope is defined }}', g)).toBe("{'a': 1} False");
  });

  test('rendering does not write into the globals object or the scope', () => {
    const g = Object.create(shared) as Record<string, unknown>;
    g.x = 1;
    render('{% set x = 2 %}{% set y = 3 %}{% macro m() %}{% endmacro %}{{ x }}', g);
    expect(Object.keys(g)).toEqual(['x']);
    expect(g.x).toBe(1);
    expect(Object.keys(shared).sort()).toEqual(['greet', 'range', 'who']);
  });
});

describe('parse cache for short templates', () => {
  test('an identical (file, source) reuses the compiled template; another file gets its own (error positions name the file)', () => {
    const e = createTemplateEngine();
    const a = e.parse("{{ ref('x') }}{{ nope() }}", 'models/a.yml');
    const b = e.parse("{{ ref('x') }}{{ nope() }}", 'models/a.yml');
    const c = e.parse("{{ ref('x') }}{{ nope() }}", 'models/b.yml');
    expect(b.template).toBe(a.template);
    expect(c.template).not.toBe(a.template);
    const fileOf = (t: typeof a.template): string | undefined => {
      try {
        e.render(t!, { ref: (n: string) => n });
      } catch (err) {
        return (err as { diagnostics: { file?: string }[] }).diagnostics[0]?.file;
      }
      return undefined;
    };
    expect(fileOf(b.template)).toBe('models/a.yml');
    expect(fileOf(c.template)).toBe('models/b.yml');
  });

  test('templates with diagnostics are parsed again each time (callers get fresh diagnostics)', () => {
    const e = createTemplateEngine();
    const src = '{{ x | no_such_filter }}';
    const a = e.parse(src, 'models/a.sql');
    const b = e.parse(src, 'models/a.sql');
    expect(a.diagnostics).toHaveLength(1);
    expect(b.diagnostics).toHaveLength(1);
    expect(b.diagnostics[0]).not.toBe(a.diagnostics[0]);
  });
});
