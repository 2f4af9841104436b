import type { SourcePosition } from '../errors';
import { JINJA_MAPPING } from '../template';

/**
 * Relations are not known while a template renders (a ref'd model's own
 * config() decides its schema and alias), so ref(), source() and `this`
 * render as placeholder tokens that `resolvePlaceholders` swaps for quoted
 * names once every node's config is known. One render pass per model.
 */
export type RelationPart = 'rendered' | 'database' | 'schema' | 'identifier' | 'name';

export type PendingRelation =
  | { kind: 'ref'; name: string; version?: string; from: string; at: SourcePosition }
  | { kind: 'source'; source: string; table: string; from: string; at: SourcePosition }
  | { kind: 'this'; nodeKey: string };

const MARK = '\u0000';

export class PlaceholderTable {
  readonly entries: PendingRelation[] = [];

  /** `text` with each placeholder spelt as the template wrote it (`ref('orders')`), for messages. */
  describe(text: string): string {
    if (!text.includes(MARK)) return text;
    return text.replace(/\u0000(\d+)(?::(\w+))?\u0000/g, (whole, i: string, part: string | undefined) => {
      const e = this.entries[Number(i)];
      if (!e) return whole;
      const base = e.kind === 'ref' ? `ref('${e.name}')` : e.kind === 'source' ? `source('${e.source}', '${e.table}')` : 'this';
      return part ? `${base}.${part}` : base;
    });
  }

  add(entry: PendingRelation): RelationToken {
    this.entries.push(entry);
    return new RelationToken(this.entries.length - 1);
  }
}

/** What templates receive from ref()/source()/this: prints as a token; relation attributes are tokens too. */
export class RelationToken {
  constructor(readonly index: number) {}
  /**
   * dbt's Relation is a mapping whose `metadata.type` ends in "Relation": packages check for one
   * (dbt_utils' `_is_relation`) before they use it.
   */
  get(key: unknown, dflt: unknown = null): unknown {
    return key === 'metadata' ? { type: 'BaseRelation' } : dflt;
  }
  toString(): string {
    return `${MARK}${this.index}${MARK}`;
  }
  get database(): string {
    return `${MARK}${this.index}:database${MARK}`;
  }
  get schema(): string {
    return `${MARK}${this.index}:schema${MARK}`;
  }
  get identifier(): string {
    return `${MARK}${this.index}:identifier${MARK}`;
  }
  get name(): string {
    return `${MARK}${this.index}:identifier${MARK}`;
  }
  get table(): string {
    return `${MARK}${this.index}:identifier${MARK}`;
  }
  render(): string {
    return this.toString();
  }
  include(): string {
    return this.toString();
  }
}

// `x is mapping` holds for a relation, as for dbt's.
Object.defineProperty(RelationToken.prototype, JINJA_MAPPING, { value: true });

export function hasPlaceholders(text: string): boolean {
  return text.includes(MARK);
}

export function resolvePlaceholders(text: string, resolve: (index: number, part: RelationPart) => string): string {
  let mark = text.indexOf(MARK);
  if (mark < 0) return text;
  // One forward scan for MARK digits [":" word] MARK (what /\u0000(\d+)(?::(\w+))?\u0000/g matches), instead of a regex
  // replace with a callback: no match arrays, and unmatched text is copied in whole slices.
  let out = '';
  let copied = 0;
  const n = text.length;
  while (mark >= 0) {
    let j = mark + 1;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    let end = -1;
    let partStart = -1;
    if (j > mark + 1) {
      if (text.charCodeAt(j) === 0) end = j;
      else if (text.charCodeAt(j) === 58 /* : */) {
        let k = j + 1;
        while (k < n && isWordChar(text.charCodeAt(k))) k++;
        if (k > j + 1 && text.charCodeAt(k) === 0) {
          end = k;
          partStart = j + 1;
        }
      }
    }
    if (end < 0) {
      mark = text.indexOf(MARK, mark + 1);
      continue;
    }
    const index = Number(text.slice(mark + 1, j));
    const part = partStart < 0 ? 'rendered' : (text.slice(partStart, end) as RelationPart);
    out += text.slice(copied, mark) + resolve(index, part);
    copied = end + 1;
    mark = text.indexOf(MARK, copied);
  }
  return out + text.slice(copied);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Regex \w: ASCII letters, digits and underscore. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
