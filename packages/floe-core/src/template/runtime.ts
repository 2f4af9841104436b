/**
 * Render-time machinery shared by compiled templates: the render context,
 * macros, loop objects, calls, operators, and turning failures into
 * positioned FloeErrors (with the macro call chain in the message).
 */
import type { FloeErrorCode } from '../errors/error-codes';
import { FloeError, isFloeError } from '../errors/floe-error';
import { didYouMean } from '../util/did-you-mean';
import { percentFormat } from './methods';
import { BoundMethod, type Kwargs } from './methods';
import { templateError, type TemplateLocation } from './template-error';
import { isDict, isTuple, isUndef, pyEq, PyError, PyObject, repr, str, toList, tuple, typeName, Undef } from './values';

/** Variables of one scope; scopes chain through the prototype (null-prototype objects). */
export type Frame = Record<string, unknown>;
export type ExprFn = (ctx: Ctx, f: Frame) => unknown;
export type StmtFn = (ctx: Ctx, f: Frame) => string;

export interface MacroLookup {
  macro(name: string): Macro | undefined;
  names(): Iterable<string>;
}

export interface CallSiteEntry {
  macro: string;
  /** Where the macro was called; undefined when called directly through the engine API. */
  at: TemplateLocation | undefined;
}

export interface Ctx {
  strict: boolean;
  globals: Frame;
  macros: MacroLookup;
  stack: CallSiteEntry[];
  /** The dbt package a macro file belongs to (undefined for the project's own files). */
  packageOf(file: string): string | undefined;
}

const CALL_SITE: unique symbol = Symbol.for('floe.template.callSite');

/** Marks a function global so the engine passes the call's {file, line, column} as an extra first argument. */
export function withCallSite<A extends unknown[], R>(fn: (site: TemplateLocation, ...args: A) => R): (site: TemplateLocation, ...args: A) => R {
  (fn as unknown as Record<symbol, boolean>)[CALL_SITE] = true;
  return fn;
}

