/**
 * Recursive-descent parser for the Jinja subset, following Jinja2's grammar and
 * operator precedence. Syntax errors throw TemplateSyntaxError (first one wins);
 * unknown filters/tests and unsupported statements are collected as diagnostics
 * and parsing continues, so one pass reports all of them.
 */
import type { Diagnostic } from '../errors/diagnostic';
import { didYouMean } from '../util/did-you-mean';
import type { CompareOp, Expr, FilterCall, KwArg, Param, Stmt, Target } from './ast';
import { FILTERS } from './filters';
import { TESTS } from './jinja-tests';
import { BLOCK_BEGIN, BLOCK_END, DATA, EOF, FLOAT, INT, NAME, OP, STRING, type Tokens, VAR_BEGIN, VAR_END } from './lexer';
import { diagnosticAt, TemplateSyntaxError } from './template-error';

/** Statements with an end tag that Floe does not support: their bodies are skipped after reporting. */
const UNSUPPORTED_BLOCKS = new Set(['block', 'with', 'autoescape', 'materialization', 'trans']);
const UNSUPPORTED_HINTS: Record<string, string> = {
  materialization: 'custom materializations are not supported; use a built-in materialization (view, table, incremental, ephemeral, snapshot)',
  extends: 'template inheritance is not supported; use macros instead',
  block: 'template inheritance is not supported; use macros instead',
  include: 'includes are not supported; move the shared SQL into a macro',
  import: 'imports are not supported; macros under the macro paths are available everywhere by name',
  from: 'imports are not supported; macros under the macro paths are available everywhere by name',
};
const END_TAGS = new Set(['endif', 'endfor', 'endset', 'endmacro', 'endtest', 'endcall', 'endfilter', 'endsnapshot', 'enddocs', 'endraw', 'else', 'elif']);
// End-tag lists, made once (an array literal at the call site is a new array per statement).
const IF_ENDS = ['elif', 'else', 'endif'];
const ENDIF = ['endif'];
const FOR_ENDS = ['else', 'endfor'];
const ENDFOR = ['endfor'];
const ENDSET = ['endset'];
const ENDMACRO = ['endmacro'];
const ENDTEST = ['endtest'];
const ENDCALL = ['endcall'];
const ENDFILTER = ['endfilter'];
/** Shared by call nodes without keyword arguments (AST arrays are never mutated after parsing). */
const NO_KWARGS: KwArg[] = [];
const NO_ARGS: Expr[] = [];
const CONSTS: Record<string, unknown> = { true: true, false: false, none: null, True: true, False: false, None: null };

interface Open {
  tag: string;
  line: number;
  col: number;
}

interface At {
  line: number;
  col: number;
}

export class Parser {
  private i = 0;
  readonly diagnostics: Diagnostic[] = [];
  private loopDepth = 0;
  private readonly open: Open[] = [];
  /**
   * Statements of the bodies being parsed, innermost last: each body is copied out at its end
   * tag into an exact-size array (a growing array per body allocated 17+ slots for 1-3 statements).
   */
  private readonly stack: (Stmt | undefined)[] = [];
  private top = 0;
  /** The end tag that closed the last subparse() (e.g. 'else' or 'endif'). */
  private endTag = '';
  /** Set by parseCallArgs() besides the positional arguments it returns. */
  private callKwargs: KwArg[] = NO_KWARGS;
  private callStarArgs: Expr | undefined;
  private callStarKwargs: Expr | undefined;

  // The token stream's columns (tokens are indexes, not objects).
  private readonly kind: Uint8Array;
  private readonly val: (string | number)[];
  private readonly line: Int32Array;
  private readonly col: Int32Array;
  private readonly last: number;

  constructor(private readonly toks: Tokens, private readonly file: string) {
    this.kind = toks.kind;
    this.val = toks.value;
    this.line = toks.line;
    this.col = toks.col;
    this.last = toks.length - 1;
  }

  parseTemplate(): Stmt[] {
    return this.subparse(null);
  }

