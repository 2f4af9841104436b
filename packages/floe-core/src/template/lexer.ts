/**
 * Tokenizer for the Jinja subset. Produces one flat token stream like Jinja's
 * own lexer: data, tag delimiters and expression tokens, each with its 1-based
 * line/column in the original source. Whitespace control (`{%-`, `-%}`, ...)
 * and `{% raw %}` are applied here, as Jinja does.
 */
import { TemplateSyntaxError } from './template-error';

/**
 * Token kinds. The stream is a struct of arrays (see Tokens), not one object per token:
 * a 10,000-model project has about a million tokens, and their objects were the largest
 * single allocation of a compile.
 */
export const DATA = 0;
export const BLOCK_BEGIN = 1;
export const BLOCK_END = 2;
export const VAR_BEGIN = 3;
export const VAR_END = 4;
export const NAME = 5;
export const STRING = 6;
export const INT = 7;
export const FLOAT = 8;
export const OP = 9;
export const EOF = 10;

/** Token i is (kind[i], value[i]) at line[i]:col[i], source offsets start[i]..end[i]. */
export class Tokens {
  length = 0;
  /** Text for data/name/op, decoded value for strings, number for int/float, '' for delimiters. */
  value: (string | number)[] = [];
  kind: Uint8Array;
  line: Int32Array;
  col: Int32Array;
  /** Offset of the first character in the source. */
  start: Int32Array;
  /** Offset just after the token (for tag ends: after the delimiter). */
  end: Int32Array;

  constructor(capacity: number) {
    this.kind = new Uint8Array(capacity);
    this.line = new Int32Array(capacity);
    this.col = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }

  push(kind: number, value: string | number, line: number, col: number, start: number, end: number): void {
    const i = this.length;
    if (i === this.kind.length) this.grow();
    this.kind[i] = kind;
    this.value[i] = value;
    this.line[i] = line;
    this.col[i] = col;
    this.start[i] = start;
    this.end[i] = end;
    this.length = i + 1;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    this.kind = kind;
    this.line = grown(this.line, n);
    this.col = grown(this.col, n);
    this.start = grown(this.start, n);
    this.end = grown(this.end, n);
  }
}

function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/**
 * One token buffer reused by every tokenize() call: parsing is synchronous and a file's
 * tokens are dropped once its AST is built, so the typed arrays never need reallocating.
 * takeTokens() hands it out (or a fresh one if it is in use); releaseTokens() returns it.
 */
let spare: Tokens | null = null;

function takeTokens(): Tokens {
  const t = spare ?? new Tokens(1024);
  spare = null;
  t.length = 0;
  return t;
}

export function releaseTokens(t: Tokens): void {
  // Blank the values rather than dropping the array: a fresh array per file grew by copying
  // (~15 MB of garbage at 10k models), and blanking keeps no strings of this file alive.
  t.value.fill('', 0, t.length);
  spare = t;
}

/** The operator starting at p (c is its first char code), longest match first. */
function opAt(src: string, p: number, c: number): string | undefined {
  const d = src.charCodeAt(p + 1);
  switch (c) {
    case 47: return d === 47 ? '//' : '/';
    case 42: return d === 42 ? '**' : '*';
    case 61: return d === 61 ? '==' : '=';
    case 33: return d === 61 ? '!=' : undefined;
    case 60: return d === 61 ? '<=' : '<';
    case 62: return d === 61 ? '>=' : '>';
    case 43: return '+';
    case 45: return '-';
    case 37: return '%';
    case 126: return '~';
    case 40: return '(';
    case 41: return ')';
    case 91: return '[';
    case 93: return ']';
    case 123: return '{';
    case 125: return '}';
    case 44: return ',';
    case 46: return '.';
    case 58: return ':';
    case 124: return '|';
    case 59: return ';';
    default: return undefined;
  }
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;
}
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const RAW_END = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;
const RAW_BEGIN = /\{%[-+]?\s*raw\s*[-+]?%\}/y;

/** Jinja normalizes newlines and drops one trailing newline (keep_trailing_newline=False). */
export function normalizeSource(source: string): string {
  let s = source.indexOf('\r') >= 0 ? source.replace(/\r\n?/g, '\n') : source;
  if (s.endsWith('\n')) s = s.slice(0, -1);
  return s;
}

