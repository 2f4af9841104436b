/**
 * dbt's `modules.re`: Python's `re` functions over JS RegExp. Python's pattern syntax is
 * translated where it differs (`(?P<name>…)`, `(?P=name)`, leading `(?i)`-style flags, `\A`,
 * `\Z`, VERBOSE), and so are replacement templates (`\1`, `\g<name>`). What JS cannot express
 * (scoped flags, possessive quantifiers, conditionals) is refused with the reason.
 */
import { bind, callable, int } from './args';
import { needStr } from '../methods';
import { PyError, PyObject, tuple } from '../values';

const FLAGS = { I: 2, IGNORECASE: 2, L: 4, LOCALE: 4, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, U: 32, UNICODE: 32, X: 64, VERBOSE: 64, A: 256, ASCII: 256 } as const;
const INLINE: Record<string, number> = { i: 2, L: 4, m: 8, s: 16, u: 32, x: 64, a: 256 };

function unsupported(what: string, pattern: string): PyError {
  return new PyError(`re: ${what} is not supported (pattern ${JSON.stringify(pattern)})`, 'FLOE_TEMPLATE_UNSUPPORTED', 'Floe runs Python regular expressions on JavaScript RegExp; rewrite the pattern without it.');
}

/** Removes VERBOSE whitespace and comments outside character classes. */
function stripVerbose(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string;
    if (ch === '\\') {
      out += ch + (p[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
    } else if (ch === '#') {
      while (i < p.length && p[i] !== '\n') i++;
    } else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

interface Translated {
  source: string;
  flags: string;
  groups: number;
  /** Group number of each named group (named and numbered groups share one numbering). */
  names: Map<string, number>;
}

/** Python pattern and flags → JS source and flags. */
function translate(pattern: string, flags: number): Translated {
  let p = pattern;
  const lead = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (lead) {
    for (const c of lead[1] as string) flags |= INLINE[c] ?? 0;
    p = p.slice(lead[0].length);
  }
  if (flags & FLAGS.LOCALE) throw unsupported('re.LOCALE', pattern);
  if (flags & FLAGS.VERBOSE) p = stripVerbose(p);
  let src = '';
  let inClass = false;
  let groups = 0;
  const names = new Map<string, number>();
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string;
    if (ch === '\\') {
      const next = p[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') src += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') src += '(?![\\s\\S])';
      else src += '\\' + next;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      src += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      src += ch;
      if (p[i + 1] === '^') src += p[++i];
      if (p[i + 1] === ']') src += '\\' + p[++i]; // Python allows ']' first in a class
      continue;
    }
    if (ch === '(' && p[i + 1] === '?') {
      const rest = p.slice(i + 2);
      const named = /^P?<(\w+)>/.exec(rest);
      if (named) {
        src += `(?<${named[1]}>`;
        i += 1 + named[0].length;
        names.set(named[1] as string, ++groups);
        continue;
      }
      const backref = /^P=(\w+)\)/.exec(rest);
      if (backref) {
        src += `\\k<${backref[1]}>`;
        i += 2 + backref[0].length - 1;
        continue;
      }
      if (rest.startsWith('#')) {
        const close = p.indexOf(')', i);
        i = close < 0 ? p.length : close;
        continue;
      }
      if (/^[aiLmsux-]+[:)]/.test(rest)) throw unsupported('a flag group inside the pattern', pattern);
      if (rest.startsWith('(')) throw unsupported('a conditional group', pattern);
      src += '(?';
      i++;
      continue;
    }
    if (ch === '(') groups++;
    if ((ch === '+' || ch === '*' || ch === '?' || ch === '}') && p[i + 1] === '+') throw unsupported('a possessive quantifier', pattern);
    src += ch;
  }
  let js = '';
  if (flags & FLAGS.IGNORECASE) js += 'i';
  if (flags & FLAGS.MULTILINE) js += 'm';
  if (flags & FLAGS.DOTALL) js += 's';
  return { source: src, flags: js, groups, names };
}

interface Compiled {
  re: RegExp;
  names: Map<string, number>;
  groups: number;
}

const CACHE = new Map<string, Compiled>();