/** Splits the trailing `{__kwargs: true, ...}` object that function globals receive when called with keyword arguments. */
export function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (isDict(last) && last.__kwargs === true) {
    const { __kwargs: _drop, ...kwargs } = last;
    void _drop;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

/** Thrown by `return(x)` and caught by the enclosing macro call. */
export class ReturnSignal {
  constructor(readonly value: unknown, readonly at: TemplateLocation) {}
}
export const BREAK = { signal: 'break' };
export const CONTINUE = { signal: 'continue' };

/** dbt's `return()`: recognized by identity in callValue. */
export function RETURN(): never {
  throw new Error('return() called outside the template engine');
}

export interface MacroParam {
  name: string;
  dflt?: ExprFn;
}

/** Nested macro calls allowed before failing (well below the JS stack limit). */
const MAX_MACRO_DEPTH = 250;

export class Macro {
  constructor(
    readonly name: string,
    readonly params: MacroParam[],
    readonly body: StmtFn,
    readonly at: TemplateLocation,
    /** The scope the macro was defined in; null for macros from macro files (they see only globals). */
    readonly closure: Frame | null,
    readonly catchVarargs: boolean,
    readonly catchKwargs: boolean,
  ) {}

  invoke(ctx: Ctx, args: unknown[], kw: Kwargs | null, callSite: TemplateLocation | undefined, caller?: Macro): unknown {
    const callAt = callSite ?? this.at;
    const f: Frame = Object.create(this.closure ?? ctx.globals);
    const params = this.params;
    let used = 0;
    for (let i = 0; i < params.length; i++) {
      const p = params[i] as MacroParam;
      if (i < args.length) {
        if (kw && p.name in kw) throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', `macro '${this.name}' got multiple values for argument '${p.name}'`, callAt);
        f[p.name] = args[i];
      } else if (kw && Object.prototype.hasOwnProperty.call(kw, p.name)) {
        f[p.name] = kw[p.name];
        used++;
      } else if (p.dflt) {
        f[p.name] = p.dflt(ctx, f);
      } else {
        f[p.name] = new Undef(`parameter '${p.name}' was not provided`);
      }
    }
    if (args.length > params.length) {
      if (!this.catchVarargs) {
        throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', `macro '${this.name}' takes not more than ${params.length} argument(s), got ${args.length}`, callAt, `macro defined at ${fmt(this.at)}`);
      }
      f.varargs = tuple(args.slice(params.length));
    } else if (this.catchVarargs) f.varargs = tuple([]);
    if (kw) {
      const nKw = Object.keys(kw).length;
      if (nKw > used) {
        const extra: Kwargs = {};
        for (const k of Object.keys(kw)) if (!params.some((p) => p.name === k)) extra[k] = kw[k];
        if (!this.catchKwargs) {
          const names = Object.keys(extra);
          if (names.length > 0) {
            throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', `macro '${this.name}' takes no keyword argument '${names[0]}'`, callAt, `parameters: ${params.map((p) => p.name).join(', ') || '(none)'}; macro defined at ${fmt(this.at)}`);
          }
        }
        f.kwargs = extra;
      } else if (this.catchKwargs) f.kwargs = {};
    } else if (this.catchKwargs) f.kwargs = {};
    if (caller) f.caller = caller;
    if (ctx.stack.length >= MAX_MACRO_DEPTH) {
      throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', `maximum recursion depth exceeded (${MAX_MACRO_DEPTH} nested macro calls)`, callAt, 'a macro probably calls itself without end');
    }
    ctx.stack.push({ macro: this.name, at: callSite });
    try {
      return this.body(ctx, f);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      if (callSite && isFloeError(e) && isForeign(ctx, this.at.file) && !isForeign(ctx, callSite.file)) throw atCallSite(ctx, e, this, callSite);
      throw e;
    } finally {
      ctx.stack.pop();
    }
  }

  toString(): string {
    return `<Macro '${this.name}'>`;
  }
}

export class Namespace {
  constructor(init: Kwargs) {
    Object.assign(this, init);
  }
}

/** The `loop` variable of a for loop; one object per loop, updated in place. */
export class LoopCtx {
  index0 = 0;
  constructor(readonly items: unknown[]) {}
  get length(): number {
    return this.items.length;
  }
  get index(): number {
    return this.index0 + 1;
  }
  get first(): boolean {
    return this.index0 === 0;
  }
  get last(): boolean {
    return this.index0 === this.items.length - 1;
  }
  get revindex(): number {
    return this.items.length - this.index0;
  }
  get revindex0(): number {
    return this.items.length - this.index0 - 1;
  }
  get previtem(): unknown {
    return this.index0 > 0 ? this.items[this.index0 - 1] : new Undef('there is no previous item');
  }
  get nextitem(): unknown {
    return this.index0 < this.items.length - 1 ? this.items[this.index0 + 1] : new Undef('there is no next item');
  }
  get depth(): number {
    return 1;
  }
  get depth0(): number {
    return 0;
  }
  cycle(...args: unknown[]): unknown {
    if (args.length === 0) throw new PyError('no items for cycling given');
    return args[this.index0 % args.length];
  }
}

// ------------------------------------------------------------------ errors
export function fmt(at: TemplateLocation): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/** The file name of macros that ship with Floe or a target: `<origin>`, never a project path. */
export function builtinFile(origin: string): string {
  return `<${origin}>`;
}

function isBuiltinFile(file: string): boolean {
  return file.startsWith('<');
}

/** A file the user does not edit: Floe's or a target's macros, or an installed dbt package. */
function isForeign(ctx: Ctx, file: string): boolean {
  return isBuiltinFile(file) || ctx.packageOf(file) !== undefined;
}

/**
 * An error raised inside a built-in or dbt-package macro, moved to where the project called it:
 * the user can act on their own line, not on a line of code they do not own. A package's line is
 * kept in the message.
 */
function atCallSite(ctx: Ctx, e: FloeError, macro: Macro, site: TemplateLocation): FloeError {
  const pkg = ctx.packageOf(macro.at.file);
  const diagnostics = e.diagnostics.map((d) => {
    if (d.file === undefined || !isForeign(ctx, d.file)) return d;
    const where = pkg === undefined ? `in ${macro.name}(), a macro that ships with Floe or the target` : `in ${pkg}.${macro.name}(), raised at ${d.file}:${d.line ?? 1}:${d.column ?? 1}`;
    return { ...d, message: `${d.message} (${where})`, file: site.file, line: site.line, column: site.column };
  });
  return new FloeError(e.code, diagnostics[0]?.message ?? e.message, { diagnostics, cause: e });
}

function stackSuffix(ctx: Ctx): string {
  if (ctx.stack.length === 0) return '';
  const parts: string[] = [];
  const shown = Math.max(0, ctx.stack.length - 5);
  for (let i = ctx.stack.length - 1; i >= shown; i--) {
    const e = ctx.stack[i] as CallSiteEntry;
    parts.push(e.at ? `in macro '${e.macro}' called at ${fmt(e.at)}` : `in macro '${e.macro}'`);
  }
  if (shown > 0) parts.push(`and ${shown} more`);
  return ` (${parts.join(', ')})`;
}

export function templateErrorCtx(ctx: Ctx, code: FloeErrorCode, message: string, at: TemplateLocation, hint?: string): FloeError {
  return templateError(code, message + stackSuffix(ctx), at, hint);
}

/** Converts anything thrown while evaluating a node into a positioned FloeError; control-flow signals pass through. */
export function wrapError(ctx: Ctx, e: unknown, at: TemplateLocation): unknown {
  if (isFloeError(e) || e instanceof ReturnSignal || e === BREAK || e === CONTINUE) return e;
  if (e instanceof PyError) return templateErrorCtx(ctx, e.code, e.message, at, e.hint);
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', 'maximum recursion depth exceeded', at, 'a macro probably calls itself without end');
  }
  const msg = e instanceof Error ? e.message : String(e);
  const err = templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', msg, at);
  if (e instanceof Error) (err as { cause?: unknown }).cause = e;
  return err;
}

