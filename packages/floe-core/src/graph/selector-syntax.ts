import { FloeError } from '../errors';
import { didYouMean } from '../util/did-you-mean';
import { GRAPH_RESOURCE_TYPES } from './types';

/** Selector methods Floe implements (dbt's names). */
export const SELECTOR_METHODS = [
  'fqn',
  'tag',
  'source',
  'path',
  'file',
  'package',
  'config',
  'test_name',
  'test_type',
  'resource_type',
  'state',
] as const;
/** A selector method name (`tag`, `path`, `config`, `state`, ...). */
export type SelectorMethodName = (typeof SELECTOR_METHODS)[number];

/** dbt methods for things Floe does not have; named so the error says so instead of "unknown". */
const DBT_ONLY_METHODS = [
  'group',
  'access',
  'exposure',
  'metric',
  'result',
  'source_status',
  'version',
  'semantic_model',
  'saved_query',
  'unit_test',
  'wildcard',
];

export const STATE_SELECTORS = ['modified', 'new', 'old', 'unmodified', 'modified.body', 'modified.configs'] as const;
const DBT_ONLY_STATE = ['modified.relation', 'modified.persisted_descriptions', 'modified.macros', 'modified.contract'];
const TEST_TYPES = ['generic', 'singular', 'schema', 'data'];

/** One selector term, e.g. `2+tag:daily+`. */
export interface SelectorCriterion {
  /** The term as written. */
  raw: string;
  /** 1-based column of the term inside the whole expression. */
  column: number;
  method: SelectorMethodName;
  /** `config.meta.owner:x` → `['meta', 'owner']`; empty for other methods. */
  methodArgs: string[];
  value: string;
  /** `+m` / `2+m`: also select ancestors (depth undefined = all). */
  parents: boolean;
  parentsDepth?: number;
  /** `m+` / `m+3`: also select descendants. */
  children: boolean;
  childrenDepth?: number;
  /** `@m`: m, its descendants, and every ancestor of those. */
  childrensParents: boolean;
}

/** Comma-joined terms: a node must match every one. */
export interface SelectorIntersection {
  raw: string;
  criteria: SelectorCriterion[];
}

/** Space-separated intersections: a node may match any one. */
export interface SelectorExpr {
  raw: string;
  union: SelectorIntersection[];
}

// @? (N+)? (method[.arg...]:)? value (+N)?
const TERM = /^(@)?(?:(\d*)\+)?(?:([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*):)?(.*?)(?:\+(\d*))?$/s;

/**
 * Parses one `--select`/`--exclude` argument in dbt's syntax. Throws
 * FLOE_SELECTOR_INVALID naming the bad term and its column.
 */
export function parseSelector(expression: string): SelectorExpr {
  const union: SelectorIntersection[] = [];
  const words = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = words.exec(expression)) !== null) {
    const word = m[0];
    const criteria: SelectorCriterion[] = [];
    let offset = m.index;
    for (const part of word.split(',')) {
      if (part === '') fail(expression, offset, 'empty term between commas', 'Write intersections as a,b with no empty parts.');
      criteria.push(parseTerm(expression, part, offset));
      offset += part.length + 1;
    }
    union.push({ raw: word, criteria });
  }
  if (union.length === 0) fail(expression, 0, 'the selector is empty', 'Give a model name, a method like tag:nightly, or * for everything.');
  return { raw: expression, union };
}

