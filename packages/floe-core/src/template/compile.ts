/**
 * Compiles the AST to a tree of JS closures (no eval, no generated source).
 * Each closure captures its node's original file:line:column, so runtime
 * errors point into the template the user wrote.
 */
import type { Expr, FilterCall, KwArg, Stmt, Target } from './ast';
import { getAttr, getItem, getSlice } from './access';
import { FILTERS, type FilterFn } from './filters';
import { TESTS } from './jinja-tests';
import type { Kwargs } from './methods';
import {
  BREAK,
  callValue,
  CONTINUE,
  type Ctx,
  type ExprFn,
  type Frame,
  LoopCtx,
  Macro,
  type MacroParam,
  Namespace,
  opAdd,
  opConcat,
  opDiv,
  opFloorDiv,
  opMod,
  opMul,
  opNeg,
  opPow,
  opSub,
  type StmtFn,
  templateErrorCtx,
  wrapError,
} from './runtime';
import type { TemplateLocation } from './template-error';
import { isDict, pyCmp, pyEq, PyError, pyIn, str, toList, truthy, tuple, typeName, Undef } from './values';

/** A compiled macro definition, before it is bound to a scope. */
export interface MacroDef {
  name: string;
  isTest: boolean;
  at: TemplateLocation;
  make(closure: Frame | null): Macro;
}

const EMPTY: StmtFn = () => '';

export class Compiler {
  /** The code compiled since the last macroDef() reads `varargs` / `kwargs` (a macro then accepts extra arguments). */
  private readsVarargs = false;
  private readsKwargs = false;
  private hasLoopControl = false;
  /** The statements compiled since the last reset write to (or capture) the current frame. */
  private writesFrame = false;

  constructor(private readonly file: string) {}

  /** The last location made: nested nodes often start at the same place (`{{ ref('x') }}`). */
  private lastLoc: TemplateLocation | undefined;

  /** Locations are never mutated, so closures of nodes at the same position share one. */
  private loc(n: { line: number; col: number }): TemplateLocation {
    const last = this.lastLoc;
    if (last !== undefined && last.line === n.line && last.column === n.col) return last;
    return (this.lastLoc = { file: this.file, line: n.line, column: n.col });
  }

  // -------------------------------------------------------------- statements
  body(stmts: Stmt[]): StmtFn {
    // Template text stays a plain string part: no closure per text node.
    // Sized for every statement (push() would over-allocate); cut only if some render nothing.
    let kept: (string | StmtFn)[] = new Array(stmts.length);
    let n = 0;
    for (const s of stmts) {
      if (s.k === 'text') {
        kept[n++] = s.text;
        continue;
      }
      const fn = this.stmt(s);
      if (fn !== EMPTY) kept[n++] = fn;
    }
    // Specialize the common small sizes.
    if (n === 0) return EMPTY;
    if (n === 1) {
      const p = kept[0] as string | StmtFn;
      return typeof p === 'string' ? () => p : p;
    }
    if (n < kept.length) kept = kept.slice(0, n);
    return (ctx, f) => {
      let out = '';
      for (let i = 0; i < n; i++) {
        const p = kept[i] as string | StmtFn;
        out += typeof p === 'string' ? p : p(ctx, f);
      }
      return out;
    };
  }

  macroDef(s: Extract<Stmt, { k: 'macro' }>): MacroDef {
    const savedVarargs = this.readsVarargs;
    const savedKwargs = this.readsKwargs;
    const savedLoop = this.hasLoopControl;
    const savedWrites = this.writesFrame;
    this.readsVarargs = false;
    this.readsKwargs = false;
    const params: MacroParam[] = new Array(s.params.length);
    for (let i = 0; i < s.params.length; i++) {
      const p = s.params[i]!;
      params[i] = p.default ? { name: p.name, dflt: this.expr(p.default) } : { name: p.name };
    }
    const body = this.body(s.body);
    const catchVarargs = this.readsVarargs;
    const catchKwargs = this.readsKwargs;
    this.readsVarargs = savedVarargs;
    this.readsKwargs = savedKwargs;
    this.hasLoopControl = savedLoop;
    this.writesFrame = savedWrites;
    const name = s.isTest ? `test_${s.name}` : s.name;
    const at = this.loc(s);
    return { name: s.name, isTest: s.isTest, at, make: (closure) => new Macro(name, params, body, at, closure, catchVarargs, catchKwargs) };
  }