  // ---------------------------------------------------------------- helpers
  /** Kind of the current token (a method: TypeScript does not narrow it across next() calls). */
  private curKind(): number {
    return this.kind[this.i] as number;
  }
  /** Index of the token n ahead (the eof token at the end). */
  private peek(n = 1): number {
    return Math.min(this.i + n, this.last);
  }
  /** Consumes the current token and returns its index. */
  private next(): number {
    return this.i++;
  }
  private str(t: number): string {
    return this.val[t] as string;
  }
  /** Token t's position, or an AST node's / open block's. */
  private pos(t: number | At): At {
    return typeof t === 'number' ? { line: this.line[t] as number, col: this.col[t] as number } : t;
  }
  private fail(msg: string, t: number | At, hint?: string): never {
    const p = this.pos(t);
    throw new TemplateSyntaxError(msg, { file: this.file, line: p.line, column: p.col }, hint);
  }
  private isOp(v: string, t: number = this.i): boolean {
    return this.kind[t] === OP && this.val[t] === v;
  }
  private isName(v: string, t: number = this.i): boolean {
    return this.kind[t] === NAME && this.val[t] === v;
  }
  private describe(t: number): string {
    switch (this.kind[t]) {
      case EOF: return 'end of template';
      case BLOCK_END: return "'%}'";
      case VAR_END: return "'}}'";
      case DATA: return 'template text';
      case STRING: return 'a string';
      default: return `'${String(this.val[t])}'`;
    }
  }
  private expectOp(v: string): number {
    if (!this.isOp(v)) this.fail(`expected '${v}' but found ${this.describe(this.i)}`, this.i);
    return this.i++;
  }
  private expectName(what = 'a name'): number {
    if (this.kind[this.i] !== NAME) this.fail(`expected ${what} but found ${this.describe(this.i)}`, this.i);
    return this.i++;
  }
  private expectBlockEnd(): number {
    if (this.kind[this.i] !== BLOCK_END) this.fail(`expected '%}' but found ${this.describe(this.i)}`, this.i, 'check the statement syntax; each {% ... %} tag holds one statement');
    return this.i++;
  }
  private unsupported(msg: string, t: number | At, hint?: string): void {
    const p = this.pos(t);
    this.diagnostics.push(diagnosticAt('FLOE_TEMPLATE_UNSUPPORTED', msg, { file: this.file, line: p.line, column: p.col }, hint));
  }

  /** Line and column of token t, for AST nodes. */
  private ln(t: number): number {
    return this.line[t] as number;
  }
  private cl(t: number): number {
    return this.col[t] as number;
  }

  // ------------------------------------------------------------- statements
  /** Parses until one of `ends` opens a tag; returns the body and sets endTag to the end tag name (the tag's name token is consumed). */
  private subparse(ends: string[] | null): Stmt[] {
    const base = this.top;
    const stack = this.stack;
    while (true) {
      const t = this.i;
      const k = this.kind[t];
      if (k === EOF) {
        if (ends) {
          const o = this.open[this.open.length - 1] as Open;
          this.fail(`unclosed {% ${o.tag} %} block`, o, `add {% ${ends[ends.length - 1]} %}`);
        }
        this.endTag = '';
        return this.popBody(base);
      }
      if (k === DATA) {
        this.i++;
        stack[this.top++] = { k: 'text', text: this.str(t), line: this.ln(t), col: this.cl(t) };
      } else if (k === VAR_BEGIN) {
        this.i++;
        const expr = this.parseTuple();
        if (this.curKind() !== VAR_END) this.fail(`expected '}}' but found ${this.describe(this.i)}`, this.i);
        this.i++;
        stack[this.top++] = { k: 'print', expr, line: this.ln(t), col: this.cl(t) };
      } else if (k === BLOCK_BEGIN) {
        const nameTok = this.peek();
        if (this.kind[nameTok] !== NAME) this.fail('expected a statement name after {%', nameTok);
        const name = this.str(nameTok);
        if (ends && ends.includes(name)) {
          this.i += 2;
          this.endTag = name;
          return this.popBody(base);
        }
        if (END_TAGS.has(name)) {
          const o = this.open[this.open.length - 1];
          this.fail(
            `unexpected {% ${name} %}`,
            t,
            o ? `the innermost open block is {% ${o.tag} %} at line ${o.line}, column ${o.col}; close it with {% ${(ends ?? [])[ends ? ends.length - 1 : 0]} %}` : `remove it or add the matching opening tag`,
          );
        }
        const st = this.parseStatement(t);
        if (st) stack[this.top++] = st;
      } else {
        this.fail(`unexpected ${this.describe(t)}`, t);
      }
    }
  }