// ------------------------------------------------------------------- calls
/** Calls any callable template value: macros, bound methods, `return`, JS functions. */
export function callValue(ctx: Ctx, fn: unknown, args: unknown[], kw: Kwargs | null, at: TemplateLocation, calleeName: string): unknown {
  if (typeof fn === 'function') {
    if (fn === RETURN) throw new ReturnSignal(args[0], at);
    const site = (fn as unknown as Record<symbol, unknown>)[CALL_SITE] === true;
    if (!site && !kw) return (fn as (...a: unknown[]) => unknown)(...args);
    // One exact-size array [site, ...args, kwargs] (unshift + push each regrew the arguments array).
    const n = args.length;
    const off = site ? 1 : 0;
    const full: unknown[] = new Array(n + off + (kw ? 1 : 0));
    if (site) full[0] = { file: at.file, line: at.line, column: at.column };
    for (let i = 0; i < n; i++) full[i + off] = args[i];
    if (kw) full[n + off] = { __kwargs: true, ...kw };
    return (fn as (...a: unknown[]) => unknown)(...full);
  }
  if (fn instanceof Macro) return fn.invoke(ctx, args, kw, at);
  if (fn instanceof BoundMethod) return fn.call(args, kw ?? {});
  if (fn instanceof Undef && !fn.path) {
    if (inMacroNamespace(ctx, calleeName)) throw templateErrorCtx(ctx, 'FLOE_MACRO_UNKNOWN', `'${calleeName}' is undefined: no macro with this name`, at, dottedHint(ctx, calleeName));
    throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', `cannot call '${calleeName}': ${fn.hint}`, at);
  }
  if (isUndef(fn)) {
    if (calleeName.includes('.')) throw templateErrorCtx(ctx, 'FLOE_MACRO_UNKNOWN', `'${calleeName}' is undefined: no macro or function with this name`, at, dottedHint(ctx, calleeName));
    const known = new Set<string>();
    for (const n of ctx.macros.names()) known.add(n);
    for (const n in ctx.globals) known.add(n);
    const hint = suggest(calleeName, known);
    throw templateErrorCtx(ctx, 'FLOE_MACRO_UNKNOWN', `'${calleeName}' is undefined: no macro or function with this name`, at, hint);
  }
  throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', `'${typeName(fn)}' object is not callable`, at);
}