  private stmt(s: Stmt): StmtFn {
    switch (s.k) {
      case 'text': {
        const t = s.text;
        return () => t;
      }
      case 'print': {
        const at = this.loc(s.expr);
        // `{{ f(...) }}` (ref, config, macros): one closure calls and prints.
        if (s.expr.k === 'call') return this.call(s.expr, at) as StmtFn;
        // `{{ name }}` looks the name up directly instead of through a closure of its own.
        const direct = s.expr.k === 'name' ? this.useName(s.expr.name) : undefined;
        const e = direct === undefined ? this.expr(s.expr) : undefined;
        return (ctx, f) => {
          const v = e === undefined ? lookup(ctx, f, direct as string) : e(ctx, f);
          return typeof v === 'string' ? v : printed(ctx, v, at);
        };
      }
      case 'if': {
        const test = this.cond(s.test);
        const then = this.body(s.body);
        const els = this.body(s.else);
        return (ctx, f) => (test(ctx, f) ? then(ctx, f) : els(ctx, f));
      }
      case 'for':
        return this.forLoop(s);
      case 'set': {
        this.writesFrame = true;
        const e = this.expr(s.expr);
        if (s.target.k === 'name') {
          // `{% set x = ... %}`: no assigner closure of its own.
          const name = s.target.name;
          return (ctx, f) => {
            f[name] = e(ctx, f);
            return '';
          };
        }
        const assign = this.assigner(s.target);
        return (ctx, f) => {
          assign(ctx, f, e(ctx, f));
          return '';
        };
      }
      case 'setblock': {
        this.writesFrame = true;
        const body = this.body(s.body);
        const assign = this.assigner(s.target);
        const filters = this.filterChain(s.filters);
        return (ctx, f) => {
          assign(ctx, f, filters(ctx, f, body(ctx, f)));
          return '';
        };
      }
      case 'do': {
        const e = this.expr(s.expr);
        return (ctx, f) => {
          e(ctx, f);
          return '';
        };
      }
      case 'macro': {
        this.writesFrame = true;
        const def = this.macroDef(s);
        const key = def.isTest ? `test_${def.name}` : def.name;
        return (_ctx, f) => {
          f[key] = def.make(f);
          return '';
        };
      }
      case 'callblock':
        // The caller macro captures the frame it is called from.
        this.writesFrame = true;
        return this.callBlock(s);
      case 'filterblock': {
        const body = this.body(s.body);
        const filters = this.filterChain(s.filters);
        return (ctx, f) => str(filters(ctx, f, body(ctx, f)));
      }
      case 'break':
        this.hasLoopControl = true;
        return () => {
          throw BREAK;
        };
      case 'continue':
        this.hasLoopControl = true;
        return () => {
          throw CONTINUE;
        };
      case 'block':
        // Snapshot/docs blocks render nothing in place; parseBlocks exposes their bodies.
        return EMPTY;
    }
  }

  private forLoop(s: Extract<Stmt, { k: 'for' }>): StmtFn {
    // `for x in name`: the name is looked up directly instead of through a closure of its own.
    const iterName = s.iter.k === 'name' ? this.useName(s.iter.name) : undefined;
    const iter = iterName === undefined ? this.expr(s.iter) : undefined;
    const iterAt = this.loc(s.iter);
    const assign = this.assigner(s.target);
    const savedLoop = this.hasLoopControl;
    const savedWrites = this.writesFrame;
    this.hasLoopControl = false;
    this.writesFrame = false;
    const body = this.body(s.body);
    const loopControl = this.hasLoopControl;
    // A body that neither assigns nor captures its frame can share one frame across iterations
    // (only the loop target is written, and it is rewritten every iteration): one object per loop.
    const freshFrames = this.writesFrame;
    this.hasLoopControl = savedLoop;
    this.writesFrame = savedWrites;
    const els = this.body(s.else);
    const filter = s.filter ? this.cond(s.filter) : undefined;
    return (ctx, f) => {
      let items: unknown[];
      try {
        items = toList(iter === undefined ? lookup(ctx, f, iterName as string) : iter(ctx, f), ctx.strict);
      } catch (e) {
        throw wrapError(ctx, e, iterAt);
      }
      if (filter) {
        const ff: Frame = Object.create(f);
        const kept: unknown[] = [];
        for (const it of items) {
          assign(ctx, ff, it);
          if (filter(ctx, ff)) kept.push(it);
        }
        items = kept;
      }
      if (items.length === 0) return els(ctx, f);
      const loop = new LoopCtx(items);
      let out = '';
      const n = items.length;
      let lf: Frame = Object.create(f);
      lf.loop = loop;
      for (let i = 0; i < n; i++) {
        // A fresh scope per iteration: Jinja does not carry {% set %} across iterations.
        if (freshFrames && i > 0) {
          lf = Object.create(f);
          lf.loop = loop;
        }
        loop.index0 = i;
        assign(ctx, lf, items[i]);
        if (!loopControl) out += body(ctx, lf);
        else {
          try {
            out += body(ctx, lf);
          } catch (e) {
            if (e === BREAK) break;
            if (e === CONTINUE) continue;
            throw e;
          }
        }
      }
      return out;
    };
  }

