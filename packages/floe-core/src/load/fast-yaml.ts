/**
 * A fast reader for the plain subset of YAML that property files are written
 * in: block mappings and sequences, one-line plain and quoted scalars,
 * one-line flow sequences and mappings (nested in each other), and comments.
 * It gives the same value as `yaml`'s parseDocument().toJS() (core schema) and
 * the same positions for every node, at several times the speed: on a
 * 10,000-model project the property files were a fifth of compile time.
 *
 * Anything outside the subset returns undefined, and the caller parses the
 * file with `yaml`, which also reports every error: anchors, aliases, tags,
 * block scalars, multi-line scalars, escapes other than JSON's, empty values,
 * complex or quoted keys, keys that resolve to non-strings, duplicate keys,
 * tabs, CR line ends, directives and document markers.
 *
 * Allocation is most of its cost (the garbage collector copies what is still
 * alive), so it works on offsets into the text: no string per line, no slice
 * per step, a scalar's node is just its offset, and child lists are copied
 * once at their exact size from a scratch stack.
 */

/** A collection: `items` holds, per pair, the key, the key's offset and the child node (maps), or the child nodes (sequences). */
export interface FastMap {
  kind: 'map';
  start: number;
  items: (string | FastNode)[];
  value: Record<string, unknown>;
}
export interface FastSeq {
  kind: 'seq';
  start: number;
  items: FastNode[];
  value: unknown[];
}
/** A collection, or a scalar given by the offset of its first character (its quote, if quoted). */
export type FastNode = FastMap | FastSeq | number;

export interface FastYaml {
  value: unknown;
  root: FastNode;
  /** Offset of every line's first character. */
  lineStarts: Int32Array;
}

/** Offset of a node's first character. */
export function nodeStart(node: FastNode): number {
  return typeof node === 'number' ? node : node.start;
}

/** Thrown inside the reader when the text leaves the subset; never escapes. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

const SPECIAL_KEYS = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL|__proto__)$/;
/** First characters of SPECIAL_KEYS (T t F f N n _), so most keys skip that regex. */
const SPECIAL_FIRST = new Set([84, 116, 70, 102, 78, 110, 95]);
/** Characters a block plain scalar may not start with: ? : , [ ] { } # & * ! | > ' " % @ ` */
const PLAIN_FIRST_BAD = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/** Characters a flow plain scalar may not start with (besides whitespace): , [ ] { } # : ' " & * ! | > % @ ` ? */
const FLOW_FIRST_BAD = new Set([...',[]{}#:\'"&*!|>%@`?'].map((c) => c.charCodeAt(0)));
/** Characters that end a flow plain scalar: , [ ] { } # : */
const FLOW_STOP = new Set([...',[]{}#:'].map((c) => c.charCodeAt(0)));

