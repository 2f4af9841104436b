import { checkCron, floeYamlJsonSchema, parseCsv, parseYamlFile, platformYamlJsonSchema, KNOWN_CONFIG_KEYS } from '../../src/load';

describe('parseYamlFile', () => {
  it('refuses a billion-laughs alias bomb quickly', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    const r = parseYamlFile(lines.join('\n'), 'bomb.yml');
    const ms = performance.now() - started;
    expect(r.doc).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['FLOE_YAML_ALIAS_LIMIT', 'bomb.yml', 2, 8]]);
    // Guards a denial of service: expanding it would take minutes and gigabytes.
    expect(ms).toBeLessThan(5000); // generous under CI load; an expanded bomb takes minutes
  });

  it('accepts a few aliases and merge keys, and locates merged values at their source', () => {
    const r = parseYamlFile('base: &b\n  x: 1\nm:\n  <<: *b\n  y: "0 3 * * *"\n', 'z.yml');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual({ base: { x: 1 }, m: { x: 1, y: '0 3 * * *' } });
    expect(r.locate(['m', 'x'])).toEqual({ file: 'z.yml', line: 2, column: 6 });
    expect(r.locateKey(['m', 'y'])).toEqual({ file: 'z.yml', line: 5, column: 3 });
    expect(r.locateInValue(['m', 'y'], 2)).toEqual({ file: 'z.yml', line: 5, column: 9 });
    // A missing path falls back to the nearest existing node.
    expect(r.locate(['m', 'nope', 'deeper'])).toEqual({ file: 'z.yml', line: 4, column: 3 });
  });

  it('reports syntax errors and duplicate keys with positions', () => {
    expect(parseYamlFile('a: [1\nb: 2', 'y.yml').diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['FLOE_YAML_SYNTAX', 2, 1]]);
    const dup = parseYamlFile('a: 1\nb:\n  c: 2\n  c: 3\n', 'y.yml').diagnostics;
    expect(dup.map((d) => [d.code, d.line, d.column, d.message])).toEqual([['FLOE_YAML_DUPLICATE_KEY', 4, 3, 'duplicate key "c"']]);
  });
});

describe('parseCsv', () => {
  const opts = { delimiter: ',', quote: '"', file: 's.csv' };
  it('handles quotes, doubled quotes, embedded newlines, CRLF, BOM and a trailing newline', () => {
    const r = parseCsv('\ufeffid,text\r\n1,"a, ""b"""\r\n2,"line1\nline2"\r\n3,\r\n', opts);
    expect(r.diagnostics).toEqual([]);
    expect(r.header).toEqual(['id', 'text']);
    expect(r.rows).toEqual([['1', 'a, "b"'], ['2', 'line1\nline2'], ['3', '']]);
  });

  it('counts lines through quoted newlines when reporting a ragged row', () => {
    const r = parseCsv('a,b\n"x\ny",1\n1,2,3\n', opts);
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[4, 5, 'row 3 has 3 fields, header has 2']]);
  });

  it('reports an unclosed quote, an empty header name and an empty file', () => {
    expect(parseCsv('a,b\n1,"open\n', opts).diagnostics.map((d) => [d.line, d.column])).toEqual([[2, 3]]);
    expect(parseCsv('a,,c\n1,2,3\n', opts).diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[1, 3, 'header column 2 has no name']]);
    expect(parseCsv('\n\n', opts).diagnostics.map((d) => d.message)).toEqual(['the seed file is empty; it needs a header row']);
  });

  it('uses the given delimiter and quote', () => {
    const r = parseCsv("a|b\n'x|y'|2\n", { delimiter: '|', quote: "'", file: 'p.csv' });
    expect(r.rows).toEqual([['x|y', '2']]);
  });
});

describe('checkCron', () => {
  it.each(['0 3 * * *', '*/15 6-18 * * MON-FRI', '0 0 1,15 JAN,jul *', '5 4 * * 7', '0 0 1-31/2 * SUN', '@daily', '0-59/5 * * * *'])('accepts %s', (expr) => {
    expect(checkCron(expr)).toBeUndefined();
  });
  it.each([
    ['60 * * * *', 'cron field 1 (minute): 60 is out of range 0-59', 0],
    ['0 3 * * MON-FUN', 'cron field 5 (day of week): "FUN" is not a number or one of SUN, MON, TUE, WED, THU, FRI, SAT', 8],
    ['0 3 0 * *', 'cron field 3 (day of month): 0 is out of range 1-31', 4],
    ['0 3 * 13 *', 'cron field 4 (month): 13 is out of range 1-12', 6],
    ['*/0 * * * *', 'cron field 1 (minute): step "0" must be a positive integer', 0],
    ['0 1,,2 * * *', 'cron field 2 (hour): empty list item', 4],
    ['0 5-2 * * *', 'cron field 2 (hour): range 5-2 runs backwards', 2],
    ['0 3 * *', 'cron "0 3 * *" has 4 fields; it needs 5 (minute hour day-of-month month day-of-week)', 0],
  ])('refuses %s', (expr, message, offset) => {
    expect(checkCron(expr)).toEqual({ message, offset });
  });
});

describe('JSON Schemas and config keys', () => {
  it('exports input JSON Schemas that refuse unknown keys', () => {
    const s = floeYamlJsonSchema() as { type: string; required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    expect(s.type).toBe('object');
    expect(s.required).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']));
    expect(s.required).not.toContain('compute');
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['sources', 'schedules', 'models', 'paths', 'plugins']));
    const p = platformYamlJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(p.properties)).toEqual(['apiVersion', 'kind', 'environments']);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('knows dbt and Floe config keys', () => {
    for (const k of ['materialized', 'unique_key', 'incremental_strategy', 'on_schema_change', 'delimiter', 'strategy', 'severity', 'compute', 'topic', 'state_ttl']) {
      expect(KNOWN_CONFIG_KEYS.has(k)).toBe(true);
    }
    expect(KNOWN_CONFIG_KEYS.has('staging')).toBe(false);
  });
});
