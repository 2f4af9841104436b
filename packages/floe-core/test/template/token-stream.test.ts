/**
 * The lexer's token stream is a reused struct of arrays with interned names and string
 * literals (see lexer.ts). These tests check what that reuse could break: a later file seeing
 * an earlier file's tokens, the buffer after a lexer error, growth past the first capacity,
 * and two different texts that share an intern-table slot.
 */
import { createTemplateEngine } from '../../src/template';
import { BLOCK_BEGIN, EOF, NAME, normalizeSource, OP, releaseTokens, STRING, tokenize } from '../../src/template/lexer';

function render(src: string, globals: Record<string, unknown> = {}): string {
  const engine = createTemplateEngine();
  const r = engine.parse(src, 'models/t.sql');
  if (!r.template) throw new Error(JSON.stringify(r.diagnostics));
  return engine.render(r.template, globals);
}

describe('token stream', () => {
  test('tokens carry kind, value, line, column and offsets', () => {
    const src = normalizeSource("a\n  {% set x = 'q' %}\n");
    const t = tokenize(src, 'models/t.sql');
    const kinds = Array.from(t.kind.subarray(0, t.length));
    expect(kinds[1]).toBe(BLOCK_BEGIN);
    expect(kinds[2]).toBe(NAME);
    expect([t.value[3], t.line[3], t.col[3], t.start[3], t.end[3]]).toEqual(['x', 2, 10, 11, 12]);
    expect(kinds[4]).toBe(OP);
    expect([kinds[5], t.value[5]]).toEqual([STRING, 'q']);
    expect(kinds[t.length - 1]).toBe(EOF);
    releaseTokens(t);
  });

  test('a shorter file after a longer one sees only its own tokens', () => {
    const long = tokenize('{{ a }} {{ b }} {{ c }} {{ d }}', 'models/a.sql');
    const n = long.length;
    releaseTokens(long);
    const short = tokenize('{{ z }}', 'models/b.sql');
    expect(short.length).toBeLessThan(n);
    expect(Array.from(short.value.slice(0, short.length))).toEqual(['', 'z', '', '']);
    releaseTokens(short);
  });

  test('after a lexer error, the next template parses and renders', () => {
    const engine = createTemplateEngine();
    const bad = engine.parse("{{ 'unterminated }}", 'models/bad.sql');
    expect(bad.template).toBeUndefined();
    expect(bad.diagnostics[0]).toEqual(expect.objectContaining({ message: 'unterminated string literal', line: 1, column: 4 }));
    const good = engine.parse("{{ 'ok' }}", 'models/good.sql');
    expect(engine.render(good.template!, {})).toBe('ok');
  });

  test('templates with more tokens than the initial buffer render fully', () => {
    const parts: string[] = [];
    for (let i = 0; i < 600; i++) parts.push(`{{ x${i % 7} }}`);
    const globals: Record<string, unknown> = {};
    for (let i = 0; i < 7; i++) globals[`x${i}`] = String(i);
    const expected = parts.map((_, i) => String(i % 7)).join('');
    expect(render(parts.join(''), globals)).toBe(expected);
    // And again, now that the buffer has grown.
    expect(render(parts.join(''), globals)).toBe(expected);
  });

  test('names and strings whose hashes collide stay distinct', () => {
    // 'Aa' and 'BB' have the same 31-multiplier hash and length (the intern table's key).
    expect(render("{% set Aa = 'x' %}{% set BB = 'y' %}{{ Aa }}{{ BB }}{{ Aa }}")).toBe('xyx');
    expect(render("{{ 'Aa' ~ 'BB' ~ 'Aa' }}")).toBe('AaBBAa');
    // A string literal and a name with the same text are both fine sharing one string.
    expect(render("{% set view = 'view' %}{{ view }}-{{ 'view' }}")).toBe('view-view');
  });

  test('escaped string literals are decoded, not interned as their source text', () => {
    expect(render("{{ 'a\\nb' }}|{{ 'a\\\\nb' }}")).toBe('a\nb|a\\nb');
  });
});