  /** The statements pushed since base, as an exact-size array; their stack slots are cleared. */
  private popBody(base: number): Stmt[] {
    const body = this.stack.slice(base, this.top);
    this.stack.fill(undefined, base, this.top);
    this.top = base;
    return body as Stmt[];
  }

  private body(tag: string, begin: number, ends: string[]): Stmt[] {
    this.open.push({ tag, line: this.ln(begin), col: this.cl(begin) });
    const r = this.subparse(ends);
    this.open.pop();
    return r;
  }

  private parseStatement(begin: number): Stmt | undefined {
    this.i++; // block_begin
    const name = this.str(this.next());
    const at = { line: this.ln(begin), col: this.cl(begin) };
    switch (name) {
      case 'if':
        return this.parseIf(begin);
      case 'for':
        return this.parseFor(begin);
      case 'set':
        return this.parseSet(begin);
      case 'do': {
        const expr = this.parseTuple();
        this.expectBlockEnd();
        return { k: 'do', expr, ...at };
      }
      case 'macro':
      case 'test':
        return this.parseMacro(begin, name === 'test');
      case 'call':
        return this.parseCallBlock(begin);
      case 'filter': {
        const filters = this.parseFilterChain(false);
        this.expectBlockEnd();
        const body = this.body('filter', begin, ENDFILTER);
        this.expectBlockEnd();
        return { k: 'filterblock', filters, body, ...at };
      }
      case 'break':
      case 'continue':
        if (this.loopDepth === 0) this.fail(`{% ${name} %} outside a for loop`, begin);
        this.expectBlockEnd();
        return { k: name, ...at };
      case 'snapshot':
      case 'docs': {
        const n = this.expectName(`a ${name} name`);
        const open = this.expectBlockEnd();
        const body = this.body(name, begin, [`end${name}`]);
        const endBegin = this.i - 2;
        this.expectBlockEnd();
        const { start, end } = this.toks;
        const openEnd = end[open] as number;
        return { k: 'block', kind: name, name: this.str(n), body, bodyStart: openEnd, bodyEnd: start[endBegin] as number, bodyLine: this.ln(open), bodyCol: this.cl(open) + (openEnd - (start[open] as number)), ...at };
      }
      default:
        this.skipUnsupported(name, begin);
        return undefined;
    }
  }

  private skipUnsupported(name: string, begin: number): void {
    this.unsupported(`{% ${name} %} is not supported by Floe's template engine`, begin, UNSUPPORTED_HINTS[name] ?? 'supported statements: if, for, set, do, macro, call, filter, test, snapshot, docs, raw');
    const hasEnd = UNSUPPORTED_BLOCKS.has(name);
    while (this.curKind() !== BLOCK_END && this.curKind() !== EOF) this.i++;
    if (this.curKind() === EOF) return;
    this.i++;
    if (!hasEnd) return;
    let depth = 1;
    while (this.curKind() !== EOF) {
      const t = this.next();
      if (this.kind[t] === BLOCK_BEGIN && this.curKind() === NAME) {
        if (this.val[this.i] === name) depth++;
        else if (this.val[this.i] === `end${name}`) depth--;
        if (depth === 0) {
          while (this.curKind() !== BLOCK_END && this.curKind() !== EOF) this.i++;
          if (this.curKind() === BLOCK_END) this.i++;
          return;
        }
      }
    }
  }

  private parseIf(begin: number): Stmt {
    const test = this.parseExpression();
    this.expectBlockEnd();
    const body = this.body('if', begin, IF_ENDS);
    const end = this.endTag;
    const node: Stmt = { k: 'if', test, body, else: [], line: this.ln(begin), col: this.cl(begin) };
    if (end === 'elif') {
      node.else = [this.parseIf(begin)];
      return node;
    }
    if (end === 'else') {
      this.expectBlockEnd();
      const eb = this.body('if', begin, ENDIF);
      node.else = eb;
    }
    this.expectBlockEnd();
    return node;
  }

