import { createHash, randomUUID } from 'node:crypto';
import { FloeError, type SourcePosition } from '../errors';
import type { Dialect } from '../plugin/dialect';
import { PlaceholderTable, type RelationToken } from './placeholders';
import { isPlainObject } from './merge-config';
import { createGlobalScope, splitArgs, withCallSite } from '../template';

/** What one render of one node recorded. */
export interface RenderRecord {
  config: Record<string, unknown>;
  configAt?: SourcePosition;
  /** Placeholder indices created by this render (refs, sources, this). */
  tokens: number[];
  usedIsIncremental: boolean;
}

export interface GlobalsInput {
  nodeKey: string;
  placeholders: PlaceholderTable;
  vars: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  target: Record<string, unknown>;
  dialect: Dialect;
  isIncremental: boolean;
  record: RenderRecord;
  /** Project-level helpers shared by every render. */
  shared: SharedGlobals;
}

export interface SharedGlobals {
  invocationId: string;
  runStartedAt: Date;
}

export function sharedGlobals(): SharedGlobals {
  return { invocationId: randomUUID(), runStartedAt: new Date() };
}

const SECRET_ENV = /^(DBT_ENV_SECRET_|FLOE_SECRET_)/;

function err(code: 'FLOE_TEMPLATE_ERROR' | 'FLOE_TEMPLATE_UNSUPPORTED' | 'FLOE_VAR_UNKNOWN' | 'FLOE_ENV_VAR_MISSING', message: string, at: SourcePosition, hint?: string): FloeError {
  return new FloeError(code, message, { diagnostics: [{ code, severity: 'error', message, ...at, ...(hint ? { hint } : {}) }] });
}

function unsupported(name: string, why: string) {
  return withCallSite((at: SourcePosition) => {
    throw err('FLOE_TEMPLATE_UNSUPPORTED', `${name}() is not supported: ${why}`, at, 'Floe compiles without a database connection; compute the value in SQL instead.');
  });
}

/** Functions that are the same for every render: created once per process, not per model. */
const RUN_QUERY = unsupported('run_query', 'it needs a database at compile time');
const STATEMENT = unsupported('statement', 'it needs a database at compile time');
const LOAD_RESULT = unsupported('load_result', 'it needs a database at compile time');
const DISPATCH = unsupported('adapter.dispatch', 'package dispatch is not available yet');
const GET_RELATION = unsupported('adapter.get_relation', 'it needs a database at compile time');
const GET_COLUMNS = unsupported('adapter.get_columns_in_relation', 'it needs a database at compile time');
const RAISE_COMPILER_ERROR = withCallSite((at: SourcePosition, msg: unknown) => {
  throw err('FLOE_TEMPLATE_ERROR', String(msg), at);
});
const NOTHING = () => '';

/**
 * The trailing globals (same values for every render) live in one shared scope that each
 * render's globals inherit from, so they are neither recreated nor copied per model. They
 * come last in the original key order, so name enumeration (did-you-mean hints) is unchanged.
 */
const STATIC_SCOPE = createGlobalScope({
  log: NOTHING,
  print: NOTHING,
  tojson: (v: unknown) => JSON.stringify(v),
  fromjson: (s: unknown) => JSON.parse(String(s)),
  local_md5: (s: unknown) => createHash('md5').update(String(s)).digest('hex'),
  zip: (...lists: unknown[][]) => {
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
  },
});

/** adapter.quote per dialect (a dialect lives for a whole compile). */
const QUOTE = new WeakMap<Dialect, (s: unknown) => string>();
function quoteFor(dialect: Dialect): (s: unknown) => string {
  let q = QUOTE.get(dialect);
  if (!q) {
    q = (s: unknown) => dialect.quoteIdentifier(String(s));
    QUOTE.set(dialect, q);
  }
  return q;
}

