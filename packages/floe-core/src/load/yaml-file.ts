import type { Document, Node } from 'yaml';
import type { Diagnostic, SourcePosition } from '../errors';
import { yamlLib } from '../util/yaml-lib';
import { fastParseYaml, nodeStart, type FastNode, type FastYaml } from './fast-yaml';

/** Aliases a document may expand in total; a billion-laughs bomb needs far more. */
export const MAX_ALIAS_COUNT = 100;

export type YamlPath = readonly (string | number)[];

/**
 * `[...path, seg]` at its exact size: a spread copy reserves room to grow
 * (about 220 bytes for a 4-segment path instead of 80), and readers build a
 * path for every column and test they place. (path.concat(seg) is exact too,
 * but four times slower than this copy.)
 */
export function childPath(path: YamlPath, seg: string | number): YamlPath {
  const n = path.length;
  const out = new Array<string | number>(n + 1);
  for (let i = 0; i < n; i++) out[i] = path[i]!;
  out[n] = seg;
  return out;
}

export interface ParsedYaml {
  /** True when the file parsed (no syntax error, duplicate key or alias bomb); `value` is then set. */
  ok: boolean;
  /** Undefined when the file does not parse. Built on first access when the fast reader parsed the file. */
  doc?: Document;
  /** The document as plain JS (merge keys applied), computed once; undefined when `doc` is. */
  value?: unknown;
  diagnostics: Diagnostic[];
  /** Position of the value at `path`; falls back to the nearest existing ancestor. */
  locate(path: YamlPath): SourcePosition;
  /** Position of the key at `path` (its last segment); falls back to `locate`. */
  locateKey(path: YamlPath): SourcePosition;
  /** Position of a character offset inside the value at `path` (for pointing into a scalar, e.g. one cron field). */
  locateInValue(path: YamlPath, offset: number): SourcePosition;
}

/**
 * Parses one YAML file once, with positions. Duplicate keys, syntax errors
 * and alias bombs become diagnostics at their line and column.
 */
export function parseYamlFile(text: string, file: string): ParsedYaml {
  const fast = fastParseYaml(text);
  if (fast) return fromFast(text, file, fast);
  return parseWithYaml(text, file);
}

/** parseYamlFile without the fast reader (the reference it is tested against). */
export function parseWithYaml(text: string, file: string): ParsedYaml {
  const { LineCounter, parseDocument, isScalar } = yamlLib();
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false, keepSourceTokens: false });
  const posOf = (offset: number): SourcePosition => {
    const lp = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { file, line: lp.line, column: lp.col };
  };

  const finder = (path: YamlPath) => findNode(doc, path);
  const locate = (path: YamlPath): SourcePosition => {
    const found = finder(path);
    const node = found.value ?? found.key ?? found.nearest;
    return node?.range ? posOf(node.range[0]) : { file, line: 1, column: 1 };
  };
  const locateKey = (path: YamlPath): SourcePosition => {
    const found = finder(path);
    const node = found.key ?? found.value ?? found.nearest;
    return node?.range ? posOf(node.range[0]) : { file, line: 1, column: 1 };
  };
  const locateInValue = (path: YamlPath, offset: number): SourcePosition => {
    const found = finder(path);
    const node = found.value;
    if (!node?.range || !isScalar(node)) return locate(path);
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const start = posOf(node.range[0]);
    // Only single-line plain or quoted scalars map offsets to columns one to one.
    const raw = text.slice(node.range[0], node.range[1]);
    if (raw.includes('\n') || (node.type !== 'PLAIN' && !quoted)) return start;
    return { file, line: start.line, column: start.column + (quoted ? 1 : 0) + offset };
  };
  const result: ParsedYaml = { ok: false, diagnostics, locate, locateKey, locateInValue };

  const problems = [...doc.errors];
  for (const e of problems) {
    const code = e.code === 'DUPLICATE_KEY' ? 'FLOE_YAML_DUPLICATE_KEY' : 'FLOE_YAML_SYNTAX';
    const lineEnd = text.indexOf('\n', e.pos[0]);
    const dupKey = text.slice(e.pos[0], lineEnd < 0 ? undefined : lineEnd).split(':')[0]?.trim().slice(0, 80);
    const message = code === 'FLOE_YAML_DUPLICATE_KEY' && dupKey ? `duplicate key "${dupKey}"` : firstLine(e.message);
    diagnostics.push({
      code,
      severity: 'error',
      message,
      hint: code === 'FLOE_YAML_DUPLICATE_KEY' ? 'Each key may appear once in a mapping; remove or merge the repeated one.' : 'Fix the YAML syntax (indentation, quoting, missing colon).',
      ...posOf(e.pos[0]),
    });
  }
  if (problems.length > 0) return result;

  try {
    result.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      diagnostics.push({
        code: 'FLOE_YAML_ALIAS_LIMIT',
        severity: 'error',
        message: `this file expands more than ${MAX_ALIAS_COUNT} aliases; refusing it (it looks like an alias bomb)`,
        hint: 'Write the repeated values out, or use fewer anchors (*alias) nested in each other.',
        ...firstAliasPosition(doc, posOf, file),
      });
    } else {
      diagnostics.push({ code: 'FLOE_YAML_SYNTAX', severity: 'error', message: err instanceof Error ? firstLine(err.message) : String(err), file, line: 1, column: 1 });
    }
    return result;
  }
  result.doc = doc;
  result.ok = true;
  return result;
}

