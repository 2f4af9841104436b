import { createHash, randomUUID } from 'node:crypto';
import { FloeError, type SourcePosition } from '../errors';
import type { Dialect } from '../plugin/dialect';
import { PlaceholderTable, type PendingRelation, type RelationToken } from './placeholders';
import { isPlainObject } from './merge-config';
import { createGlobalScope, splitArgs, withCallSite } from '../template';
import { BuiltinMacros, type MacroSource, type PackageScope } from './dispatch';
import { pythonModules, utcDateTime } from '../template/modules';

/** What one render of one node recorded. */
export interface RenderRecord {
  config: Record<string, unknown>;
  configAt?: SourcePosition;
  /** Placeholder indices created by this render (refs, sources, this). */
  tokens: number[];
  usedIsIncremental: boolean;
  /** The render read something that depends on the node's target: `target`, `adapter` or `dbt`. */
  usedDialect: boolean;
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
  /**
   * Set when a render read a value that differs from one compile to the next (`run_started_at`,
   * `invocation_id`, the clock through `modules.datetime`): such output cannot be cached.
   */
  variesPerCompile: boolean;
  /** Floe's and the targets' own macros (`adapter.dispatch`, the `dbt` namespace). */
  builtins: BuiltinMacros;
  /** Each installed dbt package's macros, as the global named after the package (`dbt_utils.star`). */
  packages: Record<string, Readonly<Record<string, unknown>>>;
}