/** The token stream of src; give it back with releaseTokens() when parsed. */
export function tokenize(src: string, file: string): Tokens {
  const tokens = takeTokens();
  const n = src.length;
  let pos = 0;
  // Monotonic line tracking: tokens are produced in source order.
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  // at(offset) advances the line counter and sets L/C (no allocation: this is the hot path).
  let L = 1;
  let C = 1;
  const at = (offset: number): void => {
    while (scanned < offset) {
      const nl = src.indexOf('\n', scanned);
      if (nl < 0 || nl >= offset) {
        scanned = offset;
        break;
      }
      line++;
      lineStart = nl + 1;
      scanned = nl + 1;
    }
    L = line;
    C = offset - lineStart + 1;
  };
  const fail = (msg: string, offset: number, hint?: string): never => {
    at(offset);
    throw new TemplateSyntaxError(msg, { file, line: L, column: C }, hint);
  };
  let lstripNext = false;
  // Offsets of open brackets in the current tag; one array reused for every tag.
  const openers: number[] = [];
  const pushData = (text: string, offset: number): void => {
    if (lstripNext) {
      // trimStart/trimEnd strip exactly the characters \s matches, without regex backtracking.
      text = text.trimStart();
      lstripNext = false;
    }
    if (text.length === 0) return;
    at(offset);
    tokens.push(DATA, text, L, C, offset, offset + text.length);
  };
  const rstripPrev = (): void => {
    const last = tokens.length - 1;
    if (last >= 0 && tokens.kind[last] === DATA) {
      const v = (tokens.value[last] as string).trimEnd();
      if (v.length === 0) tokens.length = last;
      else tokens.value[last] = v;
    }
  };

  while (pos < n) {
    // Find the next tag opener.
    let i = src.indexOf('{', pos);
    while (i >= 0 && i + 1 < n) {
      const c = src.charCodeAt(i + 1);
      if (c === 37 /* % */ || c === 123 /* { */ || c === 35 /* # */) break;
      i = src.indexOf('{', i + 1);
    }
    if (i < 0 || i + 1 >= n) {
      pushData(src.slice(pos), pos);
      pos = n;
      break;
    }
    if (i > pos) pushData(src.slice(pos, i), pos);
    else lstripNext = false;
    lstripNext = false;
    const kind = src.charCodeAt(i + 1);
    const markCh = src.charCodeAt(i + 2);
    const strip = markCh === 45; /* - */
    const plus = markCh === 43; /* + */
    if (strip) rstripPrev();
    const tagStart = i;
    let p = i + 2 + (strip || plus ? 1 : 0);

    if (kind === 35) {
      // Comment: find "#}" (a "-#}" strips following whitespace).
      const close = src.indexOf('#}', p);
      if (close < 0) fail('unclosed comment', tagStart, 'add #} to close the comment');
      lstripNext = src.charCodeAt(close - 1) === 45 && close - 1 >= p;
      pos = close + 2;
      continue;
    }

    if (kind === 37) {
      RAW_BEGIN.lastIndex = tagStart;
      if (RAW_BEGIN.test(src)) {
        const beginEnd = RAW_BEGIN.lastIndex;
        RAW_END.lastIndex = beginEnd;
        const m = RAW_END.exec(src);
        if (!m) fail('unclosed {% raw %} block', tagStart, 'add {% endraw %}');
        const em = m as RegExpExecArray;
        let content = src.slice(beginEnd, em.index);
        if (src.charCodeAt(beginEnd - 3) === 45) content = content.trimStart();
        if (em[1] === '-') content = content.trimEnd();
        if (content.length > 0) {
          at(beginEnd);
          tokens.push(DATA, content, L, C, beginEnd, em.index);
        }
        lstripNext = em[2] === '-';
        pos = em.index + em[0].length;
        continue;
      }
    }

    const isBlock = kind === 37;
    {
      at(tagStart);
      tokens.push(isBlock ? BLOCK_BEGIN : VAR_BEGIN, '', L, C, tagStart, p);
    }
    const closeCh = isBlock ? 37 : 125; // '%}' or '}}'
    let depth = 0;
    openers.length = 0;
    let closed = false;
    while (p < n) {
      const c = src.charCodeAt(p);
      if (isWs(c)) {
        p++;
        continue;
      }
      // Tag end (only when brackets are balanced, like Jinja).
      if (depth === 0) {
        if ((c === 45 || c === 43) && src.charCodeAt(p + 1) === closeCh && src.charCodeAt(p + 2) === 125) {
          at(p);
          tokens.push(isBlock ? BLOCK_END : VAR_END, '', L, C, p, p + 3);
          lstripNext = c === 45;
          p += 3;
          closed = true;
          break;
        }
        if (c === closeCh && src.charCodeAt(p + 1) === 125) {
          at(p);
          tokens.push(isBlock ? BLOCK_END : VAR_END, '', L, C, p, p + 2);
          p += 2;
          closed = true;
          break;
        }
      }
      const start = p;
      if (isNameStart(c)) {
        let h = c;
        p++;
        let d: number;
        while (p < n && isNameChar((d = src.charCodeAt(p)))) {
          h = (Math.imul(h, 31) + d) | 0;
          p++;
        }
        at(start);
        tokens.push(NAME, intern(src, start, p, h), L, C, start, p);
        continue;
      }
      if (isDigit(c)) {
        p++;
        while (p < n && (isDigit(src.charCodeAt(p)) || src.charCodeAt(p) === 95)) p++;
        let isFloat = false;
        // No fraction after "x.0" attribute access (Jinja's (?<!\.) rule).
        const afterDot = start > 0 && src.charCodeAt(start - 1) === 46;
        if (!afterDot && src.charCodeAt(p) === 46 && isDigit(src.charCodeAt(p + 1))) {
          isFloat = true;
          p += 2;
          while (p < n && (isDigit(src.charCodeAt(p)) || src.charCodeAt(p) === 95)) p++;
        }
        if (!afterDot && (src.charCodeAt(p) === 101 || src.charCodeAt(p) === 69)) {
          let q = p + 1;
          if (src.charCodeAt(q) === 43 || src.charCodeAt(q) === 45) q++;
          if (isDigit(src.charCodeAt(q))) {
            isFloat = true;
            p = q;
            while (p < n && isDigit(src.charCodeAt(p))) p++;
          }
        }
        let text = src.slice(start, p);
        if (text.includes('_')) text = text.replace(/_/g, '');
        at(start);
        tokens.push(isFloat ? FLOAT : INT, Number(text), L, C, start, p);
        continue;
      }
      if (c === 39 || c === 34) {
        const value = readString(src, p, c);
        if (value === undefined) return fail('unterminated string literal', start, 'close the string with a matching quote');
        p = stringEnd;
        at(start);
        tokens.push(STRING, value, L, C, start, p);
        continue;
      }
      const o = opAt(src, p, c);
      if (o === undefined) return fail(`unexpected character '${src[p]}'`, p);
      if (o === '(' || o === '[' || o === '{') {
        depth++;
        openers.push(start);
      } else if (o === ')' || o === ']' || o === '}') {
        const top = openers.pop();
        const want = top === undefined ? undefined : CLOSER[src[top] as string];
        if (top !== undefined && want !== o) fail(`unclosed '${src[top]}' in tag`, top, `add the matching '${want}'`);
        if (top === undefined) fail(`unexpected '${o}'`, start);
        depth--;
      }
      p += o.length;
      at(start);
      tokens.push(OP, o, L, C, start, p);
    }
    if (!closed) {
      const unclosed = openers[openers.length - 1];
      if (unclosed !== undefined) fail(`unclosed '${src[unclosed]}' in tag`, unclosed, `add the matching '${CLOSER[src[unclosed] as string]}'`);
      fail(isBlock ? 'unclosed tag: missing %}' : 'unclosed expression: missing }}', tagStart, isBlock ? 'add %} to close the tag' : 'add }} to close the expression');
    }
    pos = p;
  }
  at(n);
  tokens.push(EOF, '', L, C, n, n);
  return tokens;
}