function parseTerm(expression: string, term: string, offset: number): SelectorCriterion {
  const m = TERM.exec(term);
  if (!m) fail(expression, offset, `cannot read "${term}"`);
  const [, at, parentsDepth, methodSpec, rawValue, childrenDepth] = m;
  const value = (rawValue ?? '').replace(/\\/g, '/');
  const valueOffset = offset + term.length - (rawValue ?? '').length - (childrenDepth !== undefined ? childrenDepth.length + 1 : 0);

  if (at && parentsDepth !== undefined) {
    fail(expression, offset, `"@" and a "+" prefix cannot be combined in "${term}"`, '@m already selects all ancestors of m and its descendants.');
  }
  if (value === '') fail(expression, offset, `"${term}" has no value to select`, 'Examples: orders, +orders, tag:nightly, path:models/staging.');
  const stray = value.search(/[+@]/);
  if (stray >= 0) {
    fail(expression, valueOffset + stray, `unexpected "${value[stray]}" inside "${term}"`, 'Graph operators go only at the start (+m, 2+m, @m) or the end (m+, m+3).');
  }

  let method: SelectorMethodName;
  let methodArgs: string[] = [];
  if (methodSpec === undefined) {
    const colon = value.indexOf(':');
    if (colon >= 0) unknownMethod(expression, offset + term.indexOf(value), value.slice(0, colon));
    method = defaultMethod(value);
  } else {
    const [name, ...args] = methodSpec.split('.') as [string, ...string[]];
    if (!(SELECTOR_METHODS as readonly string[]).includes(name)) unknownMethod(expression, offset + term.indexOf(methodSpec), name);
    method = name as SelectorMethodName;
    methodArgs = args;
    if (method === 'config' && args.length === 0) {
      fail(expression, offset, `"${term}" names no config key`, 'Write config.KEY:VALUE, e.g. config.materialized:table.');
    }
    if (method !== 'config' && args.length > 0) {
      fail(expression, offset, `the ${method} method takes no ".${args.join('.')}"`, 'Only config takes a key: config.materialized:table.');
    }
  }
  checkValue(expression, valueOffset, method, value);

  const c: SelectorCriterion = {
    raw: term,
    column: offset + 1,
    method,
    methodArgs,
    value,
    parents: parentsDepth !== undefined,
    children: childrenDepth !== undefined,
    childrensParents: at !== undefined,
  };
  if (parentsDepth) c.parentsDepth = Number(parentsDepth);
  if (childrenDepth) c.childrenDepth = Number(childrenDepth);
  return c;
}

/** dbt's rule: a value with a path separator is a path, a file name is a file, anything else an fqn. */
function defaultMethod(value: string): SelectorMethodName {
  if (value.includes('/')) return 'path';
  if (/\.(sql|py|csv)$/i.test(value)) return 'file';
  return 'fqn';
}

function checkValue(expression: string, at: number, method: SelectorMethodName, value: string): void {
  const oneOf = (allowed: readonly string[], what: string, dbtOnly: readonly string[] = []): void => {
    if (allowed.includes(value)) return;
    if (dbtOnly.includes(value)) fail(expression, at, `${method}:${value} is not supported by Floe`, `Use one of: ${allowed.join(', ')}.`);
    const guess = didYouMean(value, allowed);
    fail(expression, at, `unknown ${what} "${value}"`, `${guess ? `Did you mean "${guess}"? ` : ''}Use one of: ${allowed.join(', ')}.`);
  };
  if (method === 'resource_type') oneOf(GRAPH_RESOURCE_TYPES, 'resource type');
  else if (method === 'test_type') oneOf(TEST_TYPES, 'test type', ['unit']);
  else if (method === 'state') oneOf(STATE_SELECTORS, 'state selector', DBT_ONLY_STATE);
  else if (method === 'source' && value.split('.').length > 3) {
    fail(expression, at, `"${value}" has too many parts for a source`, 'Write source:SOURCE, source:SOURCE.TABLE or source:PACKAGE.SOURCE.TABLE.');
  }
}

function unknownMethod(expression: string, at: number, name: string): never {
  if (DBT_ONLY_METHODS.includes(name)) {
    fail(expression, at, `the selector method "${name}" is not supported by Floe`, `Supported methods: ${SELECTOR_METHODS.join(', ')}.`);
  }
  const guess = didYouMean(name, SELECTOR_METHODS);
  fail(expression, at, `unknown selector method "${name}"`, `${guess ? `Did you mean "${guess}"? ` : ''}Supported methods: ${SELECTOR_METHODS.join(', ')}.`);
}

function fail(expression: string, at: number, problem: string, hint?: string): never {
  throw new FloeError('FLOE_SELECTOR_INVALID', `Invalid selector "${expression}" at column ${at + 1}: ${problem}`, hint ? { hint } : {});
}