export function sharedGlobals(engine: MacroSource, scope?: PackageScope): SharedGlobals {
  return { invocationId: randomUUID(), runStartedAt: new Date(), variesPerCompile: false, builtins: new BuiltinMacros(engine, scope), packages: {} };
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
const LOAD_RELATION = unsupported('load_relation', 'it asks the database whether a relation exists');
const GET_RELATION = unsupported('adapter.get_relation', 'it needs a database at compile time');
const GET_COLUMNS = unsupported('adapter.get_columns_in_relation', 'it needs a database at compile time');
const RAISE_COMPILER_ERROR = withCallSite((at: SourcePosition, msg: unknown) => {
  throw err('FLOE_TEMPLATE_ERROR', String(msg), at);
});
const NOTHING = () => '';

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

/**
 * What the current render's globals read. Renders are synchronous and the compiler renders
 * right after asking for globals, so one mutable state per compile (per SharedGlobals)
 * stands in for the closures that used to be made per model (ref, source, config, var,
 * env_var, is_incremental and the dicts: about 1 KB per render, 15 MB for 10,000 models).
 * A globals object is therefore only valid until the next templateGlobals() call for the
 * same compile.
 */
interface RenderState {
  input: GlobalsInput;
  thisToken: RelationToken;
  // Dicts are made on first use in a render (templates may mutate them, so never shared).
  flags: Record<string, unknown> | undefined;
  model: Record<string, unknown> | undefined;
  adapter: Record<string, unknown> | undefined;
  exceptions: Record<string, unknown> | undefined;
}

const SCOPES = new WeakMap<SharedGlobals, { globals: Record<string, unknown>; state: RenderState }>();

/** The globals scope of one compile: the same functions for every render, reading `state`. */
function scopeFor(shared: SharedGlobals, first: GlobalsInput, firstThis: RelationToken): { globals: Record<string, unknown>; state: RenderState } {
  const hit = SCOPES.get(shared);
  if (hit) return hit;
  const state: RenderState = { input: first, thisToken: firstThis, flags: undefined, model: undefined, adapter: undefined, exceptions: undefined };
  // One dispatch function per compile, reading the dialect of the node being rendered.
  const dispatch = shared.builtins.dispatcher(() => state.input.dialect);
  const token = (t: RelationToken): RelationToken => {
    state.input.record.tokens.push(t.index);
    return t;
  };

  const ref = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    if (positional.length === 0 || positional.length > 2) throw err('FLOE_TEMPLATE_ERROR', 'ref() takes a model name (and optionally a package name first)', at);
    // Every name is converted in order (as before); the last is the model's.
    let name = '';
    for (let i = 0; i < positional.length; i++) name = String(positional[i]);
    const version = kwargs.v ?? kwargs.version;
    const { placeholders, nodeKey } = state.input;
    // Two literals instead of a conditional spread: no empty object per call and one shape each.
    const entry: PendingRelation =
      version === undefined ? { kind: 'ref', name, from: nodeKey, at } : { kind: 'ref', name, version: String(version), from: nodeKey, at };
    return token(placeholders.add(entry));
  });

  const source = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional } = splitArgs(args);
    if (positional.length !== 2) throw err('FLOE_TEMPLATE_ERROR', 'source() takes a source name and a table name', at);
    const { placeholders, nodeKey } = state.input;
    return token(placeholders.add({ kind: 'source', source: String(positional[0]), table: String(positional[1]), from: nodeKey, at }));
  });

  const configFn = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const record = state.input.record;
    if (positional.length === 1 && isPlainObject(positional[0])) Object.assign(record.config, positional[0]);
    Object.assign(record.config, kwargs);
    record.configAt ??= at;
    return '';
  });
  const configObj = Object.assign(configFn, {
    get: (key: string, dflt?: unknown) => {
      const config = state.input.record.config;
      return key in config ? config[key] : dflt ?? null;
    },
    require: (key: string) => state.input.record.config[key],
  });

  const varFn = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional } = splitArgs(args);
    const name = String(positional[0]);
    const vars = state.input.vars;
    if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    if (positional.length > 1) return positional[1];
    throw err('FLOE_VAR_UNKNOWN', `var("${name}") has no value and no default`, at, `Set it under vars: in the project file or pass --vars '{"${name}": ...}'.`);
  });
  const varObj = Object.assign(varFn, { has_var: (name: string) => Object.prototype.hasOwnProperty.call(state.input.vars, name) });

  const envVar = withCallSite((at: SourcePosition, ...args: unknown[]) => {
    const { positional } = splitArgs(args);
    const name = String(positional[0]);
    if (SECRET_ENV.test(name)) {
      throw err('FLOE_TEMPLATE_ERROR', `env_var("${name}"): secret environment variables may not be used in SQL templates`, at, 'Secrets belong in platform.yaml as { secret: NAME } references.');
    }
    const value = state.input.env[name];
    if (value !== undefined) return value;
    if (positional.length > 1) return positional[1];
    throw err('FLOE_ENV_VAR_MISSING', `env_var("${name}") is not set and has no default`, at, `Export ${name}, or give a default: env_var('${name}', 'value').`);
  });

  const usedDialect = <T>(value: T): T => {
    state.input.record.usedDialect = true;
    return value;
  };

  // Python's modules (dbt's `modules`), made once per compile; reading the clock marks the compile.
  const perCompile = <T>(value: T): T => {
    shared.variesPerCompile = true;
    return value;
  };
  const modules = pythonModules(() => perCompile(new Date()));
  const runStartedAt = utcDateTime(shared.runStartedAt);

  const isIncremental = () => {
    state.input.record.usedIsIncremental = true;
    return state.input.isIncremental;
  };

  // Every global in the original key order (did-you-mean hints enumerate them); per-render
  // values are getters over `state`.
  const perRender = (name: string, get: () => unknown): PropertyDescriptor => ({
    get,
    // A template's {% set model = ... %} or a macro parameter named like a global writes to
    // the render's own frame (which inherits from this scope): shadow there, as with a value.
    set(this: object, value: unknown) {
      Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: true,
    configurable: true,
  });
  const fixed = (value: unknown): PropertyDescriptor => ({ value, writable: true, enumerable: true, configurable: true });
  const globals: Record<string, PropertyDescriptor> = {
    ref: fixed(ref),
    source: fixed(source),
    config: fixed(configObj),
    var: fixed(varObj),
    env_var: fixed(envVar),
    is_incremental: fixed(isIncremental),
    this: perRender('this', () => state.thisToken),
    target: perRender('target', () => usedDialect(state.input.target)),
    execute: fixed(true),
    flags: perRender('flags', () => (state.flags ??= { FULL_REFRESH: false, STORE_FAILURES: false, WHICH: 'compile' })),
    invocation_id: perRender('invocation_id', () => perCompile(shared.invocationId)),
    run_started_at: perRender('run_started_at', () => perCompile(runStartedAt)),
    modules: fixed(modules),
    model: perRender('model', () => (state.model ??= modelDict(state.input.nodeKey))),
    adapter: perRender('adapter', () => usedDialect((state.adapter ??= adapterDict(state.input.dialect, dispatch)))),
    dbt: perRender('dbt', () => usedDialect(shared.builtins.namespace())),
    run_query: fixed(RUN_QUERY),
    statement: fixed(STATEMENT),
    load_result: fixed(LOAD_RESULT),
    load_relation: fixed(LOAD_RELATION),
    exceptions: perRender('exceptions', () => (state.exceptions ??= { raise_compiler_error: RAISE_COMPILER_ERROR, warn: NOTHING })),
    log: fixed(NOTHING),
    print: fixed(NOTHING),
    tojson: fixed((v: unknown) => JSON.stringify(v)),
    fromjson: fixed((s: unknown) => JSON.parse(String(s))),
    local_md5: fixed((s: unknown) => createHash('md5').update(String(s)).digest('hex')),
    zip: fixed((...lists: unknown[][]) => {
      const n = Math.min(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
    }),
  };
  // A package named like a global (none of dbt's is) would hide it: the global wins, as in dbt's context.
  for (const [name, macros] of Object.entries(shared.packages)) if (!(name in globals)) globals[name] = fixed(macros);
  const scope = createGlobalScope({});
  Object.defineProperties(scope, globals);
  // One (empty) globals object for every render: the engine layers each render's own frame on
  // it and never writes to it. The same prototype each time keeps the frames' hidden class (and
  // so the engine's name lookups) the same across renders instead of new per model.
  const made = { globals: Object.create(scope) as Record<string, unknown>, state };
  SCOPES.set(shared, made);
  return made;
}

function adapterDict(dialect: Dialect, dispatch: unknown): Record<string, unknown> {
  return { quote: quoteFor(dialect), dispatch, get_relation: GET_RELATION, get_columns_in_relation: GET_COLUMNS };
}

function modelDict(nodeKey: string): Record<string, unknown> {
  return { name: nodeKey.slice(nodeKey.lastIndexOf('.') + 1), unique_id: nodeKey };
}

/** The dbt-compatible globals a model template sees (valid until the next call for the same compile). */
export function templateGlobals(input: GlobalsInput): Record<string, unknown> {
  const thisToken = input.placeholders.add({ kind: 'this', nodeKey: input.nodeKey });
  input.record.tokens.push(thisToken.index);
  const { globals, state } = scopeFor(input.shared, input, thisToken);
  state.input = input;
  state.thisToken = thisToken;
  state.flags = state.model = state.adapter = state.exceptions = undefined;
  return globals;
}