/** ParsedYaml over the fast reader's tree: the same values and positions as parseWithYaml. */
function fromFast(text: string, file: string, fast: FastYaml): ParsedYaml {
  const lineStarts = fast.lineStarts;
  const posOf = (offset: number): SourcePosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  // find() walks a path without allocating: it returns the node (undefined when the path
  // does not exist) and leaves the key's offset (-1: none) or the deepest node reached in these.
  let keyAt = -1;
  let nearest: FastNode = fast.root;
  const find = (path: YamlPath): FastNode | undefined => {
    let node: FastNode = fast.root;
    keyAt = -1;
    for (const seg of path) {
      nearest = node;
      if (typeof node === 'number') return undefined;
      const items = node.items;
      if (node.kind === 'map') {
        const key = String(seg);
        let at = -1;
        for (let k = 0; k < items.length; k += 3) {
          if (items[k] === key) {
            at = k;
            break;
          }
        }
        if (at < 0) return undefined;
        keyAt = items[at + 1] as number;
        node = items[at + 2] as FastNode;
      } else if (typeof seg === 'number' && seg < items.length) {
        // (a negative or fractional index finds nothing, as items[seg] did)
        const item = (items as FastNode[])[seg];
        if (item === undefined) return undefined;
        keyAt = -1;
        node = item;
      } else {
        return undefined;
      }
    }
    return node;
  };
  const locate = (path: YamlPath): SourcePosition => {
    const node = find(path);
    return posOf(node !== undefined ? nodeStart(node) : nodeStart(nearest));
  };
  const locateKey = (path: YamlPath): SourcePosition => {
    const node = find(path);
    if (node === undefined) return posOf(nodeStart(nearest));
    return posOf(keyAt >= 0 ? keyAt : nodeStart(node));
  };
  const locateInValue = (path: YamlPath, offset: number): SourcePosition => {
    const node = find(path);
    if (typeof node !== 'number') return locate(path);
    const start = posOf(node);
    // A scalar's node is its first character: a quote for quoted scalars (plain ones cannot start with one).
    const c = text.charCodeAt(node);
    return { file, line: start.line, column: start.column + (c === 34 || c === 39 ? 1 : 0) + offset };
  };
  let doc: Document | undefined;
  const result: ParsedYaml = {
    ok: true,
    value: fast.value,
    diagnostics: [],
    locate,
    locateKey,
    locateInValue,
    // Kept for callers that want the yaml Document; parsed only if asked for.
    get doc() {
      doc ??= parseWithYaml(text, file).doc;
      return doc;
    },
  };
  return result;
}

interface Found {
  key?: Node;
  value?: Node;
  /** The deepest node reached when the path does not exist. */
  nearest?: Node;
}

/** Walks a path through maps (including `<<` merges), sequences and aliases. */
function findNode(doc: Document, path: YamlPath): Found {
  const { isMap, isScalar, isSeq } = yamlLib();
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let nearest: Node | undefined = (doc.contents as Node | null) ?? undefined;
  for (const seg of path) {
    node = deref(doc, node);
    if (!node) return { nearest };
    nearest = node as Node;
    if (isMap(node)) {
      const pair = findPair(doc, node.items, String(seg), 0);
      if (!pair) return { nearest };
      key = isScalar(pair.key) || isMap(pair.key) ? (pair.key as Node) : undefined;
      node = pair.value;
      if (!node) return { key, nearest: key ?? nearest };
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      key = undefined;
      if (!node) return { nearest };
    } else {
      return { nearest };
    }
  }
  const value = deref(doc, node) ? (node as Node) : undefined;
  return { key, value, nearest };
}

function findPair(doc: Document, items: unknown[], seg: string, depth: number): { key: unknown; value: unknown } | undefined {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  let merged: { key: unknown; value: unknown } | undefined;
  for (const item of items) {
    if (!isPair(item)) continue;
    const kv = isScalar(item.key) ? item.key.value : undefined;
    const isMerge = typeof kv === 'symbol' || (kv === '<<' && (item.key as { source?: string }).source === '<<');
    if (!isMerge && kv !== undefined && kv !== null && String(kv) === seg) return item;
    if (isMerge && depth < 8 && !merged) {
      const sources = isSeq(item.value) ? item.value.items : [item.value];
      for (const src of sources) {
        const m = deref(doc, src);
        if (isMap(m)) {
          const p = findPair(doc, m.items, seg, depth + 1);
          if (p) {
            merged = { key: item.key, value: p.value };
            break;
          }
        }
      }
    }
  }
  return merged;
}

function deref(doc: Document, node: unknown): unknown {
  const { isAlias } = yamlLib();
  let n = node;
  for (let i = 0; i < 16 && isAlias(n); i++) n = n.resolve(doc);
  return n;
}

function firstAliasPosition(doc: Document, posOf: (o: number) => SourcePosition, file: string): SourcePosition {
  const { visit } = yamlLib();
  let at: SourcePosition = { file, line: 1, column: 1 };
  visit(doc, {
    Alias(_k, node) {
      if (node.range) at = posOf(node.range[0]);
      return visit.BREAK;
    },
  });
  return at;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}