  private callBlock(s: Extract<Stmt, { k: 'callblock' }>): StmtFn {
    const call = s.call as Extract<Expr, { k: 'call' }>;
    const fn = this.expr(call.fn);
    const args = this.exprs(call.args);
    const kwargs = this.kwargs(call.kwargs);
    const callerDef = this.macroDef({ k: 'macro', name: 'caller', params: s.params, body: s.body, isTest: false, line: s.line, col: s.col });
    const at = this.loc(call);
    const name = calleeName(call.fn);
    return (ctx, f) => {
      const target = fn(ctx, f);
      const a = args.map((x) => x(ctx, f));
      const kw = kwargs ? kwargs(ctx, f) : null;
      const caller = callerDef.make(f);
      try {
        if (target instanceof Macro) return str(target.invoke(ctx, a, kw, at, caller));
        return str(callValue(ctx, target, a, { ...(kw ?? {}), caller }, at, name));
      } catch (e) {
        throw wrapError(ctx, e, at);
      }
    };
  }

  private filterChain(filters: FilterCall[]): (ctx: Ctx, f: Frame, v: unknown) => unknown {
    const fns: ((ctx: Ctx, f: Frame, v: unknown) => unknown)[] = new Array(filters.length);
    for (let i = 0; i < filters.length; i++) {
      const fc = filters[i]!;
      fns[i] = this.filterApplier(fc.name, fc.args, fc.kwargs, this.loc(fc));
    }
    return (ctx, f, v) => {
      for (const fn of fns) v = fn(ctx, f, v);
      return v;
    };
  }

  private filterApplier(name: string, argExprs: Expr[], kwExprs: KwArg[], at: TemplateLocation): (ctx: Ctx, f: Frame, v: unknown) => unknown {
    const filter: FilterFn | undefined = Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
    const args = this.exprs(argExprs);
    const kwargs = this.kwargs(kwExprs);
    return (ctx, f, v) => {
      if (!filter) throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_UNSUPPORTED', `unknown filter '${name}'`, at);
      try {
        const a = args.length === 0 ? args : args.map((x) => x(ctx, f));
        return filter(v, a as unknown[], kwargs ? kwargs(ctx, f) : {}, ctx);
      } catch (e) {
        throw wrapError(ctx, e, at);
      }
    };
  }

  private kwargs(kw: KwArg[]): ((ctx: Ctx, f: Frame) => Kwargs) | undefined {
    if (kw.length === 0) return undefined;
    const names = kwNames(kw);
    const vals = this.kwValues(kw);
    return (ctx, f) => evalKwargs(names, vals, ctx, f);
  }

  private kwValues(kw: KwArg[]): ValueList {
    const values: Expr[] = new Array(kw.length);
    for (let i = 0; i < kw.length; i++) values[i] = kw[i]!.value;
    return this.valueList(values);
  }