  private parseFor(begin: number): Stmt {
    const target = this.parseAssignTarget(true);
    if (!this.isName('in')) this.fail(`expected 'in' but found ${this.describe(this.i)}`, this.i);
    this.i++;
    const iter = this.parseTuple(false, false);
    let filter: Expr | undefined;
    if (this.isName('if')) {
      this.i++;
      filter = this.parseExpression();
    }
    if (this.isName('recursive')) {
      this.unsupported('recursive for loops are not supported', this.i);
      this.i++;
    }
    this.expectBlockEnd();
    this.loopDepth++;
    const body = this.body('for', begin, FOR_ENDS);
    const end = this.endTag;
    this.loopDepth--;
    let elseBody: Stmt[] = [];
    if (end === 'else') {
      this.expectBlockEnd();
      elseBody = this.body('for', begin, ENDFOR);
    }
    this.expectBlockEnd();
    const node: Stmt = { k: 'for', target, iter, body, else: elseBody, line: this.ln(begin), col: this.cl(begin) };
    if (filter) node.filter = filter;
    return node;
  }

  private parseSet(begin: number): Stmt {
    const target = this.parseAssignTarget(true, true);
    const at = { line: this.ln(begin), col: this.cl(begin) };
    if (this.isOp('=')) {
      this.i++;
      const expr = this.parseTuple();
      this.expectBlockEnd();
      return { k: 'set', target, expr, ...at };
    }
    const filters = this.isOp('|') ? this.parseFilterChain(true) : [];
    this.expectBlockEnd();
    const body = this.body('set', begin, ENDSET);
    this.expectBlockEnd();
    return { k: 'setblock', target, body, filters, ...at };
  }

  private parseMacro(begin: number, isTest: boolean): Stmt {
    const n = this.expectName(isTest ? 'a test name' : 'a macro name');
    const params = this.parseParams();
    this.expectBlockEnd();
    const saved = this.loopDepth;
    this.loopDepth = 0;
    const body = this.body(isTest ? 'test' : 'macro', begin, isTest ? ENDTEST : ENDMACRO);
    this.loopDepth = saved;
    // Jinja allows `{% endmacro name %}`.
    if (this.curKind() === NAME) this.i++;
    this.expectBlockEnd();
    return { k: 'macro', name: this.str(n), params, body, isTest, line: this.ln(begin), col: this.cl(begin) };
  }

  private parseParams(): Param[] {
    const params: Param[] = [];
    if (!this.isOp('(')) return params;
    this.i++;
    while (!this.isOp(')')) {
      if (params.length > 0) this.expectOp(',');
      if (this.isOp(')')) break;
      const n = this.expectName('a parameter name');
      const p: Param = { name: this.str(n) };
      if (this.isOp('=')) {
        this.i++;
        p.default = this.parseExpression();
      } else if (params.some((q) => q.default)) {
        this.fail(`parameter '${p.name}' without a default follows a parameter with a default`, n);
      }
      params.push(p);
    }
    this.i++;
    return params;
  }

  private parseCallBlock(begin: number): Stmt {
    const params = this.isOp('(') ? this.parseParams() : [];
    const call = this.parseExpression();
    if (call.k !== 'call') this.fail('{% call %} expects a macro call', call);
    this.expectBlockEnd();
    const body = this.body('call', begin, ENDCALL);
    this.expectBlockEnd();
    return { k: 'callblock', call, params, body, line: this.ln(begin), col: this.cl(begin) };
  }

  private parseFilterChain(leadingPipe: boolean): FilterCall[] {
    const out: FilterCall[] = [];
    let first = !leadingPipe;
    while (first || this.isOp('|')) {
      if (!first) this.i++;
      first = false;
      const f = this.parseFilterCall();
      out.push(f);
    }
    return out;
  }

