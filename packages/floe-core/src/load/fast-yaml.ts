/**
 * A fast reader for the plain subset of YAML that property files are written
 * in: block mappings and sequences, one-line plain and quoted scalars,
 * one-line flow sequences and mappings, and comments. It gives the same value
 * as `yaml`'s parseDocument().toJS() (core schema) and the same positions for
 * every node, at several times the speed: on a 10,000-model project the
 * property files were a fifth of compile time.
 *
 * Anything outside the subset returns undefined, and the caller parses the
 * file with `yaml`, which also reports every error: anchors, aliases, tags,
 * block scalars, multi-line scalars, escapes other than JSON's, empty values,
 * complex or quoted keys, keys that resolve to non-strings, duplicate keys,
 * tabs, CR line ends, directives and document markers.
 */

/** `value` is the node's plain JS value (kept on the node: a side Map cost a hash lookup per node). */
export type FastNode =
  | { kind: 'map'; start: number; items: FastPair[]; value: Record<string, unknown> }
  | { kind: 'seq'; start: number; items: FastNode[]; value: unknown[] }
  | { kind: 'scalar'; start: number; end: number; type: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'; value: unknown };

export interface FastPair {
  key: string;
  keyStart: number;
  value: FastNode;
}

export interface FastYaml {
  value: unknown;
  root: FastNode;
}

/** Thrown inside the reader when the text leaves the subset; never escapes. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

interface Line {
  /** Offset of the line's first character in the text. */
  offset: number;
  indent: number;
  /** The line without its indentation (not empty, not a comment). */
  content: string;
}