  private assigner(t: Target): (ctx: Ctx, f: Frame, v: unknown) => void {
    if (t.k === 'name') {
      const name = t.name;
      return (_ctx, f, v) => {
        f[name] = v;
      };
    }
    const at = this.loc(t);
    if (t.k === 'attr') {
      const { obj, attr } = t;
      return (ctx, f, v) => {
        const ns = f[obj];
        if (!(ns instanceof Namespace)) throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', `cannot assign attribute on non-namespace object '${obj}'`, at, "create it with {% set ns = namespace(...) %}");
        (ns as unknown as Record<string, unknown>)[attr] = v;
      };
    }
    const subs: ((c: Ctx, f: Frame, v: unknown) => void)[] = new Array(t.items.length);
    for (let i = 0; i < t.items.length; i++) subs[i] = this.assigner(t.items[i]!);
    const n = subs.length;
    return (ctx, f, v) => {
      let items: unknown[];
      try {
        items = toList(v, true);
      } catch (e) {
        throw wrapError(ctx, e, at);
      }
      if (items.length !== n) {
        throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', items.length > n ? `too many values to unpack (expected ${n})` : `not enough values to unpack (expected ${n}, got ${items.length})`, at);
      }
      for (let i = 0; i < n; i++) (subs[i] as (c: Ctx, f: Frame, v: unknown) => void)(ctx, f, items[i]);
    };
  }

  /** A boolean-valued closure (Jinja truthiness), positioned for strict-undefined errors. */
  private cond(e: Expr): (ctx: Ctx, f: Frame) => boolean {
    const fn = this.expr(e);
    const at = this.loc(e);
    return (ctx, f) => {
      const v = fn(ctx, f);
      if (v === true) return true;
      if (v === false) return false;
      try {
        return truthy(v, ctx.strict);
      } catch (err) {
        throw wrapError(ctx, err, at);
      }
    };
  }

  // ------------------------------------------------------------- expressions
  /**
   * Compiles a list of expressions. A loop, not `.map((x) => this.expr(x))`: an arrow that uses
   * `this` makes V8 keep the Compiler in a context that every closure of the method retains.
   */
  private exprs(list: Expr[]): ExprFn[] {
    // Exact-size arrays: these live as long as the template, and push() would over-allocate.
    const out: ExprFn[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = this.expr(list[i]!);
    return out;
  }

  /** Records a name the code reads (macros check for `varargs`/`kwargs`) and returns it. */
  private useName(name: string): string {
    if (name === 'varargs') this.readsVarargs = true;
    else if (name === 'kwargs') this.readsKwargs = true;
    return name;
  }

  /**
   * Argument-like lists where literals stay values: entry i is a closure, or the literal itself
   * (template literals are strings, numbers, booleans or null, never functions). Saves a closure
   * and its context per literal.
   */
  private valueList(list: Expr[]): ValueList {
    const out: ValueList = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!;
      out[i] = x.k === 'const' ? x.value : this.expr(x);
    }
    return out;
  }

