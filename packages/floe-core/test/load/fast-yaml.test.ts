import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastParseYaml } from '../../src/load/fast-yaml';
import { parseWithYaml, parseYamlFile, type YamlPath } from '../../src/load/yaml-file';

const REPO = join(__dirname, '../../../..');

/** Order-preserving JSON that tells NaN, Infinity and -0 apart. */
function exact(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? `num:${Object.is(x, -0) ? '-0' : String(x)}` : x));
}

function paths(v: unknown, prefix: YamlPath = []): YamlPath[] {
  const out: YamlPath[] = [prefix, [...prefix, 'zz_missing'], [...prefix, 99]];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

/** The fast reader either declines or agrees with `yaml` on the value and on every position. */
function expectSameAsYaml(text: string, file = 'x.yml'): boolean {
  const accepted = fastParseYaml(text) !== undefined;
  const slow = parseWithYaml(text, file);
  const fast = parseYamlFile(text, file);
  if (!accepted) {
    expect(fast.diagnostics).toEqual(slow.diagnostics);
    return false;
  }
  expect(slow.diagnostics).toEqual([]);
  expect(fast.ok).toBe(true);
  expect(exact(fast.value)).toBe(exact(slow.value));
  for (const p of paths(slow.value)) {
    expect({ p, at: fast.locate(p) }).toEqual({ p, at: slow.locate(p) });
    expect({ p, at: fast.locateKey(p) }).toEqual({ p, at: slow.locateKey(p) });
    expect({ p, at: fast.locateInValue(p, 2) }).toEqual({ p, at: slow.locateInValue(p, 2) });
  }
  return true;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

describe('fast YAML reader', () => {
  test('every property file of a generated project is read fast, with yaml\'s values and positions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-fast-yaml-'));
    try {
      execFileSync(process.execPath, [join(REPO, 'bench/generate.mjs'), '--models', '120', '--out', dir], { stdio: 'ignore', timeout: 60_000 });
      const files = yamlFiles(dir);
      expect(files.length).toBeGreaterThan(5);
      for (const f of files) expect({ f, fast: expectSameAsYaml(readFileSync(f, 'utf8'), f) }).toEqual({ f, fast: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the example and fixture projects agree with yaml (read fast or declined)', () => {
    const files = [...yamlFiles(join(REPO, 'examples')), ...yamlFiles(join(__dirname, 'fixtures'))];
    expect(files.length).toBeGreaterThanOrEqual(10);
    let fast = 0;
    for (const f of files) if (expectSameAsYaml(readFileSync(f, 'utf8'), f)) fast++;
    expect(fast).toBeGreaterThan(0);
  });

  test('the compiled examples are read fast, so compiling them never loads `yaml`', () => {
    const files = ['shop', 'bikeshare_dbt', 'clickstream'].flatMap((p) => yamlFiles(join(REPO, 'examples', p)));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) expect({ f, fast: fastParseYaml(readFileSync(f, 'utf8')) !== undefined }).toEqual({ f, fast: true });
  });

  const accepted: [string, string][] = [
    ['scalars of the core schema', 'a: 1\nb: -0\nc: +12\nd: 012\ne: 0o17\nf: 0x1F\ng: 1.50\nh: .5\ni: 1e3\nj: -.inf\nk: .NaN\nl: ~\nm: Null\nn: TRUE\no: False\np: 1_000\nq: 2024-01-01\nr: yes\ns: -a\nt: http://x/y\nu: a#b\nv: a   b  # c\n'],
    ['quoted scalars', `a: "x \\"q\\" \\u00e9 \\n"\nb: 'it''s'\nc: "# not a comment"  # a comment\nd: ''\n`],
    ['flow collections', 'a: [unique, not_null]\nb: []\nc: {materialized: table, enabled: false}\nd: ["x, y", \'z\', 3]\ne: {}\n'],
    ['nesting, comments and indentless sequences', '# head\nversion: 2\n\nmodels:\n# between\n- name: a   # trailing\n  columns:\n    - name: id\n      data_tests:\n        - unique\n        - accepted_values:\n            values: [1, 2]\n    - name: x\n- name: b\n  config:\n    tags: [t]\n'],
    ['nested flow collections', 'a: { brokers: ["127.0.0.1:9092"], k: [x y, [y, z], {m: 1}] }\nb: [[], {}, [[a]]]\nc:\n  - { name: ts, type: timestamp(3) }\n'],
    ['single quotes and escapes', `a: 'it''s ''q'''\nb: "tab\\there \\u00e9"\nc: ['x''y', "z\\"w"]\n`],
    ['a top-level sequence', '- a\n- b: 1\n  c: 2\n-\n  d: 3\n'],
    ['keys with + and dots', 'models:\n  +materialized: view\n  a.b: 1\n  $x: 2\n'],
  ];
  test.each(accepted)('reads %s like yaml', (_what, text) => {
    expect(expectSameAsYaml(text)).toBe(true);
  });

  const declined: [string, string][] = [
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['an empty value', 'a:\nb: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a tab', 'a:\n\t- 1\n'],
    ['CRLF', 'a: 1\r\n'],
    ['a document marker', '---\na: 1\n'],
    ['a quoted key', '"a": 1\n'],
    ['a key that is not a string', 'true: 1\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a YAML-only escape', 'a: "\\x41"\n'],
    ['a trailing comma', 'a: [1, 2, ]\n'],
    ['an unclosed flow sequence', 'a: [1, 2\n'],
    ['an unclosed nested flow collection', 'a: { x: [1, 2 }\n'],
    ['a flow pair inside a flow sequence', 'a: [x: 1]\n'],
    ['a non-breaking space before a value', 'a: \u00a0x\n'],
    ['an alias bomb', 'a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n'],
  ];
  test.each(declined)('declines %s (yaml reads or reports it)', (_what, text) => {
    expect(expectSameAsYaml(text)).toBe(false);
  });
});