function compiled(pattern: string, flags: number, mode: 'g' | 'y'): Compiled {
  const key = `${flags}\u0000${mode}\u0000${pattern}`;
  let c = CACHE.get(key);
  if (!c) {
    const t = translate(pattern, flags);
    try {
      c = { re: new RegExp(t.source, t.flags + mode + 'd'), names: t.names, groups: t.groups };
    } catch (e) {
      throw new PyError(`re.error: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
    if (CACHE.size > 500) CACHE.clear();
    CACHE.set(key, c);
  }
  c.re.lastIndex = 0;
  return c;
}

export class PyMatch extends PyObject {
  readonly string: string;
  readonly #m: RegExpExecArray;
  readonly #names: Map<string, number>;
  constructor(m: RegExpExecArray, string: string, names: Map<string, number>) {
    super();
    this.#m = m;
    this.#names = names;
    this.string = string;
  }
  override get __typename__(): string {
    return 're.Match';
  }
  #index(g: unknown): number {
    if (typeof g === 'number' && Number.isInteger(g) && g >= 0 && g < this.#m.length) return g;
    const named = typeof g === 'string' ? this.#names.get(g) : undefined;
    if (named !== undefined) return named;
    throw new PyError('IndexError: no such group');
  }
  group(...args: unknown[]): unknown {
    const get = (g: unknown) => this.#m[this.#index(g)] ?? null;
    if (args.length <= 1) return get(args[0] ?? 0);
    return tuple(args.map(get));
  }
  groups(...args: unknown[]): unknown[] {
    const a = bind('groups', args, ['default'], { default: null });
    return tuple(this.#m.slice(1).map((v) => v ?? a.default));
  }
  groupdict(...args: unknown[]): Record<string, unknown> {
    const a = bind('groupdict', args, ['default'], { default: null });
    const out: Record<string, unknown> = {};
    for (const [k, i] of this.#names) out[k] = this.#m[i] ?? a.default;
    return out;
  }
  start(g: unknown = 0): number {
    return this.#m.indices?.[this.#index(g)]?.[0] ?? -1;
  }
  end(g: unknown = 0): number {
    return this.#m.indices?.[this.#index(g)]?.[1] ?? -1;
  }
  span(g: unknown = 0): unknown[] {
    return tuple([this.start(g), this.end(g)]);
  }
  /** `m[1]` reads a group, as in Python. */
  override __getitem__(g: unknown): unknown {
    return this.group(g);
  }
  override __repr__(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match='${this.#m[0]}'>`;
  }
}

/** Python's replacement template (`\1`, `\g<1>`, `\g<name>`, `\n`) for one match. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\\(?:g<(\w+)>|(\d{1,2})|(.))/gs, (_all, name: string | undefined, num: string | undefined, esc: string | undefined) => {
    if (name !== undefined) return (/^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name]) ?? '';
    if (num !== undefined) {
      if (Number(num) >= m.length) throw new PyError(`re.error: invalid group reference ${num}`);
      return m[Number(num)] ?? '';
    }
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', f: '\f', v: '\v', a: '\x07', b: '\b' };
    return escapes[esc as string] ?? '\\' + (esc as string);
  });
}

function* matches(re: RegExp, s: string): Generator<RegExpExecArray> {
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    yield m;
    if (m[0] === '') re.lastIndex++;
    if (re.lastIndex > s.length) break;
  }
}

export class PyPattern extends PyObject {
  readonly pattern: string;
  readonly flags: number;
  readonly groups: number;
  constructor(pattern: string, flags: number) {
    super();
    this.pattern = pattern;
    this.flags = flags;
    this.groups = compiled(pattern, flags, 'g').groups; // errors surface at compile(), as in Python
  }
  override get __typename__(): string {
    return 're.Pattern';
  }
  #first(mode: 'g' | 'y', s: unknown, pos: unknown, source = this.pattern): PyMatch | null {
    const text = needStr(s, 'string');
    const c = compiled(source, this.flags, mode);
    c.re.lastIndex = int(pos, 'pos');
    const m = c.re.exec(text);
    return m ? new PyMatch(m, text, c.names) : null;
  }
  #all(s: string): Generator<RegExpExecArray> {
    return matches(compiled(this.pattern, this.flags, 'g').re, s);
  }
  search(s: unknown, pos: unknown = 0): PyMatch | null {
    return this.#first('g', s, pos);
  }
  match(s: unknown, pos: unknown = 0): PyMatch | null {
    return this.#first('y', s, pos);
  }
  fullmatch(s: unknown): PyMatch | null {
    return this.#first('y', s, 0, `(?:${this.pattern})\\Z`);
  }
  findall(s: unknown): unknown[] {
    const out: unknown[] = [];
    for (const m of this.#all(needStr(s, 'string'))) {
      out.push(m.length === 1 ? m[0] : m.length === 2 ? m[1] ?? '' : tuple(m.slice(1).map((v) => v ?? '')));
    }
    return out;
  }
  finditer(s: unknown): PyMatch[] {
    const text = needStr(s, 'string');
    const names = compiled(this.pattern, this.flags, 'g').names;
    return [...this.#all(text)].map((m) => new PyMatch(m, text, names));
  }
  sub(...args: unknown[]): string {
    return this.#subn('sub', args)[0];
  }
  subn(...args: unknown[]): unknown[] {
    return tuple(this.#subn('subn', args));
  }
  #subn(fn: string, args: unknown[]): [string, number] {
    const a = bind(fn, args, ['repl', 'string', 'count'], { count: 0 });
    const template = needStr(a.repl, 'sub() replacement (a function is not supported)');
    const s = needStr(a.string, 'string');
    const count = int(a.count, 'count');
    let out = '';
    let last = 0;
    let n = 0;
    for (const m of this.#all(s)) {
      if (count > 0 && n >= count) break;
      out += s.slice(last, m.index) + expand(template, m);
      last = m.index + m[0].length;
      n++;
    }
    return [out + s.slice(last), n];
  }
  split(...args: unknown[]): unknown[] {
    const a = bind('split', args, ['string', 'maxsplit'], { maxsplit: 0 });
    const s = needStr(a.string, 'string');
    const maxsplit = int(a.maxsplit, 'maxsplit');
    const out: unknown[] = [];
    let last = 0;
    let n = 0;
    for (const m of this.#all(s)) {
      if (maxsplit > 0 && n >= maxsplit) break;
      if (m[0] === '' && m.index === last && m.index === 0) continue;
      out.push(s.slice(last, m.index), ...m.slice(1).map((v) => v ?? null));
      last = m.index + m[0].length;
      n++;
    }
    out.push(s.slice(last));
    return out;
  }
  override __repr__(): string {
    return `re.compile(${JSON.stringify(this.pattern)})`;
  }
}

/** The pattern a module-level function (`re.sub(pattern, ...)`) runs: the one given, or compiled now (cached). */
function patternFrom(p: unknown, flags: unknown): PyPattern {
  const extra = int(flags, 'flags');
  if (p instanceof PyPattern) return extra === 0 ? p : new PyPattern(p.pattern, p.flags | extra);
  return new PyPattern(needStr(p, 'first argument'), extra);
}

type PatternMethod = 'search' | 'match' | 'fullmatch' | 'findall' | 'finditer' | 'sub' | 'subn' | 'split';

/** `re.<fn>(pattern, ...names, flags=0)`: the pattern's method of that name, with the other arguments. */
function viaPattern(fn: PatternMethod, names: string[], defaults: Record<string, unknown> = {}) {
  return (...args: unknown[]): unknown => {
    const a = bind(fn, args, ['pattern', ...names, 'flags'], { ...defaults, flags: 0 });
    const pattern = patternFrom(a.pattern, a.flags);
    return (pattern[fn] as (...x: unknown[]) => unknown).apply(pattern, names.map((n) => a[n]));
  };
}

/** Python's `re.escape`: every character that is not alphanumeric or `_` gets a backslash. */
function escape(s: unknown): string {
  return needStr(s, 'escape() argument').replace(/[^\p{L}\p{N}_]/gu, (c) => (c === '\u0000' ? '\\000' : '\\' + c));
}

export function reModule(): Record<string, unknown> {
  return {
    ...FLAGS,
    compile: (...args: unknown[]) => {
      const a = bind('compile', args, ['pattern', 'flags'], { flags: 0 });
      if (a.pattern instanceof PyPattern) return a.pattern;
      return new PyPattern(needStr(a.pattern, 'pattern'), int(a.flags, 'flags'));
    },
    search: viaPattern('search', ['string']),
    match: viaPattern('match', ['string']),
    fullmatch: viaPattern('fullmatch', ['string']),
    findall: viaPattern('findall', ['string']),
    finditer: viaPattern('finditer', ['string']),
    sub: viaPattern('sub', ['repl', 'string', 'count'], { count: 0 }),
    subn: viaPattern('subn', ['repl', 'string', 'count'], { count: 0 }),
    split: viaPattern('split', ['string', 'maxsplit'], { maxsplit: 0 }),
    escape: callable('escape', (s: unknown) => escape(s), {}),
  };
}