  expr(e: Expr): ExprFn {
    switch (e.k) {
      case 'const': {
        const v = e.value;
        return () => v;
      }
      case 'name': {
        const name = this.useName(e.name);
        return (ctx, f) => lookup(ctx, f, name);
      }
      case 'list': {
        // A list of literals is copied, not rebuilt item by item (each evaluation is a new list).
        const consts = constValues(e.items);
        if (consts) return () => consts.slice();
        const items = this.exprs(e.items);
        return (ctx, f) => items.map((x) => x(ctx, f));
      }
      case 'tuple': {
        const consts = constValues(e.items);
        if (consts) return () => tuple(consts.slice());
        const items = this.exprs(e.items);
        return (ctx, f) => tuple(items.map((x) => x(ctx, f)));
      }
      case 'dict': {
        const keys = this.exprs(e.keys);
        const values = this.exprs(e.values);
        return (ctx, f) => {
          const o: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) o[str((keys[i] as ExprFn)(ctx, f))] = (values[i] as ExprFn)(ctx, f);
          return o;
        };
      }
      case 'getattr': {
        const obj = this.expr(e.obj);
        const attr = e.attr;
        const at = this.loc(e);
        return (ctx, f) => {
          const o = obj(ctx, f);
          try {
            return getAttr(o, attr, ctx.strict);
          } catch (err) {
            throw wrapError(ctx, err, at);
          }
        };
      }
      case 'getitem': {
        const obj = this.expr(e.obj);
        const index = this.expr(e.index);
        const at = this.loc(e);
        return (ctx, f) => {
          const o = obj(ctx, f);
          const k = index(ctx, f);
          try {
            return getItem(o, k, ctx.strict);
          } catch (err) {
            throw wrapError(ctx, err, at);
          }
        };
      }
      case 'slice': {
        const obj = this.expr(e.obj);
        const none = (): unknown => undefined;
        const start = e.start ? this.expr(e.start) : none;
        const stop = e.stop ? this.expr(e.stop) : none;
        const step = e.step ? this.expr(e.step) : none;
        const at = this.loc(e);
        return (ctx, f) => {
          try {
            return getSlice(obj(ctx, f), start(ctx, f), stop(ctx, f), step(ctx, f));
          } catch (err) {
            throw wrapError(ctx, err, at);
          }
        };
      }
      case 'call':
        return this.call(e);
      case 'filter': {
        const node = this.expr(e.node);
        const apply = this.filterApplier(e.name, e.args, e.kwargs, this.loc(e));
        return (ctx, f) => apply(ctx, f, node(ctx, f));
      }
      case 'test': {
        const node = this.expr(e.node);
        const test = Object.prototype.hasOwnProperty.call(TESTS, e.name) ? TESTS[e.name] : undefined;
        const args = this.exprs(e.args);
        const negated = e.negated;
        const at = this.loc(e);
        const name = e.name;
        return (ctx, f) => {
          if (!test) throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_UNSUPPORTED', `unknown test '${name}'`, at);
          const v = node(ctx, f);
          try {
            return test(v, args.map((x) => x(ctx, f))) !== negated;
          } catch (err) {
            throw wrapError(ctx, err, at);
          }
        };
      }
      case 'bin':
        return this.bin(e);
      case 'compare':
        return this.compare(e);
      case 'and': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        const at = this.loc(e);
        return (ctx, f) => {
          const a = l(ctx, f);
          return truthyAt(ctx, a, at) ? r(ctx, f) : a;
        };
      }
      case 'or': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        const at = this.loc(e);
        return (ctx, f) => {
          const a = l(ctx, f);
          return truthyAt(ctx, a, at) ? a : r(ctx, f);
        };
      }
      case 'not': {
        const c = this.cond(e.node);
        return (ctx, f) => !c(ctx, f);
      }
      case 'neg':
      case 'pos': {
        const node = this.expr(e.node);
        const at = this.loc(e);
        const neg = e.k === 'neg';
        return (ctx, f) => {
          const v = node(ctx, f);
          try {
            if (neg) return opNeg(v);
            if (typeof v !== 'number') throw new PyError(`bad operand type for unary +: '${typeName(v)}'`);
            return v;
          } catch (err) {
            throw wrapError(ctx, err, at);
          }
        };
      }
      case 'cond': {
        const test = this.cond(e.test);
        const then = this.expr(e.then);
        const els = e.else ? this.expr(e.else) : undefined;
        const line = e.line;
        return (ctx, f) => (test(ctx, f) ? then(ctx, f) : els ? els(ctx, f) : new Undef(`the inline if-expression on line ${line} evaluated to false and no else section was defined`));
      }
    }
  }

  /** With printAt, the closure is the `{{ call }}` statement itself and returns the printed string. */
  private call(e: Extract<Expr, { k: 'call' }>, printAt?: TemplateLocation): ExprFn {
    // `name(...)` looks the callee up directly instead of through a closure of its own.
    const fnName = e.fn.k === 'name' ? this.useName(e.fn.name) : undefined;
    const fn = fnName === undefined ? this.expr(e.fn) : undefined;
    const args = this.valueList(e.args);
    // Keyword names and values are evaluated here, not through a kwargs closure of their own.
    const kwn = e.kwargs.length > 0 ? kwNames(e.kwargs) : undefined;
    const kwv = kwn ? this.kwValues(e.kwargs) : undefined;
    const star = e.starArgs ? this.expr(e.starArgs) : undefined;
    const starKw = e.starKwargs ? this.expr(e.starKwargs) : undefined;
    const at = this.loc(e);
    const name = calleeName(e.fn);
    const nargs = e.args.length;
    return (ctx, f) => {
      const target = fn === undefined ? lookup(ctx, f, fnName as string) : fn(ctx, f);
      const a: unknown[] = new Array(nargs);
      for (let i = 0; i < nargs; i++) a[i] = evalAt(args, i, ctx, f);
      let v: unknown;
      let kw = kwn ? evalKwargs(kwn, kwv as ValueList, ctx, f) : null;
      try {
        if (star) for (const x of toList(star(ctx, f), ctx.strict)) a.push(x);
        if (starKw) {
          const extra = starKw(ctx, f);
          if (!isDict(extra)) throw new PyError(`argument after ** must be a mapping, not ${typeName(extra)}`);
          kw = { ...(kw ?? {}), ...extra };
        }
        v = callValue(ctx, target, a, kw, at, name);
      } catch (err) {
        throw wrapError(ctx, err, at);
      }
      return printAt === undefined || typeof v === 'string' ? v : printed(ctx, v, printAt);
    };
  }

  private bin(e: Extract<Expr, { k: 'bin' }>): ExprFn {
    const l = this.expr(e.left);
    const r = this.expr(e.right);
    const at = this.loc(e);
    if (e.op === '~') {
      return (ctx, f) => {
        const a = l(ctx, f);
        const b = r(ctx, f);
        if (typeof a === 'string' && typeof b === 'string') return a + b;
        try {
          return opConcat(a, b, ctx.strict);
        } catch (err) {
          throw wrapError(ctx, err, at);
        }
      };
    }
    const op = { '+': opAdd, '-': opSub, '*': opMul, '/': opDiv, '//': opFloorDiv, '%': opMod, '**': opPow }[e.op];
    return (ctx, f) => {
      const a = l(ctx, f);
      const b = r(ctx, f);
      try {
        return op(a, b);
      } catch (err) {
        throw wrapError(ctx, err, at);
      }
    };
  }

  private compare(e: Extract<Expr, { k: 'compare' }>): ExprFn {
    const left = this.expr(e.left);
    const rights = this.exprs(e.rights);
    const ops = e.ops;
    const at = this.loc(e);
    const one = (op: string, a: unknown, b: unknown): boolean => {
      switch (op) {
        case '==': return pyEq(a, b);
        case '!=': return !pyEq(a, b);
        case 'in': return pyIn(a, b);
        case 'notin': return !pyIn(a, b);
      }
      if (a instanceof Undef) throw new PyError(a.hint);
      if (b instanceof Undef) throw new PyError(b.hint);
      const c = pyCmp(a, b, op);
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    };
    return (ctx, f) => {
      let a = left(ctx, f);
      try {
        for (let i = 0; i < ops.length; i++) {
          const b = (rights[i] as ExprFn)(ctx, f);
          if (!one(ops[i] as string, a, b)) return false;
          a = b;
        }
        return true;
      } catch (err) {
        throw wrapError(ctx, err, at);
      }
    };
  }
}