export function fastParseYaml(text: string): FastYaml | undefined {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  let lineCount = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCount++;
  // Sized once (typed arrays hold them off the young heap): every line's start (for positions),
  // and per kept line (not empty, not a comment) its start, indentation, and where its content ends (trailing spaces cut).
  const lineStarts = new Int32Array(lineCount);
  const starts = new Int32Array(lineCount);
  const indents = new Int32Array(lineCount);
  const ends = new Int32Array(lineCount);
  let kept = 0;
  for (let line = 0, offset = 0; line < lineCount; line++) {
    let eol = text.indexOf('\n', offset);
    if (eol < 0) eol = text.length;
    lineStarts[line] = offset;
    let indent = 0;
    while (text.charCodeAt(offset + indent) === 32) indent++;
    let end = eol;
    while (end > offset + indent && isTrailingSpace(text.charCodeAt(end - 1))) end--;
    const first = text.charCodeAt(offset + indent);
    if (end > offset + indent && first !== 35 /* # */) {
      if (indent === 0 && (text.startsWith('---', offset) || text.startsWith('...', offset) || first === 37 /* % */)) return undefined;
      starts[kept] = offset;
      indents[kept] = indent;
      ends[kept] = end;
      kept++;
    }
    offset = eol + 1;
  }
  if (kept === 0 || indents[0] !== 0) return undefined;
  try {
    const r = new Reader(text, kept, starts, indents, ends);
    const root = r.block(0, 0, -1);
    if (r.i !== kept) return undefined;
    return { value: r.v, root, lineStarts };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Reader {
  /** The line being read. */
  i = 0;
  /** The value of the node the last read returned. */
  v: unknown;
  /** Where the last flow collection or quoted scalar ended. */
  private after = 0;
  /** Scratch stacks for the children of open collections (nodes, and sequence values); each collection copies its part out. */
  private readonly nodes: unknown[] = [];
  private readonly values: unknown[] = [];
  private top = 0;
  private vtop = 0;

  constructor(
    private readonly text: string,
    /** How many lines were kept (the arrays are longer). */
    private readonly count: number,
    private readonly starts: Int32Array,
    private readonly indents: Int32Array,
    private readonly ends: Int32Array,
  ) {}

  /** True when the line's content starts with a sequence dash ("-" alone or "- "). */
  private dashLine(line: number): boolean {
    return isDash(this.text, this.starts[line]! + this.indents[line]!, this.ends[line]!);
  }

  /** A block node whose first character is at column `col` of line `lineIndex` (the line may start left of col: `- key: v`). */
  block(lineIndex: number, col: number, parentIndent: number): FastNode {
    const pos = this.starts[lineIndex]! + col;
    const end = this.ends[lineIndex]!;
    if (isDash(this.text, pos, end)) return this.seq(col, parentIndent);
    if (keyLength(this.text, pos, end) >= 0) return this.map(col);
    // A lone scalar or flow collection as a block value: one line only.
    const node = this.inline(pos, end);
    this.i = lineIndex + 1;
    this.expectNotDeeper(parentIndent);
    return node;
  }

  private map(col: number): FastNode {
    const text = this.text;
    const value: Record<string, unknown> = {};
    const start = this.starts[this.i]! + col;
    const base = this.top;
    for (;;) {
      const line = this.i;
      const pos = this.starts[line]! + col;
      const end = this.ends[line]!;
      const keyLen = keyLength(text, pos, end);
      if (keyLen < 0) throw UNSUPPORTED;
      const key = cachedSlice(text, pos, keyLen);
      if (Object.prototype.hasOwnProperty.call(value, key) || (SPECIAL_FIRST.has(text.charCodeAt(pos)) && SPECIAL_KEYS.test(key))) throw UNSUPPORTED;
      const rest = skipSpaces(text, pos + keyLen + 1, end);
      let child: FastNode;
      if (rest === end || text.charCodeAt(rest) === 35 /* # */) {
        this.i++;
        const next = this.i;
        if (next < this.count && this.indents[next]! > col) child = this.block(next, this.indents[next]!, col);
        else if (next < this.count && this.indents[next] === col && this.dashLine(next)) child = this.seq(col, col - 1);
        else throw UNSUPPORTED; // an empty value (null): rare; let `yaml` place it
      } else {
        child = this.inline(rest, end);
        this.i++;
        this.expectNotDeeper(col);
      }
      value[key] = this.v;
      this.push(key, pos, child);
      const next = this.i;
      if (next >= this.count || this.indents[next]! < col) break;
      if (this.indents[next]! > col) throw UNSUPPORTED;
      if (this.dashLine(next)) break; // the parent's indentless sequence ends here
    }
    const items = this.nodes.slice(base, this.top) as (string | FastNode)[];
    this.top = base;
    this.v = value;
    return { kind: 'map', start, items, value };
  }

  /** A block sequence with its dashes at column `col`. */
  private seq(col: number, parentIndent: number): FastNode {
    const text = this.text;
    const start = this.starts[this.i]! + col;
    const base = this.top;
    const vbase = this.vtop;
    for (;;) {
      const line = this.i;
      const pos = this.starts[line]! + col;
      const end = this.ends[line]!;
      if (!isDash(text, pos, end)) throw UNSUPPORTED;
      const rest = skipSpaces(text, pos + 1, end);
      let child: FastNode;
      if (rest === end || text.charCodeAt(rest) === 35 /* # */) {
        this.i++;
        const next = this.i;
        if (next >= this.count || this.indents[next]! <= col) throw UNSUPPORTED;
        child = this.block(next, this.indents[next]!, col);
      } else {
        if (isDash(text, rest, end)) throw UNSUPPORTED; // nested compact sequence
        if (keyLength(text, rest, end) >= 0) child = this.map(rest - this.starts[line]!);
        else {
          child = this.inline(rest, end);
          this.i++;
          this.expectNotDeeper(col);
        }
      }
      this.nodes[this.top++] = child;
      this.values[this.vtop++] = this.v;
      const next = this.i;
      if (next >= this.count || this.indents[next]! < col || this.indents[next] === parentIndent) break;
      if (this.indents[next]! > col) throw UNSUPPORTED;
      if (!this.dashLine(next)) break;
    }
    return this.endSeq(start, base, vbase);
  }

  private push(key: string, keyStart: number, child: FastNode): void {
    this.nodes[this.top++] = key;
    this.nodes[this.top++] = keyStart;
    this.nodes[this.top++] = child;
  }

  private endSeq(start: number, base: number, vbase: number): FastNode {
    const items = this.nodes.slice(base, this.top) as FastNode[];
    const value = this.values.slice(vbase, this.vtop);
    this.top = base;
    this.vtop = vbase;
    this.v = value;
    return { kind: 'seq', start, items, value };
  }

  /** The line after a one-line value may not be indented deeper (that would continue a multi-line scalar). */
  private expectNotDeeper(indent: number): void {
    const next = this.i;
    if (next < this.count && this.indents[next]! > indent) throw UNSUPPORTED;
  }

  /** A scalar or flow collection that fills the rest of the line, from `pos` to `end`. */
  private inline(pos: number, end: number): FastNode {
    const text = this.text;
    const c = text.charCodeAt(pos);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const node = this.flow(pos, end);
      if (!isEndOfLine(text, this.after, end)) throw UNSUPPORTED;
      return node;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      this.v = this.quoted(pos, end);
      if (!isEndOfLine(text, this.after, end)) throw UNSUPPORTED;
      return pos;
    }
    if (PLAIN_FIRST_BAD.has(c) || (c === 45 /* - */ && (pos + 1 === end || text.charCodeAt(pos + 1) === 32))) throw UNSUPPORTED;
    // The scalar ends at " #" (a comment) or at the line end, without trailing spaces; ": " or a final ":" would make it a mapping.
    let stop = end;
    for (let j = pos + 1; j < end; j++) {
      if (text.charCodeAt(j) === 35 && text.charCodeAt(j - 1) === 32) {
        stop = j - 1;
        break;
      }
    }
    while (stop > pos && isTrailingSpace(text.charCodeAt(stop - 1))) stop--;
    for (let j = pos; j < stop; j++) {
      if (text.charCodeAt(j) === 58 /* : */ && (j + 1 === stop || text.charCodeAt(j + 1) === 32)) throw UNSUPPORTED;
    }
    this.v = resolvePlain(cachedSlice(text, pos, stop - pos));
    return pos;
  }

  /** `[a, 'b', [c]]` or `{k: v, n: {m: 1}}` starting at `pos` and closing on the line; sets `after` to the index after the bracket. */
  private flow(pos: number, end: number): FastNode {
    const text = this.text;
    const isMap = text.charCodeAt(pos) === 123;
    const close = isMap ? 125 /* } */ : 93; /* ] */
    const obj: Record<string, unknown> = {};
    const base = this.top;
    const vbase = this.vtop;
    let i = skipSpaces(text, pos + 1, end);
    if (text.charCodeAt(i) === close) i++;
    else {
      for (;;) {
        i = skipSpaces(text, i, end);
        let key: string | undefined;
        let keyStart = 0;
        if (isMap) {
          const keyLen = keyLength(text, i, end);
          if (keyLen < 0) throw UNSUPPORTED;
          key = cachedSlice(text, i, keyLen);
          if (SPECIAL_KEYS.test(key) || Object.prototype.hasOwnProperty.call(obj, key)) throw UNSUPPORTED;
          keyStart = i;
          i = skipSpaces(text, i + keyLen + 1, end);
        }
        let node: FastNode;
        const c = text.charCodeAt(i);
        if (c === 34 || c === 39) {
          this.v = this.quoted(i, end);
          node = i;
          i = this.after;
        } else if (c === 91 || c === 123) {
          node = this.flow(i, end);
          i = this.after;
        } else {
          // [^,[\]{}#:'"&*!|>%@`?\s](?:[^,[\]{}#:]*[^,[\]{}#:\s])?  and not "-" followed by whitespace or the end
          if (i >= end || FLOW_FIRST_BAD.has(c) || isRegexSpace(c)) throw UNSUPPORTED;
          let last = i;
          let j = i + 1;
          for (; j < end && !FLOW_STOP.has(text.charCodeAt(j)); j++) if (!isRegexSpace(text.charCodeAt(j))) last = j;
          if (c === 45 && (last === i || isRegexSpace(text.charCodeAt(i + 1)))) throw UNSUPPORTED;
          this.v = resolvePlain(cachedSlice(text, i, last + 1 - i));
          node = i;
          i = last + 1;
        }
        if (key !== undefined) {
          obj[key] = this.v;
          this.push(key, keyStart, node);
        } else {
          this.nodes[this.top++] = node;
          this.values[this.vtop++] = this.v;
        }
        i = skipSpaces(text, i, end);
        const d = text.charCodeAt(i);
        if (d === 44 /* , */) {
          i = skipSpaces(text, i + 1, end);
          if (text.charCodeAt(i) === close) throw UNSUPPORTED; // trailing comma
          continue;
        }
        if (d === close) {
          i++;
          break;
        }
        throw UNSUPPORTED;
      }
    }
    this.after = i;
    if (!isMap) return this.endSeq(pos, base, vbase);
    const items = this.nodes.slice(base, this.top) as (string | FastNode)[];
    this.top = base;
    this.v = obj;
    return { kind: 'map', start: pos, items, value: obj };
  }

  /** A one-line quoted scalar starting at `i`; sets `after` past its closing quote. Unsupported when it does not close on the line or uses YAML-only escapes. */
  private quoted(i: number, end: number): string {
    const text = this.text;
    if (text.charCodeAt(i) === 39 /* ' */) {
      let out = '';
      let from = i + 1;
      for (;;) {
        const j = text.indexOf("'", from);
        if (j < 0 || j >= end) throw UNSUPPORTED;
        if (text.charCodeAt(j + 1) === 39 && j + 1 < end) {
          out += text.slice(from, j + 1); // '' is one quote
          from = j + 2;
          continue;
        }
        this.after = j + 1;
        return out + text.slice(from, j);
      }
    }
    let escaped = false;
    for (let j = i + 1; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === 92 /* \ */) {
        const e = text.charCodeAt(j + 1);
        // JSON's escapes, which are YAML's too: \" \\ \/ \b \f \n \r \t \uXXXX
        if (e === 117 /* u */) {
          for (let k = j + 2; k < j + 6; k++) if (!isHex(text.charCodeAt(k))) throw UNSUPPORTED;
          j += 5;
        } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) j += 1;
        else throw UNSUPPORTED;
        escaped = true;
        continue;
      }
      if (c < 0x20) throw UNSUPPORTED; // control characters are not JSON
      if (c === 34 /* " */) {
        this.after = j + 1;
        return escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
      }
    }
    throw UNSUPPORTED;
  }
}

