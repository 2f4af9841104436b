import type { SourcePosition } from '../errors';

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
const TOKEN = /\u0000(\d+)(?::(\w+))?\u0000/g;

export class PlaceholderTable {
  readonly entries: PendingRelation[] = [];

  add(entry: PendingRelation): RelationToken {
    this.entries.push(entry);
    return new RelationToken(this.entries.length - 1);
  }
}

/** What templates receive from ref()/source()/this: prints as a token; relation attributes are tokens too. */
export class RelationToken {
  constructor(readonly index: number) {}
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

export function hasPlaceholders(text: string): boolean {
  return text.includes(MARK);
}

export function resolvePlaceholders(text: string, resolve: (index: number, part: RelationPart) => string): string {
  if (!text.includes(MARK)) return text;
  return text.replace(TOKEN, (_m, idx: string, part: string | undefined) => resolve(Number(idx), (part as RelationPart) ?? 'rendered'));
}