/** A name's value in scope f: variables, then registered macros, else Undefined. */
function lookup(ctx: Ctx, f: Frame, name: string): unknown {
  const v = f[name];
  if (v !== undefined) return v;
  if (name in f) return undefined;
  return ctx.macros.macro(name) ?? new Undef(`'${name}' is undefined`, name);
}

/** The text `{{ v }}` prints for a value that is not a string. */
function printed(ctx: Ctx, v: unknown, at: TemplateLocation): string {
  if (v instanceof Undef && ctx.strict) throw templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', v.hint, at, 'give it a value, or use | default(...)');
  return str(v);
}

/** Closures and literal values (see Compiler.valueList). */
type ValueList = unknown[];

function evalAt(list: ValueList, i: number, ctx: Ctx, f: Frame): unknown {
  const v = list[i];
  return typeof v === 'function' ? (v as ExprFn)(ctx, f) : v;
}

function kwNames(kw: KwArg[]): string[] {
  const names: string[] = new Array(kw.length);
  for (let i = 0; i < kw.length; i++) names[i] = kw[i]!.name;
  return names;
}

function evalKwargs(names: string[], vals: ValueList, ctx: Ctx, f: Frame): Kwargs {
  const o: Kwargs = {};
  for (let i = 0; i < names.length; i++) o[names[i] as string] = evalAt(vals, i, ctx, f);
  return o;
}

/** The values of a list of literal expressions, or undefined when any item is not a literal. */
function constValues(items: Expr[]): unknown[] | undefined {
  const out: unknown[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!;
    if (x.k !== 'const') return undefined;
    out[i] = x.value;
  }
  return out;
}

function truthyAt(ctx: Ctx, v: unknown, at: TemplateLocation): boolean {
  try {
    return truthy(v, ctx.strict);
  } catch (err) {
    throw wrapError(ctx, err, at);
  }
}

/** `foo`, `dbt_utils.star`, or a generic description, for error messages. */
function calleeName(e: Expr): string {
  if (e.k === 'name') return e.name;
  if (e.k === 'getattr') return `${calleeName(e.obj)}.${e.attr}`;
  return 'expression';
}