/** Longest string cachedSlice() keeps: V8 copies slices this short (longer ones would point into, and keep, the whole text). */
const MAX_CACHED = 12;
/** Recent short strings (keys and plain scalars such as column and test names), by length and first and last character. */
const sliceCache: (string | undefined)[] = new Array<string | undefined>(512).fill(undefined);

/**
 * text.slice(pos, pos + len), reusing the string of an earlier equal slice: keys and
 * names repeat thousands of times across property files, and one shared string is
 * neither allocated again nor kept once per use (nor hashed again as a property key).
 */
function cachedSlice(text: string, pos: number, len: number): string {
  if (len > MAX_CACHED) return text.slice(pos, pos + len);
  const h = (len * 31 + text.charCodeAt(pos) * 7 + text.charCodeAt(pos + len - 1)) & 511;
  const hit = sliceCache[h];
  if (hit !== undefined && hit.length === len && text.startsWith(hit, pos)) return hit;
  const s = text.slice(pos, pos + len);
  sliceCache[h] = s;
  return s;
}

/** True when text[pos..end) starts with a sequence dash: "-" alone or "- ". */
function isDash(text: string, pos: number, end: number): boolean {
  return text.charCodeAt(pos) === 45 && (pos + 1 === end || text.charCodeAt(pos + 1) === 32);
}