const KEY_RE = /^([A-Za-z_$][A-Za-z0-9_$+.\-/]*|\+[A-Za-z_][A-Za-z0-9_$+.\-/]*):(?= |$)/;
const SPECIAL_KEYS = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL|__proto__)$/;
/** First characters of SPECIAL_KEYS (T t F f N n _), so most keys skip that regex. */
const SPECIAL_FIRST = new Set([84, 116, 70, 102, 78, 110, 95]);
const PLAIN_FIRST_BAD = /^[?:,[\]{}#&*!|>'"%@`]|^-(?: |$)/;

export function fastParseYaml(text: string): FastYaml | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  const lines: Line[] = [];
  // Scans line ends by index instead of text.split('\n'): one string per kept line, not two or three.
  for (let offset = 0; offset <= text.length; ) {
    let eol = text.indexOf('\n', offset);
    if (eol < 0) eol = text.length;
    let indent = 0;
    while (text.charCodeAt(offset + indent) === 32) indent++;
    let end = eol;
    while (end > offset + indent && isTrailingSpace(text.charCodeAt(end - 1))) end--;
    const first = text.charCodeAt(offset + indent);
    if (end > offset + indent && first !== 35 /* # */) {
      const content = text.slice(offset + indent, end);
      if (indent === 0 && (content.startsWith('---') || content.startsWith('...') || first === 37 /* % */)) return undefined;
      lines.push({ offset, indent, content });
    }
    offset = eol + 1;
  }
  if (!lines.length || lines[0]!.indent !== 0) return undefined;
  try {
    const r = new Reader(lines);
    const root = r.block(0, 0, -1);
    if (r.i !== lines.length) return undefined;
    return { value: root.value, root };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Reader {
  i = 0;

  constructor(private readonly lines: Line[]) {}

  /** A block node whose first character is at column `col` of line `this.i` (the line may start left of col: `- key: v`). */
  block(lineIndex: number, col: number, parentIndent: number): FastNode {
    const line = this.lines[lineIndex]!;
    const text = line.content.slice(col - line.indent);
    if (text === '-' || text.startsWith('- ')) return this.seq(col, parentIndent);
    if (keyLength(text) >= 0) return this.map(col);
    // A lone scalar or flow collection as a block value: one line only.
    const node = this.inline(line, col, text);
    this.i = lineIndex + 1;
    this.expectNotDeeper(parentIndent);
    return node;
  }

  private map(col: number): FastNode {
    const first = this.lines[this.i]!;
    const value: Record<string, unknown> = {};
    const node: FastNode = { kind: 'map', start: first.offset + col, items: [], value };
    let lineCol = col;
    for (;;) {
      const line = this.lines[this.i]!;
      const text = line.content.slice(lineCol - line.indent);
      const keyLen = keyLength(text);
      if (keyLen < 0) throw UNSUPPORTED;
      const key = text.slice(0, keyLen);
      if (Object.prototype.hasOwnProperty.call(value, key) || (SPECIAL_FIRST.has(text.charCodeAt(0)) && SPECIAL_KEYS.test(key))) throw UNSUPPORTED;
      const keyStart = line.offset + lineCol;
      const restRaw = text.slice(keyLen + 1);
      const rest = restRaw.trimStart();
      let child: FastNode;
      if (rest === '' || rest[0] === '#') {
        const next = this.lines[this.i + 1];
        this.i++;
        if (next && next.indent > col) child = this.block(this.i, next.indent, col);
        else if (next && next.indent === col && (next.content === '-' || next.content.startsWith('- '))) child = this.seq(col, col - 1);
        else throw UNSUPPORTED; // an empty value (null): rare; let `yaml` place it
      } else {
        const valueCol = lineCol + keyLen + 1 + (restRaw.length - rest.length);
        child = this.inline(line, valueCol, rest);
        this.i++;
        this.expectNotDeeper(col);
      }
      node.items.push({ key, keyStart, value: child });
      value[key] = child.value;
      const next = this.lines[this.i];
      if (!next || next.indent < col) break;
      if (next.indent > col) throw UNSUPPORTED;
      if (next.content === '-' || next.content.startsWith('- ')) break; // the parent's indentless sequence ends here
      lineCol = col;
    }
    return node;
  }

  /** A block sequence with its dashes at column `col`. */
  private seq(col: number, parentIndent: number): FastNode {
    const first = this.lines[this.i]!;
    const value: unknown[] = [];
    const node: FastNode = { kind: 'seq', start: first.offset + col, items: [], value };
    for (;;) {
      const line = this.lines[this.i]!;
      const text = line.content.slice(col - line.indent);
      if (!(text === '-' || text.startsWith('- '))) throw UNSUPPORTED;
      const after = text.slice(1);
      const rest = after.trimStart();
      let child: FastNode;
      if (rest === '' || rest[0] === '#') {
        const next = this.lines[this.i + 1];
        this.i++;
        if (!next || next.indent <= col) throw UNSUPPORTED;
        child = this.block(this.i, next.indent, col);
      } else {
        const itemCol = col + 1 + (after.length - rest.length);
        if (rest === '-' || rest.startsWith('- ')) throw UNSUPPORTED; // nested compact sequence
        if (keyLength(rest) >= 0) child = this.map(itemCol);
        else {
          child = this.inline(line, itemCol, rest);
          this.i++;
          this.expectNotDeeper(col);
        }
      }
      node.items.push(child);
      value.push(child.value);
      const next = this.lines[this.i];
      if (!next || next.indent < col || next.indent === parentIndent) break;
      if (next.indent > col) throw UNSUPPORTED;
      if (!(next.content === '-' || next.content.startsWith('- '))) break;
    }
    return node;
  }

  /** The line after a one-line value may not be indented deeper (that would continue a multi-line scalar). */
  private expectNotDeeper(indent: number): void {
    const next = this.lines[this.i];
    if (next && next.indent > indent) throw UNSUPPORTED;
  }

  /** A scalar or flow collection that fits on the rest of the line (`text` starts at column `col`). */
  private inline(line: Line, col: number, text: string): FastNode {
    const start = line.offset + col;
    const c = text[0];
    if (c === '[' || c === '{') {
      const end = this.flow(text, start, c);
      if (!isEndOfLine(text.slice(end))) throw UNSUPPORTED;
      return this.lastFlow!;
    }
    if (c === '"' || c === "'") {
      const q = quoted(text, 0);
      if (!q || !isEndOfLine(text.slice(q.end))) throw UNSUPPORTED;
      return { kind: 'scalar', start, end: start + q.end, type: c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', value: q.value };
    }
    if (PLAIN_FIRST_BAD.test(text)) throw UNSUPPORTED;
    const hash = text.indexOf(' #');
    const plain = (hash < 0 ? text : text.slice(0, hash)).trimEnd();
    if (plain.includes(': ') || plain.endsWith(':')) throw UNSUPPORTED;
    return { kind: 'scalar', start, end: start + plain.length, type: 'PLAIN', value: resolvePlain(plain) };
  }

  private lastFlow: FastNode | undefined;

  /** `[a, 'b']` or `{k: v}` of scalars on one line; returns the index after the closing bracket. */
  private flow(text: string, start: number, open: '[' | '{'): number {
    const close = open === '[' ? ']' : '}';
    const items: FastNode[] = [];
    const pairs: FastPair[] = [];
    const arr: unknown[] = [];
    const obj: Record<string, unknown> = {};
    let i = 1;
    const skip = () => {
      while (text[i] === ' ') i++;
    };
    skip();
    if (text[i] === close) i++;
    else {
      for (;;) {
        skip();
        let key: string | undefined;
        let keyStart = 0;
        if (open === '{') {
          const m = KEY_RE.exec(text.slice(i));
          if (!m || SPECIAL_KEYS.test(m[1]!) || m[1]! in obj) throw UNSUPPORTED;
          key = m[1]!;
          keyStart = start + i;
          i += m[0].length;
          skip();
        }
        let node: FastNode;
        let value: unknown;
        const c = text[i];
        if (c === '"' || c === "'") {
          const q = quoted(text, i);
          if (!q) throw UNSUPPORTED;
          value = q.value;
          node = { kind: 'scalar', start: start + i, end: start + q.end, type: c === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', value };
          i = q.end;
        } else {
          const m = /^[^,[\]{}#:'"&*!|>%@`?\s](?:[^,[\]{}#:]*[^,[\]{}#:\s])?/.exec(text.slice(i));
          if (!m || /^-(?:\s|$)/.test(m[0])) throw UNSUPPORTED;
          value = resolvePlain(m[0]);
          node = { kind: 'scalar', start: start + i, end: start + i + m[0].length, type: 'PLAIN', value };
          i += m[0].length;
        }
        if (key !== undefined) {
          pairs.push({ key, keyStart, value: node });
          obj[key] = value;
        } else {
          items.push(node);
          arr.push(value);
        }
        skip();
        if (text[i] === ',') {
          i++;
          skip();
          if (text[i] === close) throw UNSUPPORTED; // trailing comma
          continue;
        }
        if (text[i] === close) {
          i++;
          break;
        }
        throw UNSUPPORTED;
      }
    }
    const node: FastNode = open === '[' ? { kind: 'seq', start, items, value: arr } : { kind: 'map', start, items: pairs, value: obj };
    this.lastFlow = node;
    return i;
  }
}

/**
 * KEY_RE.exec(text)?.[1].length without the match array: the length of a block
 * key at the start of `text` (followed by ":" and a space or the line end), or -1.
 */
function keyLength(text: string): number {
  let c = text.charCodeAt(0);
  let i = 1;
  if (c === 43 /* + */) {
    c = text.charCodeAt(1);
    i = 2;
    if (!(isLetter(c) || c === 95)) return -1;
  } else if (!(isLetter(c) || c === 95 || c === 36)) return -1;
  while (i < text.length && isKeyChar(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 58 /* : */) return -1;
  return i + 1 === text.length || text.charCodeAt(i + 1) === 32 ? i : -1;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** [A-Za-z0-9_$+.\-/] */
function isKeyChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 43 || c === 46 || c === 45 || c === 47;
}

/** What String.prototype.trimEnd removes that can occur here (tabs and CR are declined earlier). */
function isTrailingSpace(c: number): boolean {
  return c === 32 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isEndOfLine(rest: string): boolean {
  return rest === '' || /^ +(#.*)?$/.test(rest);
}

/** A one-line quoted scalar starting at `i`; undefined when it does not close on the line or uses YAML-only escapes. */
function quoted(text: string, i: number): { value: string; end: number } | undefined {
  const q = text[i];
  if (q === "'") {
    let out = '';
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === "'") {
        if (text[j + 1] === "'") {
          out += "'";
          j++;
          continue;
        }
        return { value: out, end: j + 1 };
      }
      out += text[j];
    }
    return undefined;
  }
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      if (!/^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(j + 1))) return undefined;
      j += text[j + 1] === 'u' ? 5 : 1;
      continue;
    }
    if (c === '"') {
      const body = text.slice(i, j + 1);
      // JSON's escapes are YAML's too (the subset above); control characters are not JSON.
      if (/[\u0000-\u001f]/.test(body)) return undefined;
      return { value: JSON.parse(body) as string, end: j + 1 };
    }
  }
  return undefined;
}

/** The YAML 1.2 core schema, as `yaml` resolves plain scalars. */
function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Fast exit: most scalars are words, which only null and booleans can be.
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
    if (s.length > 5) return s;
    if (/^(?:[Nn]ull|NULL)$/.test(s)) return null;
    if (/^(?:[Tt]rue|TRUE)$/.test(s)) return true;
    if (/^(?:[Ff]alse|FALSE)$/.test(s)) return false;
    return s;
  }
  if (s === '~') return null;
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}