/** The dbt-compatible globals a model template sees. */
export function templateGlobals(input: GlobalsInput): Record<string, unknown> {
  const { placeholders, record, nodeKey } = input;
  const token = (t: RelationToken): RelationToken => {
    record.tokens.push(t.index);
    return t;
  };

  const ref = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const names = positional.map(String);
    if (names.length === 0 || names.length > 2) throw err('FLOE_TEMPLATE_ERROR', 'ref() takes a model name (and optionally a package name first)', at);
    const name = names[names.length - 1]!;
    const version = kwargs.v ?? kwargs.version;
    return token(placeholders.add({ kind: 'ref', name, ...(version !== undefined ? { version: String(version) } : {}), from: nodeKey, at }));
  });

  const source = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional } = splitArgs(args);
    if (positional.length !== 2) throw err('FLOE_TEMPLATE_ERROR', 'source() takes a source name and a table name', at);
    return token(placeholders.add({ kind: 'source', source: String(positional[0]), table: String(positional[1]), from: nodeKey, at }));
  });

  const configFn = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const fromDict = positional.length === 1 && isPlainObject(positional[0]) ? positional[0] : {};
    Object.assign(record.config, fromDict, kwargs);
    record.configAt ??= at;
    return '';
  });
  const configObj = Object.assign(configFn, {
    get: (key: string, dflt?: unknown) => (key in record.config ? record.config[key] : dflt ?? null),
    require: (key: string) => record.config[key],
  });

  const varFn = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional } = splitArgs(args);
    const name = String(positional[0]);
    if (Object.prototype.hasOwnProperty.call(input.vars, name)) return input.vars[name];
    if (positional.length > 1) return positional[1];
    throw err('FLOE_VAR_UNKNOWN', `var("${name}") has no value and no default`, at, `Set it under vars: in the project file or pass --vars '{"${name}": ...}'.`);
  });
  const varObj = Object.assign(varFn, { has_var: (name: string) => Object.prototype.hasOwnProperty.call(input.vars, name) });

  const envVar = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional } = splitArgs(args);
    const name = String(positional[0]);
    if (SECRET_ENV.test(name)) {
      throw err('FLOE_TEMPLATE_ERROR', `env_var("${name}"): secret environment variables may not be used in SQL templates`, at, 'Secrets belong in platform.yaml as { secret: NAME } references.');
    }
    const value = input.env[name];
    if (value !== undefined) return value;
    if (positional.length > 1) return positional[1];
    throw err('FLOE_ENV_VAR_MISSING', `env_var("${name}") is not set and has no default`, at, `Export ${name}, or give a default: env_var('${name}', 'value').`);
  });

  const isIncremental = () => {
    record.usedIsIncremental = true;
    return input.isIncremental;
  };

  const thisToken = placeholders.add({ kind: 'this', nodeKey });
  record.tokens.push(thisToken.index);

  // Own properties in the original key order; the shared tail comes from STATIC_SCOPE.
  // Dicts (flags, model, adapter, exceptions) stay per render: templates can mutate dicts.
  const g = Object.create(STATIC_SCOPE) as Record<string, unknown>;
  g.ref = ref;
  g.source = source;
  g.config = configObj;
  g.var = varObj;
  g.env_var = envVar;
  g.is_incremental = isIncremental;
  g.this = thisToken;
  g.target = input.target;
  g.execute = true;
  g.flags = { FULL_REFRESH: false, WHICH: 'compile' };
  g.invocation_id = input.shared.invocationId;
  g.run_started_at = input.shared.runStartedAt;
  g.model = { name: nodeKey.split('.').pop(), unique_id: nodeKey };
  g.adapter = { quote: quoteFor(input.dialect), dispatch: DISPATCH, get_relation: GET_RELATION, get_columns_in_relation: GET_COLUMNS };
  g.run_query = RUN_QUERY;
  g.statement = STATEMENT;
  g.load_result = LOAD_RESULT;
  g.exceptions = { raise_compiler_error: RAISE_COMPILER_ERROR, warn: NOTHING };
  return g;
}
