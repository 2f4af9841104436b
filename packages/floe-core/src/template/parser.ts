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
import type { Token } from './lexer';
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
const CONSTS: Record<string, unknown> = { true: true, false: false, none: null, True: true, False: false, None: null };

interface Open {
  tag: string;
  line: number;
  col: number;
}

export class Parser {
  private i = 0;
  readonly diagnostics: Diagnostic[] = [];
  private loopDepth = 0;
  private readonly open: Open[] = [];

  constructor(private readonly toks: Token[], private readonly file: string) {}

  parseTemplate(): Stmt[] {
    return this.subparse(null)[0];
  }

  // ---------------------------------------------------------------- helpers
  private get cur(): Token {
    return this.toks[this.i] as Token;
  }
  /** Not narrowed by TypeScript across next() calls, unlike `this.cur.type`. */
  private curType(): string {
    return this.cur.type;
  }
  private peek(n = 1): Token {
    return (this.toks[this.i + n] ?? this.toks[this.toks.length - 1]) as Token;
  }
  private next(): Token {
    return this.toks[this.i++] as Token;
  }
  private fail(msg: string, t: { line: number; col: number }, hint?: string): never {
    throw new TemplateSyntaxError(msg, { file: this.file, line: t.line, column: t.col }, hint);
  }
  private isOp(v: string, t: Token = this.cur): boolean {
    return t.type === 'op' && t.value === v;
  }
  private isName(v: string, t: Token = this.cur): boolean {
    return t.type === 'name' && t.value === v;
  }
  private describe(t: Token): string {
    switch (t.type) {
      case 'eof': return 'end of template';
      case 'block_end': return "'%}'";
      case 'var_end': return "'}}'";
      case 'data': return 'template text';
      case 'string': return 'a string';
      default: return `'${String(t.value)}'`;
    }
  }
  private expectOp(v: string): Token {
    if (!this.isOp(v)) this.fail(`expected '${v}' but found ${this.describe(this.cur)}`, this.cur);
    return this.next();
  }
  private expectName(what = 'a name'): Token {
    if (this.cur.type !== 'name') this.fail(`expected ${what} but found ${this.describe(this.cur)}`, this.cur);
    return this.next();
  }
  private expectBlockEnd(): Token {
    if (this.cur.type !== 'block_end') this.fail(`expected '%}' but found ${this.describe(this.cur)}`, this.cur, 'check the statement syntax; each {% ... %} tag holds one statement');
    return this.next();
  }
  private unsupported(msg: string, t: { line: number; col: number }, hint?: string): void {
    this.diagnostics.push(diagnosticAt('FLOE_TEMPLATE_UNSUPPORTED', msg, { file: this.file, line: t.line, column: t.col }, hint));
  }

  // ------------------------------------------------------------- statements
  /** Parses until one of `ends` opens a tag; returns the body and the end tag name (the tag's name token is consumed). */
  private subparse(ends: string[] | null): [Stmt[], string] {
    const body: Stmt[] = [];
    while (true) {
      const t = this.cur;
      if (t.type === 'eof') {
        if (ends) {
          const o = this.open[this.open.length - 1] as Open;
          this.fail(`unclosed {% ${o.tag} %} block`, o, `add {% ${ends[ends.length - 1]} %}`);
        }
        return [body, ''];
      }
      if (t.type === 'data') {
        this.next();
        body.push({ k: 'text', text: t.value as string, line: t.line, col: t.col });
      } else if (t.type === 'var_begin') {
        this.next();
        const expr = this.parseTuple();
        if (this.cur.type !== 'var_end') this.fail(`expected '}}' but found ${this.describe(this.cur)}`, this.cur);
        this.next();
        body.push({ k: 'print', expr, line: t.line, col: t.col });
      } else if (t.type === 'block_begin') {
        const nameTok = this.peek();
        if (nameTok.type !== 'name') this.fail('expected a statement name after {%', nameTok);
        const name = nameTok.value as string;
        if (ends && ends.includes(name)) {
          this.i += 2;
          return [body, name];
        }
        if (END_TAGS.has(name)) {
          const o = this.open[this.open.length - 1];
          this.fail(
            `unexpected {% ${name} %}`,
            t,
            o ? `the innermost open block is {% ${o.tag} %} at line ${o.line}, column ${o.col}; close it with {% ${(ends ?? [])[ends ? ends.length - 1 : 0]} %}` : `remove it or add the matching opening tag`,
          );
        }
        const s = this.parseStatement(t);
        if (s) body.push(s);
      } else {
        this.fail(`unexpected ${this.describe(t)}`, t);
      }
    }
  }