const MACRO_NAMESPACES = new WeakSet<object>();

/** Marks an object of macros by name (a dbt package's, `dbt`): calling a name it lacks is FLOE_MACRO_UNKNOWN, with a guess. */
export function macroNamespace<T extends object>(macros: T): T {
  MACRO_NAMESPACES.add(macros);
  return macros;
}

/** `ns.name` where `ns` is a global macro namespace. */
function inMacroNamespace(ctx: Ctx, calleeName: string): boolean {
  const dot = calleeName.indexOf('.');
  if (dot < 0 || calleeName.indexOf('.', dot + 1) >= 0) return false;
  const owner: unknown = ctx.globals[calleeName.slice(0, dot)];
  return typeof owner === 'object' && owner !== null && MACRO_NAMESPACES.has(owner);
}

/** `pkg.macro` not found: a guess among the package's macros, or what to do when `pkg` itself is unknown. */
function dottedHint(ctx: Ctx, calleeName: string): string {
  const dot = calleeName.indexOf('.');
  const owner = calleeName.slice(0, dot);
  const name = calleeName.slice(dot + 1);
  const head = ctx.globals[owner];
  if (head === undefined || head === null || isUndef(head)) {
    return `'${owner}' is not defined: if it is a dbt package, list it in packages.yml and run dbt deps (Floe reads installed dbt packages; it does not download them)`;
  }
  const guess = typeof head === 'object' && !name.includes('.') ? didYouMean(name, Object.keys(head)) : undefined;
  return guess !== undefined ? `did you mean '${owner}.${guess}'?` : `'${owner}' has no '${name}': check the spelling (and, for a dbt package, its version)`;
}

function suggest(name: string, known: Set<string>): string {
  const last = name.split('.').pop() ?? name;
  const guess = didYouMean(last, known);
  return guess ? `did you mean '${guess}'?` : 'define it as a {% macro %} under the macro paths, or check the spelling';
}

// --------------------------------------------------------------- operators
function undefOperand(a: unknown, b: unknown): void {
  if (a instanceof Undef) throw new PyError(a.hint);
  if (b instanceof Undef) throw new PyError(b.hint);
  if (a === undefined || b === undefined) throw new PyError('value is undefined');
}

function num(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function opError(op: '+' | '-' | '*' | '/' | '//' | '%' | '**', a: unknown, b: unknown): never {
  undefOperand(a, b);
  throw new PyError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

export function opAdd(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (num(a) && num(b)) return Number(a) + Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b)) opError('+', a, b);
    const r = a.concat(b);
    return isTuple(a) ? tuple(r) : r;
  }
  const obj = objectOp('+', a, b);
  if (obj !== undefined) return obj;
  if (typeof a === 'string' || typeof b === 'string') {
    undefOperand(a, b);
    throw new PyError(`can only concatenate str (not "${typeName(typeof a === 'string' ? b : a)}") to str`, 'FLOE_TEMPLATE_ERROR', "use ~ to join values as text, e.g. 'a' ~ 1");
  }
  return opError('+', a, b);
}

export function opSub(a: unknown, b: unknown): unknown {
  if (num(a) && num(b)) return Number(a) - Number(b);
  return objectOp('-', a, b) ?? opError('-', a, b);
}