  private parseFilterCall(): FilterCall {
    const n = this.expectName('a filter name');
    let name = this.str(n);
    while (this.isOp('.')) {
      this.i++;
      name += '.' + this.str(this.expectName('a filter name'));
    }
    this.checkKnown('filter', name, n);
    const f: FilterCall = { name, args: NO_ARGS, kwargs: NO_KWARGS, line: this.ln(n), col: this.cl(n) };
    if (this.isOp('(')) {
      f.args = this.parseCallArgs();
      f.kwargs = this.callKwargs;
    }
    return f;
  }

  private checkKnown(kind: 'filter' | 'test', name: string, t: number): void {
    const table = kind === 'filter' ? FILTERS : TESTS;
    if (Object.prototype.hasOwnProperty.call(table, name)) return;
    const guess = didYouMean(name, Object.keys(table));
    this.unsupported(`unknown ${kind} '${name}'`, t, guess ? `did you mean '${guess}'?` : `supported ${kind}s: ${Object.keys(table).sort().join(', ')}`);
  }

  /** `x`, `a, b`, `(a, b)`, or with allowAttr `ns.attr`. */
  private parseAssignTarget(allowTuple: boolean, allowAttr = false): Target {
    const parseOne = (): Target => {
      if (this.isOp('(')) {
        const t = this.next();
        const items: Target[] = [];
        while (!this.isOp(')')) {
          if (items.length > 0) this.expectOp(',');
          if (this.isOp(')')) break;
          items.push(parseOne());
        }
        this.i++;
        return { k: 'tuple', items, line: this.ln(t), col: this.cl(t) };
      }
      const n = this.expectName('a variable name');
      const name = this.str(n);
      if (allowAttr && this.isOp('.')) {
        this.i++;
        const a = this.expectName('an attribute name');
        return { k: 'attr', obj: name, attr: this.str(a), line: this.ln(n), col: this.cl(n) };
      }
      if (name in CONSTS) this.fail(`cannot assign to '${name}'`, n);
      return { k: 'name', name, line: this.ln(n), col: this.cl(n) };
    };
    const first = parseOne();
    if (!allowTuple || !this.isOp(',')) return first;
    const items: Target[] = [first];
    while (this.isOp(',')) {
      this.i++;
      if (this.curKind() !== NAME && !this.isOp('(')) break;
      items.push(parseOne());
    }
    return { k: 'tuple', items, line: first.line, col: first.col };
  }

  // ------------------------------------------------------------ expressions
  /** An expression or an unparenthesized tuple (`a, b`). */
  parseTuple(withCondexpr = true, allowEmpty = false): Expr {
    const start = this.i;
    // Most expressions are not tuples: the items array is made only when a comma follows.
    let first: Expr | undefined;
    let items: Expr[] | undefined;
    while (true) {
      if (first !== undefined) {
        if (!this.isOp(',')) break;
        this.i++;
        items ??= [first];
      }
      const t = this.i;
      const k = this.kind[t];
      if (k === VAR_END || k === BLOCK_END || (k === NAME && (this.val[t] === 'if' || this.val[t] === 'recursive') && !withCondexpr) || this.isOp(')')) {
        if (first === undefined && !allowEmpty) this.fail(`expected an expression but found ${this.describe(t)}`, t);
        break;
      }
      const e = withCondexpr ? this.parseExpression() : this.parseOr();
      if (first === undefined) first = e;
      else (items as Expr[]).push(e);
    }
    if (items === undefined && first !== undefined) return first;
    return { k: 'tuple', items: items ?? [], line: this.ln(start), col: this.cl(start) };
  }

  parseExpression(): Expr {
    const expr = this.parseOr();
    if (this.isName('if')) {
      const t = this.next();
      const test = this.parseOr();
      const node: Expr = { k: 'cond', test, then: expr, line: this.ln(t), col: this.cl(t) };
      if (this.isName('else')) {
        this.i++;
        node.else = this.parseExpression();
      }
      return node;
    }
    return expr;
  }

  private parseOr(): Expr {
    const simple = this.simpleOperand() ?? this.unaryOperand();
    if (simple) return simple;
    let left = this.parseAnd();
    while (this.isName('or')) {
      const t = this.next();
      left = { k: 'or', left, right: this.parseAnd(), line: this.ln(t), col: this.cl(t) };
    }
    return left;
  }