/**
 * Names and string literals repeat across files (keywords, `ref`, `config`, loop variables,
 * model names in ref('...'), config values): one shared string per distinct text instead of a
 * new one per occurrence. Keyed by a hash of the characters; on a collision the newer text wins.
 * Cleared when full, so it stays small.
 */
const names = new Map<number, string>();
const MAX_NAMES = 16384;

function intern(src: string, start: number, end: number, hash: number): string {
  const len = end - start;
  const key = (hash ^ (len << 24)) | 0;
  const known = names.get(key);
  if (known !== undefined && known.length === len && src.startsWith(known, start)) return known;
  if (names.size >= MAX_NAMES) names.clear();
  const name = src.slice(start, end);
  names.set(key, name);
  return name;
}

/** Set by readString: the offset just after the closing quote (saves a result tuple per string). */
let stringEnd = 0;

/** The decoded string literal starting at p, or undefined when it is not terminated. */
function readString(src: string, p: number, quote: number): string | undefined {
  let i = p + 1;
  let out = '';
  let segStart = i;
  const n = src.length;
  // Hash of the characters while no escape has been seen: plain literals are interned like names.
  let h = 0;
  let plain = true;
  while (true) {
    if (i >= n) return undefined;
    const c = src.charCodeAt(i);
    if (c === quote) {
      stringEnd = i + 1;
      if (plain) return intern(src, segStart, i, h);
      out += src.slice(segStart, i);
      return out;
    }
    if (plain) h = (Math.imul(h, 31) + c) | 0;
    if (c === 92 /* \ */) {
      plain = false;
      out += src.slice(segStart, i);
      const e = src[i + 1];
      i += 2;
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '\\': out += '\\'; break;
        case "'": out += "'"; break;
        case '"': out += '"'; break;
        case '0': out += '\0'; break;
        case 'a': out += '\x07'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case '\n': break;
        case 'x':
          out += String.fromCharCode(parseInt(src.slice(i, i + 2), 16));
          i += 2;
          break;
        case 'u':
          out += String.fromCharCode(parseInt(src.slice(i, i + 4), 16));
          i += 4;
          break;
        default:
          // Python keeps unknown escapes verbatim, e.g. '\d' in a regex.
          out += '\\' + (e ?? '');
      }
      segStart = i;
      continue;
    }
    i++;
  }
}