/** `a op b` when either side is a PyObject (datetime arithmetic); undefined otherwise. */
function objectOp(op: '+' | '-' | '*', a: unknown, b: unknown): unknown {
  if (a instanceof PyObject) {
    const r = a.__binop__(op, b, false);
    if (r !== undefined) return r;
  }
  if (b instanceof PyObject) return b.__binop__(op, a, true);
  return undefined;
}

export function opMul(a: unknown, b: unknown): unknown {
  if (num(a) && num(b)) return Number(a) * Number(b);
  if (typeof a === 'string' && typeof b === 'number') return a.repeat(Math.max(0, b));
  if (typeof b === 'string' && typeof a === 'number') return b.repeat(Math.max(0, a));
  if (Array.isArray(a) && typeof b === 'number') {
    const r: unknown[] = [];
    for (let i = 0; i < b; i++) r.push(...a);
    return r;
  }
  return objectOp('*', a, b) ?? opError('*', a, b);
}

export function opDiv(a: unknown, b: unknown): unknown {
  if (num(a) && num(b)) {
    if (Number(b) === 0) throw new PyError('division by zero');
    return Number(a) / Number(b);
  }
  return opError('/', a, b);
}

export function opFloorDiv(a: unknown, b: unknown): unknown {
  if (num(a) && num(b)) {
    if (Number(b) === 0) throw new PyError('integer division or modulo by zero');
    return Math.floor(Number(a) / Number(b));
  }
  return opError('//', a, b);
}

export function opMod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return percentFormat(a, b);
  if (num(a) && num(b)) {
    const x = Number(a);
    const y = Number(b);
    if (y === 0) throw new PyError('integer division or modulo by zero');
    return ((x % y) + y) % y;
  }
  return opError('%', a, b);
}

export function opPow(a: unknown, b: unknown): unknown {
  if (num(a) && num(b)) return Number(a) ** Number(b);
  return opError('**', a, b);
}

export function opConcat(a: unknown, b: unknown, strict: boolean): string {
  if (strict) {
    if (a instanceof Undef) throw new PyError(a.hint);
    if (b instanceof Undef) throw new PyError(b.hint);
  }
  return str(a) + str(b);
}

export function opNeg(a: unknown): unknown {
  if (num(a)) return -Number(a);
  if (a instanceof Undef) throw new PyError(a.hint);
  if (a instanceof PyObject) {
    const r = a.__binop__('*', -1, false);
    if (r !== undefined) return r;
  }
  throw new PyError(`bad operand type for unary -: '${typeName(a)}'`);
}

// ----------------------------------------------------------------- globals
export function range(...args: unknown[]): number[] {
  const nums = args.map((a) => {
    if (typeof a !== 'number' || !Number.isInteger(a)) throw new PyError(`'${typeName(a)}' object cannot be interpreted as an integer`);
    return a;
  });
  let start = 0;
  let stop: number;
  let step = 1;
  if (nums.length === 1) stop = nums[0] as number;
  else {
    start = nums[0] as number;
    stop = nums[1] as number;
    if (nums.length > 2) step = nums[2] as number;
  }
  if (step === 0) throw new PyError('range() arg 3 must not be zero');
  const out: number[] = [];
  if ((stop - start) / step > 1_000_000) throw new PyError('range too big (more than 1,000,000 items)');
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

function dictFn(...args: unknown[]): Kwargs {
  const out: Kwargs = {};
  for (const a of args) {
    if (isDict(a) && a.__kwargs === true) {
      for (const k of Object.keys(a)) if (k !== '__kwargs') out[k] = a[k];
    } else if (isDict(a)) Object.assign(out, a);
    else for (const p of toList(a, false)) out[str((p as unknown[])[0])] = (p as unknown[])[1];
  }
  return out;
}

function namespaceFn(...args: unknown[]): Namespace {
  return new Namespace(dictFn(...args));
}

/** Globals every template sees (user globals override them). */
export function baseGlobals(): Frame {
  const g: Frame = Object.create(null);
  g.range = range;
  g.dict = dictFn;
  g.namespace = namespaceFn;
  g.return = RETURN;
  return g;
}

export { isUndef, pyEq, repr };