  /**
   * Fast path: a lone literal or name directly followed by a token that ends an expression
   * (`,` `)` `]` `}` `:` `%}` `}}`) parses to exactly what the full precedence chain would
   * produce, without descending through a dozen levels. Most call arguments and list items are like this.
   */
  private simpleOperand(): Expr | undefined {
    const t = this.i;
    const ty = this.kind[t];
    if (ty !== STRING && ty !== NAME && ty !== INT && ty !== FLOAT) return undefined;
    if (t + 1 > this.last || !this.endsExpression(t + 1)) return undefined;
    if (ty === NAME) {
      const v = this.str(t);
      // `not` is an operator; the others are names or constants as in parsePrimary.
      if (v === 'not') return undefined;
      this.i++;
      if (v in CONSTS) return { k: 'const', value: CONSTS[v], line: this.ln(t), col: this.cl(t) };
      return { k: 'name', name: v, line: this.ln(t), col: this.cl(t) };
    }
    this.i++;
    return { k: 'const', value: this.val[t], line: this.ln(t), col: this.cl(t) };
  }

  /**
   * Second fast path: an operand with postfixes, filters and tests (`ref('x')`, `a.b | f`) that
   * ends the expression. Every precedence level would first parse exactly this parseUnary(true)
   * and then find no operator, so the result is the same. Otherwise rewind (dropping diagnostics
   * the attempt added, which the full parse adds again) and take the full chain.
   */
  private unaryOperand(): Expr | undefined {
    if (this.isName('not')) return undefined;
    const start = this.i;
    const nDiags = this.diagnostics.length;
    const node = this.parseUnary(true);
    if (this.endsExpression(this.i)) return node;
    this.i = start;
    // Only when the attempt added some: setting an array's length is a slow runtime call.
    if (this.diagnostics.length !== nDiags) this.diagnostics.length = nDiags;
    return undefined;
  }