  private body(tag: string, begin: Token, ends: string[]): [Stmt[], string] {
    this.open.push({ tag, line: begin.line, col: begin.col });
    const r = this.subparse(ends);
    this.open.pop();
    return r;
  }

  private parseStatement(begin: Token): Stmt | undefined {
    const nameTok = this.next(); // block_begin
    void nameTok;
    const kw = this.next();
    const name = kw.value as string;
    const at = { line: begin.line, col: begin.col };
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
        const [body] = this.body('filter', begin, ['endfilter']);
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
        const [body] = this.body(name, begin, [`end${name}`]);
        const endBegin = this.toks[this.i - 2] as Token;
        this.expectBlockEnd();
        return { k: 'block', kind: name, name: n.value as string, body, bodyStart: open.end, bodyEnd: endBegin.offset, bodyLine: open.line, bodyCol: open.col + (open.end - open.offset), ...at };
      }
      default:
        this.skipUnsupported(name, begin);
        return undefined;
    }
  }

  private skipUnsupported(name: string, begin: Token): void {
    this.unsupported(`{% ${name} %} is not supported by Floe's template engine`, begin, UNSUPPORTED_HINTS[name] ?? 'supported statements: if, for, set, do, macro, call, filter, test, snapshot, docs, raw');
    const hasEnd = UNSUPPORTED_BLOCKS.has(name);
    while (this.curType() !== 'block_end' && this.curType() !== 'eof') this.next();
    if (this.curType() === 'eof') return;
    this.next();
    if (!hasEnd) return;
    let depth = 1;
    while (this.curType() !== 'eof') {
      const t = this.next();
      if (t.type === 'block_begin' && this.curType() === 'name') {
        if (this.cur.value === name) depth++;
        else if (this.cur.value === `end${name}`) depth--;
        if (depth === 0) {
          while (this.curType() !== 'block_end' && this.curType() !== 'eof') this.next();
          if (this.curType() === 'block_end') this.next();
          return;
        }
      }
    }
  }

  private parseIf(begin: Token): Stmt {
    const test = this.parseExpression();
    this.expectBlockEnd();
    const [body, end] = this.body('if', begin, ['elif', 'else', 'endif']);
    const node: Stmt = { k: 'if', test, body, else: [], line: begin.line, col: begin.col };
    if (end === 'elif') {
      node.else = [this.parseIf(begin)];
      return node;
    }
    if (end === 'else') {
      this.expectBlockEnd();
      const [eb] = this.body('if', begin, ['endif']);
      node.else = eb;
    }
    this.expectBlockEnd();
    return node;
  }

  private parseFor(begin: Token): Stmt {
    const target = this.parseAssignTarget(true);
    if (!this.isName('in')) this.fail(`expected 'in' but found ${this.describe(this.cur)}`, this.cur);
    this.next();
    const iter = this.parseTuple(false, false);
    let filter: Expr | undefined;
    if (this.isName('if')) {
      this.next();
      filter = this.parseExpression();
    }
    if (this.isName('recursive')) {
      this.unsupported('recursive for loops are not supported', this.cur);
      this.next();
    }
    this.expectBlockEnd();
    this.loopDepth++;
    const [body, end] = this.body('for', begin, ['else', 'endfor']);
    this.loopDepth--;
    let elseBody: Stmt[] = [];
    if (end === 'else') {
      this.expectBlockEnd();
      elseBody = this.body('for', begin, ['endfor'])[0];
    }
    this.expectBlockEnd();
    const node: Stmt = { k: 'for', target, iter, body, else: elseBody, line: begin.line, col: begin.col };
    if (filter) node.filter = filter;
    return node;
  }

  private parseSet(begin: Token): Stmt {
    const target = this.parseAssignTarget(true, true);
    const at = { line: begin.line, col: begin.col };
    if (this.isOp('=')) {
      this.next();
      const expr = this.parseTuple();
      this.expectBlockEnd();
      return { k: 'set', target, expr, ...at };
    }
    const filters = this.isOp('|') ? this.parseFilterChain(true) : [];
    this.expectBlockEnd();
    const [body] = this.body('set', begin, ['endset']);
    this.expectBlockEnd();
    return { k: 'setblock', target, body, filters, ...at };
  }

  private parseMacro(begin: Token, isTest: boolean): Stmt {
    const n = this.expectName(isTest ? 'a test name' : 'a macro name');
    const params = this.parseParams();
    this.expectBlockEnd();
    const endTag = isTest ? 'endtest' : 'endmacro';
    const saved = this.loopDepth;
    this.loopDepth = 0;
    const [body] = this.body(isTest ? 'test' : 'macro', begin, [endTag]);
    this.loopDepth = saved;
    // Jinja allows `{% endmacro name %}`.
    if (this.cur.type === 'name') this.next();
    this.expectBlockEnd();
    return { k: 'macro', name: n.value as string, params, body, isTest, line: begin.line, col: begin.col };
  }

  private parseParams(): Param[] {
    const params: Param[] = [];
    if (!this.isOp('(')) return params;
    this.next();
    while (!this.isOp(')')) {
      if (params.length > 0) this.expectOp(',');
      if (this.isOp(')')) break;
      const n = this.expectName('a parameter name');
      const p: Param = { name: n.value as string };
      if (this.isOp('=')) {
        this.next();
        p.default = this.parseExpression();
      } else if (params.some((q) => q.default)) {
        this.fail(`parameter '${p.name}' without a default follows a parameter with a default`, n);
      }
      params.push(p);
    }
    this.next();
    return params;
  }

  private parseCallBlock(begin: Token): Stmt {
    const params = this.isOp('(') ? this.parseParams() : [];
    const call = this.parseExpression();
    if (call.k !== 'call') this.fail('{% call %} expects a macro call', call);
    this.expectBlockEnd();
    const [body] = this.body('call', begin, ['endcall']);
    this.expectBlockEnd();
    return { k: 'callblock', call, params, body, line: begin.line, col: begin.col };
  }

  private parseFilterChain(leadingPipe: boolean): FilterCall[] {
    const out: FilterCall[] = [];
    let first = !leadingPipe;
    while (first || this.isOp('|')) {
      if (!first) this.next();
      first = false;
      const f = this.parseFilterCall();
      out.push(f);
    }
    return out;
  }

  private parseFilterCall(): FilterCall {
    const n = this.expectName('a filter name');
    let name = n.value as string;
    while (this.isOp('.')) {
      this.next();
      name += '.' + (this.expectName('a filter name').value as string);
    }
    this.checkKnown('filter', name, n);
    const f: FilterCall = { name, args: [], kwargs: [], line: n.line, col: n.col };
    if (this.isOp('(')) {
      const [args, kwargs] = this.parseCallArgs();
      f.args = args;
      f.kwargs = kwargs;
    }
    return f;
  }

  private checkKnown(kind: 'filter' | 'test', name: string, t: Token): void {
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
        this.next();
        return { k: 'tuple', items, line: t.line, col: t.col };
      }
      const n = this.expectName('a variable name');
      if (allowAttr && this.isOp('.')) {
        this.next();
        const a = this.expectName('an attribute name');
        return { k: 'attr', obj: n.value as string, attr: a.value as string, line: n.line, col: n.col };
      }
      if (n.value in CONSTS) this.fail(`cannot assign to '${String(n.value)}'`, n);
      return { k: 'name', name: n.value as string, line: n.line, col: n.col };
    };
    const first = parseOne();
    if (!allowTuple || !this.isOp(',')) return first;
    const items: Target[] = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.cur.type !== 'name' && !this.isOp('(')) break;
      items.push(parseOne());
    }
    return { k: 'tuple', items, line: first.line, col: first.col };
  }

  // ------------------------------------------------------------ expressions
  /** An expression or an unparenthesized tuple (`a, b`). */
  parseTuple(withCondexpr = true, allowEmpty = false): Expr {
    const start = this.cur;
    const items: Expr[] = [];
    let isTuple = false;
    while (true) {
      if (items.length > 0) {
        if (!this.isOp(',')) break;
        this.next();
        isTuple = true;
      }
      const t = this.cur;
      if (t.type === 'var_end' || t.type === 'block_end' || (t.type === 'name' && (t.value === 'if' || t.value === 'recursive') && !withCondexpr) || this.isOp(')')) {
        if (items.length === 0 && !allowEmpty) this.fail(`expected an expression but found ${this.describe(t)}`, t);
        break;
      }
      items.push(withCondexpr ? this.parseExpression() : this.parseOr());
    }
    if (!isTuple && items.length === 1) return items[0] as Expr;
    return { k: 'tuple', items, line: start.line, col: start.col };
  }

  parseExpression(): Expr {
    const expr = this.parseOr();
    if (this.isName('if')) {
      const t = this.next();
      const test = this.parseOr();
      const node: Expr = { k: 'cond', test, then: expr, line: t.line, col: t.col };
      if (this.isName('else')) {
        this.next();
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
      left = { k: 'or', left, right: this.parseAnd(), line: t.line, col: t.col };
    }
    return left;
  }

  /**
   * Fast path: a lone literal or name directly followed by a token that ends an expression
   * (`,` `)` `]` `}` `:` `%}` `}}`) parses to exactly what the full precedence chain would
   * produce, without descending through a dozen levels. Most call arguments and list items are like this.
   */
  private simpleOperand(): Expr | undefined {
    const t = this.cur;
    const ty = t.type;
    if (ty !== 'string' && ty !== 'name' && ty !== 'int' && ty !== 'float') return undefined;
    if (!this.endsExpression(this.toks[this.i + 1])) return undefined;
    if (ty === 'name') {
      const v = t.value as string;
      // `not` is an operator; the others are names or constants as in parsePrimary.
      if (v === 'not') return undefined;
      this.i++;
      if (v in CONSTS) return { k: 'const', value: CONSTS[v], line: t.line, col: t.col };
      return { k: 'name', name: v, line: t.line, col: t.col };
    }
    this.i++;
    return { k: 'const', value: t.value, line: t.line, col: t.col };
  }

  /**
   * Second fast path: an operand with postfixes, filters and tests (`ref('x')`, `a.b | f`) that
   * ends the expression. Every precedence level would first parse exactly this parseUnary(true)
   * and then find no operator, so the result is the same. Otherwise rewind (dropping diagnostics
   * the attempt added, which the full parse adds again) and take the full chain.
   */
  private unaryOperand(): Expr | undefined {
    const t = this.cur;
    if (t.type === 'name' && t.value === 'not') return undefined;
    const start = this.i;
    const nDiags = this.diagnostics.length;
    const node = this.parseUnary(true);
    if (this.endsExpression(this.cur)) return node;
    this.i = start;
    this.diagnostics.length = nDiags;
    return undefined;
  }

  /** Tokens that can follow a complete expression but never continue one. */
  private endsExpression(nx: Token | undefined): boolean {
    if (!nx) return false;
    if (nx.type === 'op') {
      const v = nx.value;
      return v === ',' || v === ')' || v === ']' || v === '}' || v === ':';
    }
    return nx.type === 'var_end' || nx.type === 'block_end';
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const t = this.next();
      left = { k: 'and', left, right: this.parseNot(), line: t.line, col: t.col };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const t = this.next();
      return { k: 'not', node: this.parseNot(), line: t.line, col: t.col };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const left = this.parseMath1();
    const ops: CompareOp[] = [];
    const rights: Expr[] = [];
    let first: Token | undefined;
    while (true) {
      const t = this.cur;
      let op: CompareOp | undefined;
      if (t.type === 'op' && (t.value === '==' || t.value === '!=' || t.value === '<' || t.value === '<=' || t.value === '>' || t.value === '>=')) {
        op = t.value;
        this.next();
      } else if (this.isName('in')) {
        op = 'in';
        this.next();
      } else if (this.isName('not') && this.isName('in', this.peek())) {
        op = 'notin';
        this.i += 2;
      } else break;
      first ??= t;
      ops.push(op);
      rights.push(this.parseMath1());
    }
    if (!first) return left;
    return { k: 'compare', left, ops, rights, line: first.line, col: first.col };
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { k: 'bin', op: t.value as '+' | '-', left, right: this.parseConcat(), line: t.line, col: t.col };
    }
    return left;
  }

  private parseConcat(): Expr {
    let left = this.parseMath2();
    while (this.isOp('~')) {
      const t = this.next();
      left = { k: 'bin', op: '~', left, right: this.parseMath2(), line: t.line, col: t.col };
    }
    return left;
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const t = this.next();
      left = { k: 'bin', op: t.value as '*', left, right: this.parsePow(), line: t.line, col: t.col };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary(true);
    while (this.isOp('**')) {
      const t = this.next();
      left = { k: 'bin', op: '**', left, right: this.parseUnary(true), line: t.line, col: t.col };
    }
    return left;
  }

  private parseUnary(withFilter: boolean): Expr {
    const t = this.cur;
    let node: Expr;
    if (this.isOp('-')) {
      this.next();
      node = { k: 'neg', node: this.parseUnary(false), line: t.line, col: t.col };
    } else if (this.isOp('+')) {
      this.next();
      node = { k: 'pos', node: this.parseUnary(false), line: t.line, col: t.col };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  private parsePrimary(): Expr {
    const t = this.cur;
    switch (t.type) {
      case 'name': {
        this.next();
        const v = t.value as string;
        if (v in CONSTS) return { k: 'const', value: CONSTS[v], line: t.line, col: t.col };
        return { k: 'name', name: v, line: t.line, col: t.col };
      }
      case 'string': {
        this.next();
        let s = t.value as string;
        while (this.cur.type === 'string') s += this.next().value as string;
        return { k: 'const', value: s, line: t.line, col: t.col };
      }
      case 'int':
      case 'float':
        this.next();
        return { k: 'const', value: t.value, line: t.line, col: t.col };
      case 'op':
        if (t.value === '(') {
          this.next();
          const e = this.parseTuple(true, true);
          this.expectOp(')');
          // `(a)` is a, `(a,)` and `()` are tuples: parseTuple already decided.
          return e;
        }
        if (t.value === '[') {
          this.next();
          const items: Expr[] = [];
          while (!this.isOp(']')) {
            if (items.length > 0) this.expectOp(',');
            if (this.isOp(']')) break;
            items.push(this.parseExpression());
          }
          this.next();
          return { k: 'list', items, line: t.line, col: t.col };
        }
        if (t.value === '{') {
          this.next();
          const keys: Expr[] = [];
          const values: Expr[] = [];
          while (!this.isOp('}')) {
            if (keys.length > 0) this.expectOp(',');
            if (this.isOp('}')) break;
            keys.push(this.parseExpression());
            this.expectOp(':');
            values.push(this.parseExpression());
          }
          this.next();
          return { k: 'dict', keys, values, line: t.line, col: t.col };
        }
        break;
      default:
        break;
    }
    return this.fail(`expected an expression but found ${this.describe(t)}`, t);
  }

  private parsePostfix(node: Expr): Expr {
    while (true) {
      const t = this.cur;
      if (this.isOp('.')) {
        this.next();
        const a = this.cur;
        if (a.type === 'name') {
          this.next();
          node = { k: 'getattr', obj: node, attr: a.value as string, line: a.line, col: a.col };
        } else if (a.type === 'int') {
          this.next();
          node = { k: 'getitem', obj: node, index: { k: 'const', value: a.value, line: a.line, col: a.col }, line: a.line, col: a.col };
        } else this.fail(`expected an attribute name after '.' but found ${this.describe(a)}`, a);
      } else if (this.isOp('[')) {
        this.next();
        node = this.parseSubscript(node, t);
      } else if (this.isOp('(')) {
        node = this.parseCall(node);
      } else return node;
    }
  }

  private parseSubscript(obj: Expr, t: Token): Expr {
    const parts: (Expr | undefined)[] = [];
    let isSlice = false;
    let curPart: Expr | undefined;
    while (!this.isOp(']')) {
      if (this.isOp(':')) {
        this.next();
        isSlice = true;
        parts.push(curPart);
        curPart = undefined;
        continue;
      }
      if (curPart) this.fail(`expected ']' but found ${this.describe(this.cur)}`, this.cur);
      curPart = this.parseExpression();
      if (this.isOp(',')) this.fail('tuple subscripts are not supported', this.cur);
    }
    this.next();
    parts.push(curPart);
    if (!isSlice) {
      if (!curPart) this.fail('expected a subscript expression', t);
      return { k: 'getitem', obj, index: curPart as Expr, line: t.line, col: t.col };
    }
    if (parts.length > 3) this.fail('invalid slice', t);
    const node: Expr = { k: 'slice', obj, line: t.line, col: t.col };
    if (parts[0]) node.start = parts[0];
    if (parts[1]) node.stop = parts[1];
    if (parts[2]) node.step = parts[2];
    return node;
  }

  private parseCall(fn: Expr): Expr {
    const [args, kwargs, starArgs, starKwargs] = this.parseCallArgs();
    const start = startOf(fn);
    const node: Expr = { k: 'call', fn, args, kwargs, line: start.line, col: start.col };
    if (starArgs) node.starArgs = starArgs;
    if (starKwargs) node.starKwargs = starKwargs;
    return node;
  }

  private parseCallArgs(): [Expr[], KwArg[], Expr | undefined, Expr | undefined] {
    this.expectOp('(');
    const args: Expr[] = [];
    const kwargs: KwArg[] = [];
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
        this.next();
        starArgs = this.parseExpression();
      } else if (this.isOp('**')) {
        this.next();
        starKwargs = this.parseExpression();
      } else if (this.cur.type === 'name' && this.isOp('=', this.peek())) {
        const n = this.next();
        this.next();
        kwargs.push({ name: n.value as string, value: this.parseExpression() });
      } else {
        if (kwargs.length > 0) this.fail('positional argument follows keyword argument', this.cur);
        args.push(this.parseExpression());
      }
    }
    this.next();
    return [args, kwargs, starArgs, starKwargs];
  }

  private parseFilterExpr(node: Expr): Expr {
    while (true) {
      if (this.isOp('|')) {
        this.next();
        const f = this.parseFilterCall();
        node = { k: 'filter', node, name: f.name, args: f.args, kwargs: f.kwargs, line: f.line, col: f.col };
      } else if (this.isName('is')) {
        this.next();
        let negated = false;
        if (this.isName('not')) {
          this.next();
          negated = true;
        }
        const n = this.cur;
        let name: string;
        if (n.type === 'name') name = n.value as string;
        else if (n.type === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(n.value as string)) name = n.value as string;
        else return this.fail(`expected a test name after 'is' but found ${this.describe(n)}`, n);
        this.next();
        while (this.isOp('.')) {
          this.next();
          name += '.' + (this.expectName('a test name').value as string);
        }
        this.checkKnown('test', name, n);
        let args: Expr[] = [];
        let kwargs: KwArg[] = [];
        const c = this.cur;
        if (this.isOp('(')) {
          [args, kwargs] = this.parseCallArgs();
        } else if (
          (c.type === 'name' || c.type === 'string' || c.type === 'int' || c.type === 'float' || this.isOp('[') || this.isOp('{')) &&
          !(c.type === 'name' && (c.value === 'else' || c.value === 'or' || c.value === 'and' || c.value === 'if' || c.value === 'is'))
        ) {
          args = [this.parsePostfix(this.parsePrimary())];
        }
        node = { k: 'test', node, name, args, kwargs, negated, line: n.line, col: n.col };
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
