/** AST of the Jinja subset. Every node keeps the 1-based line/column where it starts in the original file. */

interface At {
  line: number;
  col: number;
}

export type Expr =
  | (At & { k: 'const'; value: unknown })
  | (At & { k: 'name'; name: string })
  | (At & { k: 'list'; items: Expr[] })
  | (At & { k: 'tuple'; items: Expr[] })
  | (At & { k: 'dict'; keys: Expr[]; values: Expr[] })
  | (At & { k: 'getattr'; obj: Expr; attr: string })
  | (At & { k: 'getitem'; obj: Expr; index: Expr })
  | (At & { k: 'slice'; obj: Expr; start?: Expr; stop?: Expr; step?: Expr })
  | (At & { k: 'call'; fn: Expr; args: Expr[]; kwargs: KwArg[]; starArgs?: Expr; starKwargs?: Expr })
  | (At & { k: 'filter'; node: Expr; name: string; args: Expr[]; kwargs: KwArg[] })
  | (At & { k: 'test'; node: Expr; name: string; args: Expr[]; kwargs: KwArg[]; negated: boolean })
  | (At & { k: 'bin'; op: BinOp; left: Expr; right: Expr })
  | (At & { k: 'compare'; left: Expr; ops: CompareOp[]; rights: Expr[] })
  | (At & { k: 'and' | 'or'; left: Expr; right: Expr })
  | (At & { k: 'not' | 'neg' | 'pos'; node: Expr })
  | (At & { k: 'cond'; test: Expr; then: Expr; else?: Expr });

export type BinOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin';

export interface KwArg {
  name: string;
  value: Expr;
}

export interface Param {
  name: string;
  default?: Expr;
}

/** Assignment target: a name, a tuple of targets, or `ns.attr` (namespace objects). */
export type Target =
  | (At & { k: 'name'; name: string })
  | (At & { k: 'tuple'; items: Target[] })
  | (At & { k: 'attr'; obj: string; attr: string });

export type Stmt =
  | (At & { k: 'text'; text: string })
  | (At & { k: 'print'; expr: Expr })
  | (At & { k: 'if'; test: Expr; body: Stmt[]; else: Stmt[] })
  | (At & { k: 'for'; target: Target; iter: Expr; body: Stmt[]; else: Stmt[]; filter?: Expr })
  | (At & { k: 'set'; target: Target; expr: Expr })
  | (At & { k: 'setblock'; target: Target; body: Stmt[]; filters: FilterCall[] })
  | (At & { k: 'do'; expr: Expr })
  | (At & { k: 'macro'; name: string; params: Param[]; body: Stmt[]; isTest: boolean })
  | (At & { k: 'callblock'; call: Expr; params: Param[]; body: Stmt[] })
  | (At & { k: 'filterblock'; filters: FilterCall[]; body: Stmt[] })
  | (At & { k: 'break' | 'continue' })
  | (At & { k: 'block'; kind: 'snapshot' | 'docs'; name: string; body: Stmt[]; bodyStart: number; bodyEnd: number; bodyLine: number; bodyCol: number });

export interface FilterCall extends At {
  name: string;
  args: Expr[];
  kwargs: KwArg[];
}