  /** Tokens that can follow a complete expression but never continue one. */
  private endsExpression(nx: number): boolean {
    const k = this.kind[nx];
    if (k === OP) {
      const v = this.val[nx];
      return v === ',' || v === ')' || v === ']' || v === '}' || v === ':';
    }
    return k === VAR_END || k === BLOCK_END;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const t = this.next();
      left = { k: 'and', left, right: this.parseNot(), line: this.ln(t), col: this.cl(t) };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const t = this.next();
      return { k: 'not', node: this.parseNot(), line: this.ln(t), col: this.cl(t) };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const left = this.parseMath1();
    const ops: CompareOp[] = [];
    const rights: Expr[] = [];
    let first = -1;
    while (true) {
      const t = this.i;
      const v = this.val[t];
      let op: CompareOp | undefined;
      if (this.kind[t] === OP && (v === '==' || v === '!=' || v === '<' || v === '<=' || v === '>' || v === '>=')) {
        op = v;
        this.i++;
      } else if (this.isName('in')) {
        op = 'in';
        this.i++;
      } else if (this.isName('not') && this.isName('in', this.peek())) {
        op = 'notin';
        this.i += 2;
      } else break;
      if (first < 0) first = t;
      ops.push(op);
      rights.push(this.parseMath1());
    }
    if (first < 0) return left;
    return { k: 'compare', left, ops, rights, line: this.ln(first), col: this.cl(first) };
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { k: 'bin', op: this.val[t] as '+' | '-', left, right: this.parseConcat(), line: this.ln(t), col: this.cl(t) };
    }
    return left;
  }

  private parseConcat(): Expr {
    let left = this.parseMath2();
    while (this.isOp('~')) {
      const t = this.next();
      left = { k: 'bin', op: '~', left, right: this.parseMath2(), line: this.ln(t), col: this.cl(t) };
    }
    return left;
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const t = this.next();
      left = { k: 'bin', op: this.val[t] as '*', left, right: this.parsePow(), line: this.ln(t), col: this.cl(t) };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary(true);
    while (this.isOp('**')) {
      const t = this.next();
      left = { k: 'bin', op: '**', left, right: this.parseUnary(true), line: this.ln(t), col: this.cl(t) };
    }
    return left;
  }

  private parseUnary(withFilter: boolean): Expr {
    const t = this.i;
    let node: Expr;
    if (this.isOp('-')) {
      this.i++;
      node = { k: 'neg', node: this.parseUnary(false), line: this.ln(t), col: this.cl(t) };
    } else if (this.isOp('+')) {
      this.i++;
      node = { k: 'pos', node: this.parseUnary(false), line: this.ln(t), col: this.cl(t) };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  private parsePrimary(): Expr {
    const t = this.i;
    switch (this.kind[t]) {
      case NAME: {
        this.i++;
        const v = this.str(t);
        if (v in CONSTS) return { k: 'const', value: CONSTS[v], line: this.ln(t), col: this.cl(t) };
        return { k: 'name', name: v, line: this.ln(t), col: this.cl(t) };
      }
      case STRING: {
        this.i++;
        let s = this.str(t);
        while (this.curKind() === STRING) s += this.str(this.next());
        return { k: 'const', value: s, line: this.ln(t), col: this.cl(t) };
      }
      case INT:
      case FLOAT:
        this.i++;
        return { k: 'const', value: this.val[t], line: this.ln(t), col: this.cl(t) };
      case OP: {
        const v = this.val[t];
        if (v === '(') {
          this.i++;
          const e = this.parseTuple(true, true);
          this.expectOp(')');
          // `(a)` is a, `(a,)` and `()` are tuples: parseTuple already decided.
          return e;
        }
        if (v === '[') {
          this.i++;
          const items: Expr[] = [];
          while (!this.isOp(']')) {
            if (items.length > 0) this.expectOp(',');
            if (this.isOp(']')) break;
            items.push(this.parseExpression());
          }
          this.i++;
          return { k: 'list', items, line: this.ln(t), col: this.cl(t) };
        }
        if (v === '{') {
          this.i++;
          const keys: Expr[] = [];
          const values: Expr[] = [];
          while (!this.isOp('}')) {
            if (keys.length > 0) this.expectOp(',');
            if (this.isOp('}')) break;
            keys.push(this.parseExpression());
            this.expectOp(':');
            values.push(this.parseExpression());
          }
          this.i++;
          return { k: 'dict', keys, values, line: this.ln(t), col: this.cl(t) };
        }
        break;
      }
      default:
        break;
    }
    return this.fail(`expected an expression but found ${this.describe(t)}`, t);
  }

  private parsePostfix(node: Expr): Expr {
    while (true) {
      const t = this.i;
      if (this.isOp('.')) {
        this.i++;
        const a = this.i;
        const ak = this.kind[a];
        if (ak === NAME) {
          this.i++;
          node = { k: 'getattr', obj: node, attr: this.str(a), line: this.ln(a), col: this.cl(a) };
        } else if (ak === INT) {
          this.i++;
          node = { k: 'getitem', obj: node, index: { k: 'const', value: this.val[a], line: this.ln(a), col: this.cl(a) }, line: this.ln(a), col: this.cl(a) };
        } else this.fail(`expected an attribute name after '.' but found ${this.describe(a)}`, a);
      } else if (this.isOp('[')) {
        this.i++;
        node = this.parseSubscript(node, t);
      } else if (this.isOp('(')) {
        node = this.parseCall(node);
      } else return node;
    }
  }

  private parseSubscript(obj: Expr, t: number): Expr {
    const parts: (Expr | undefined)[] = [];
    let isSlice = false;
    let curPart: Expr | undefined;
    while (!this.isOp(']')) {
      if (this.isOp(':')) {
        this.i++;
        isSlice = true;
        parts.push(curPart);
        curPart = undefined;
        continue;
      }
      if (curPart) this.fail(`expected ']' but found ${this.describe(this.i)}`, this.i);
      curPart = this.parseExpression();
      if (this.isOp(',')) this.fail('tuple subscripts are not supported', this.i);
    }
    this.i++;
    parts.push(curPart);
    if (!isSlice) {
      if (!curPart) this.fail('expected a subscript expression', t);
      return { k: 'getitem', obj, index: curPart as Expr, line: this.ln(t), col: this.cl(t) };
    }
    if (parts.length > 3) this.fail('invalid slice', t);
    const node: Expr = { k: 'slice', obj, line: this.ln(t), col: this.cl(t) };
    if (parts[0]) node.start = parts[0];
    if (parts[1]) node.stop = parts[1];
    if (parts[2]) node.step = parts[2];
    return node;
  }

  private parseCall(fn: Expr): Expr {
    const args = this.parseCallArgs();
    const kwargs = this.callKwargs;
    const starArgs = this.callStarArgs;
    const starKwargs = this.callStarKwargs;
    const start = startOf(fn);
    const node: Expr = { k: 'call', fn, args, kwargs, line: start.line, col: start.col };
    if (starArgs) node.starArgs = starArgs;
    if (starKwargs) node.starKwargs = starKwargs;
    return node;
  }

  /** Returns the positional arguments; sets callKwargs, callStarArgs and callStarKwargs. */
  private parseCallArgs(): Expr[] {
    this.expectOp('(');
    const args: Expr[] = [];
    let kwargs = NO_KWARGS;
    let starArgs: Expr | undefined;
    let starKwargs: Expr | undefined;
    let first = true;
    while (!this.isOp(')')) {
      if (!first) {
        this.expectOp(',');
        if (this.isOp(')')) break;
      }
      first = false;
      if (this.isOp('*')) {
        this.i++;
        starArgs = this.parseExpression();
      } else if (this.isOp('**')) {
        this.i++;
        starKwargs = this.parseExpression();
      } else if (this.curKind() === NAME && this.isOp('=', this.peek())) {
        const n = this.next();
        this.i++;
        if (kwargs === NO_KWARGS) kwargs = [];
        kwargs.push({ name: this.str(n), value: this.parseExpression() });
      } else {
        if (kwargs.length > 0) this.fail('positional argument follows keyword argument', this.i);
        args.push(this.parseExpression());
      }
    }
    this.i++;
    this.callKwargs = kwargs;
    this.callStarArgs = starArgs;
    this.callStarKwargs = starKwargs;
    return args;
  }

  private parseFilterExpr(node: Expr): Expr {
    while (true) {
      if (this.isOp('|')) {
        this.i++;
        const f = this.parseFilterCall();
        node = { k: 'filter', node, name: f.name, args: f.args, kwargs: f.kwargs, line: f.line, col: f.col };
      } else if (this.isName('is')) {
        this.i++;
        let negated = false;
        if (this.isName('not')) {
          this.i++;
          negated = true;
        }
        const n = this.i;
        const nk = this.kind[n];
        let name: string;
        if (nk === NAME) name = this.str(n);
        else if (nk === OP && ['==', '!=', '<', '<=', '>', '>='].includes(this.str(n))) name = this.str(n);
        else return this.fail(`expected a test name after 'is' but found ${this.describe(n)}`, n);
        this.i++;
        while (this.isOp('.')) {
          this.i++;
          name += '.' + this.str(this.expectName('a test name'));
        }
        this.checkKnown('test', name, n);
        let args = NO_ARGS;
        let kwargs = NO_KWARGS;
        const c = this.i;
        const ck = this.kind[c];
        const cv = this.val[c];
        if (this.isOp('(')) {
          args = this.parseCallArgs();
          kwargs = this.callKwargs;
        } else if (
          (ck === NAME || ck === STRING || ck === INT || ck === FLOAT || this.isOp('[') || this.isOp('{')) &&
          !(ck === NAME && (cv === 'else' || cv === 'or' || cv === 'and' || cv === 'if' || cv === 'is'))
        ) {
          args = [this.parsePostfix(this.parsePrimary())];
        }
        node = { k: 'test', node, name, args, kwargs, negated, line: this.ln(n), col: this.cl(n) };
      } else if (this.isOp('(')) {
        node = this.parseCall(node);
      } else return node;
    }
  }
}

/** Where an expression starts in the source (attribute/item/call chains start at their leftmost operand). */
function startOf(e: Expr): { line: number; col: number } {
  switch (e.k) {
    case 'getattr':
    case 'getitem':
    case 'slice':
      return startOf(e.obj);
    case 'call':
      return startOf(e.fn);
    default:
      return e;
  }
}