/**
 * The length of a block key at `pos` (followed by ":" and a space or `end`), or -1:
 * /^([A-Za-z_$][A-Za-z0-9_$+.\-/]*|\+[A-Za-z_][A-Za-z0-9_$+.\-/]*):(?= |$)/ without a match array.
 */
function keyLength(text: string, pos: number, end: number): number {
  let c = text.charCodeAt(pos);
  let i = pos + 1;
  if (c === 43 /* + */) {
    c = text.charCodeAt(pos + 1);
    i = pos + 2;
    if (!(isLetter(c) || c === 95)) return -1;
  } else if (!(isLetter(c) || c === 95 || c === 36)) return -1;
  while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  if (i >= end || text.charCodeAt(i) !== 58 /* : */) return -1;
  return i + 1 === end || text.charCodeAt(i + 1) === 32 ? i - pos : -1;
}

/** The first index at or after `i` (up to `end`) that is not a space. */
function skipSpaces(text: string, i: number, end: number): number {
  while (i < end && text.charCodeAt(i) === 32) i++;
  // String.prototype.trimStart, which this replaces, would also skip other white space: leave such text to `yaml`.
  if (i < end && isTrailingSpace(text.charCodeAt(i))) throw UNSUPPORTED;
  return i;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** [A-Za-z0-9_$+.\-/] */
function isKeyChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 43 || c === 46 || c === 45 || c === 47;
}

/** What String.prototype.trimEnd removes that can occur here (tabs and CR are declined earlier). */
function isTrailingSpace(c: number): boolean {
  return c === 32 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** A regex `\s` (within a line: tabs and CR are declined earlier). */
function isRegexSpace(c: number): boolean {
  return c === 9 || isTrailingSpace(c);
}

/** /^ +(#.*)?$/ or nothing, for text[i..end). */
function isEndOfLine(text: string, i: number, end: number): boolean {
  if (i === end) return true;
  if (text.charCodeAt(i) !== 32) return false;
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (i === end) return true;
  if (text.charCodeAt(i) !== 35) return false;
  // `.` does not match the line separators the line split kept.
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x2028 || c === 0x2029) return false;
  }
  return true;
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
