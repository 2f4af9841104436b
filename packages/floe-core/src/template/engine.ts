/** The TemplateEngine: parse → AST → closures, a macro registry, and rendering with positioned errors. */
import type { Diagnostic } from '../errors/diagnostic';
import { FloeError, isFloeError } from '../errors/floe-error';
import type { Stmt } from './ast';
import { Compiler, type MacroDef } from './compile';
import { normalizeSource, releaseTokens, tokenize } from './lexer';
import { Parser } from './parser';
import { baseGlobals, builtinFile, macroNamespace, type Ctx, type Frame, Macro, type MacroLookup, ReturnSignal, type StmtFn, templateErrorCtx, wrapError } from './runtime';
import { diagnosticAt, type TemplateLocation, TemplateSyntaxError } from './template-error';

/** A parsed, compiled template. Opaque: render it with the engine that parsed it (or any engine). */
export interface Template {
  readonly file: string;
}

export class CompiledTemplate implements Template {
  constructor(
    readonly file: string,
    /** @internal */ readonly body: StmtFn,
  ) {}
}

export interface TemplateEngineOptions {
  /** Jinja's StrictUndefined: printing, iterating or testing an undefined value is an error. */
  strictUndefined?: boolean;
}

export interface TemplateEngine {
  /** Parses one template file. Never throws for user errors: returns diagnostics. */
  parse(source: string, file: string): { template?: Template; diagnostics: Diagnostic[] };
  /**
   * Parses a macro file and registers its {% macro %} and {% test %} blocks (duplicate names are
   * errors). With `packageName`, they belong to that dbt package: templates call them as
   * `<package>.<macro>` (see {@link TemplateEngine.packageMacros}), not by their bare name.
   */
  addMacroFile(source: string, file: string, packageName?: string): Diagnostic[];
  /**
   * The macros of a dbt package added with {@link TemplateEngine.addMacroFile}, by name, as
   * callable template values (a `{% test x %}` block as `test_x`, as in dbt); undefined for a
   * package with no macro files.
   */
  packageMacros(packageName: string): Readonly<Record<string, unknown>> | undefined;
  /**
   * Registers macros that ship with Floe or a target (dbt's cross-database macros and their
   * per-adapter versions). They sit under the project's: a project macro of the same name wins,
   * as a root-project macro does in dbt, and is not a duplicate. Their source is Floe's own,
   * so a syntax error in it is an internal error. It is parsed when a name is first not found
   * among the project's macros, so a project that uses none of them pays nothing. `origin`
   * (e.g. `floe/cross-database-macros.sql`) names it in diagnostics as `<origin>`.
   */
  addBuiltinMacros(source: string, origin: string): void;
  /** The registered macro of this name (the project's first, then the built-in ones), as a callable template value. */
  findMacro(name: string): unknown;
  /** The built-in macro of this name, whether or not the project has one too. */
  findBuiltinMacro(name: string): unknown;
  /** A registered {% macro %} with this name exists. */
  hasMacro(name: string): boolean;
  /** A registered {% test name(...) %} block exists (generic data test). */
  hasTest(name: string): boolean;
  /** Where a registered macro (or, with kind 'test', a test block) is defined. */
  macroLocation(name: string, kind?: 'macro' | 'test'): TemplateLocation | undefined;
  /** Renders. Throws FloeError (one positioned Diagnostic) on runtime errors. */
  render(template: Template, globals: Record<string, unknown>): string;
  /**
   * Calls a registered macro, or else a test block, directly (e.g. a custom generic test with
   * {model, column_name}); with `packageName`, one of that package's. `at` is reported as the
   * call site in error messages.
   */
  callMacro(name: string, args: unknown[], kwargs: Record<string, unknown>, globals: Record<string, unknown>, at?: TemplateLocation, packageName?: string): unknown;
}

interface Registered {
  def: MacroDef;
  macro: Macro;
}

export interface ParsedFile {
  stmts?: Stmt[];
  compiler: Compiler;
  diagnostics: Diagnostic[];
}

/** Tokenizes and parses a file; syntax errors become diagnostics. */
export function parseFile(source: string, file: string): ParsedFile {
  const compiler = new Compiler(file);
  try {
    const tokens = tokenize(normalizeSource(source), file);
    const parser = new Parser(tokens, file);
    const stmts = parser.parseTemplate();
    releaseTokens(tokens);
    return { stmts, compiler, diagnostics: parser.diagnostics };
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return { compiler, diagnostics: [e.diagnostic] };
    throw e;
  }
}

/** The {% macro %} and {% test %} blocks of a parsed file, in order. */
function* macroDefs(p: ParsedFile): Generator<MacroDef> {
  for (const s of p.stmts ?? []) if (s.k === 'macro') yield p.compiler.macroDef(s);
}

/** The macros and test blocks of the project, or of one dbt package. */
interface MacroTables {
  macros: Map<string, Registered>;
  tests: Map<string, Registered>;
  /** packageMacros()'s answer, made on first use. */
  namespace?: Record<string, Macro>;
}

class Engine implements TemplateEngine {
  /** The project's own macros and test blocks. */
  private readonly own: MacroTables = { macros: new Map(), tests: new Map() };
  private readonly packages = new Map<string, MacroTables>();
  /** The dbt package of each package macro file. */
  private readonly packageFiles = new Map<string, string>();
  private readonly packageOf = (file: string): string | undefined => this.packageFiles.get(file);
  private readonly builtins = new Map<string, Macro>();
  /** Built-in macro files not parsed yet: parsed on the first name the project's macros lack. */
  private pendingBuiltins: { source: string; file: string }[] = [];
  private readonly strict: boolean;
  private readonly lookup: MacroLookup;
  /** Compiled short templates without diagnostics, by file and source. */
  private readonly small = new Map<string, CompiledTemplate>();

  constructor(options: TemplateEngineOptions) {
    this.strict = options.strictUndefined === true;
    this.lookup = {
      macro: (name) => this.findMacro(name),
      names: () => this.own.macros.keys(),
    };
  }

  parse(source: string, file: string): { template?: Template; diagnostics: Diagnostic[] } {
    // Short templates repeat (test arguments such as `{{ ref('customers') }}` in one property
    // file): compiled templates are immutable, so an identical (file, source) reuses the first.
    const key = source.length <= SMALL_TEMPLATE ? `${file}\u0000${source}` : undefined;
    if (key !== undefined) {
      const hit = this.small.get(key);
      if (hit) return { template: hit, diagnostics: [] };
    }
    const p = parseFile(source, file);
    if (!p.stmts || p.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: p.diagnostics };
    const template = new CompiledTemplate(file, p.compiler.body(p.stmts));
    if (key !== undefined && p.diagnostics.length === 0) {
      if (this.small.size >= SMALL_CACHE_MAX) this.small.clear();
      this.small.set(key, template);
    }
    return { template, diagnostics: p.diagnostics };
  }

  addMacroFile(source: string, file: string, packageName?: string): Diagnostic[] {
    const p = parseFile(source, file);
    const diags = [...p.diagnostics];
    let tables = this.own;
    if (packageName !== undefined) {
      let pkg = this.packages.get(packageName);
      if (!pkg) this.packages.set(packageName, (pkg = { macros: new Map(), tests: new Map() }));
      pkg.namespace = undefined;
      tables = pkg;
      this.packageFiles.set(file, packageName);
    }
    for (const def of macroDefs(p)) {
      const table = def.isTest ? tables.tests : tables.macros;
      const prev = table.get(def.name);
      if (prev) {
        const kind = def.isTest ? 'test' : 'macro';
        diags.push(
          diagnosticAt('FLOE_MACRO_DUPLICATE', `${kind} '${def.name}' is defined twice`, def.at, `the first definition is at ${prev.def.at.file}:${prev.def.at.line}:${prev.def.at.column}; rename or remove one`),
        );
        continue;
      }
      table.set(def.name, { def, macro: def.make(null) });
    }
    return diags;
  }

  addBuiltinMacros(source: string, origin: string): void {
    this.pendingBuiltins.push({ source, file: builtinFile(origin) });
  }

  private parsePendingBuiltins(): void {
    const pending = this.pendingBuiltins;
    this.pendingBuiltins = [];
    for (const { source, file } of pending) {
      const p = parseFile(source, file);
      const error = p.diagnostics.find((d) => d.severity === 'error');
      if (!p.stmts || error) throw new FloeError('FLOE_INTERNAL', `built-in macros in ${file} do not parse: ${error?.message ?? 'no statements'}`);
      for (const def of macroDefs(p)) this.builtins.set(def.name, def.make(null));
    }
  }

  findMacro(name: string): Macro | undefined {
    return this.own.macros.get(name)?.macro ?? (name.startsWith('test_') ? this.own.tests.get(name.slice(5))?.macro : undefined) ?? this.findBuiltinMacro(name);
  }

  findBuiltinMacro(name: string): Macro | undefined {
    if (this.pendingBuiltins.length > 0) this.parsePendingBuiltins();
    return this.builtins.get(name);
  }

  hasMacro(name: string): boolean {
    return this.own.macros.has(name);
  }

  hasTest(name: string): boolean {
    return this.own.tests.has(name);
  }

  packageMacros(packageName: string): Readonly<Record<string, Macro>> | undefined {
    const pkg = this.packages.get(packageName);
    if (!pkg) return undefined;
    if (!pkg.namespace) {
      const ns: Record<string, Macro> = macroNamespace({});
      for (const [name, reg] of pkg.tests) ns[`test_${name}`] = reg.macro;
      for (const [name, reg] of pkg.macros) ns[name] = reg.macro;
      pkg.namespace = ns;
    }
    return pkg.namespace;
  }

  macroLocation(name: string, kind: 'macro' | 'test' = 'macro'): TemplateLocation | undefined {
    return (kind === 'test' ? this.own.tests : this.own.macros).get(name)?.def.at;
  }

  private context(globals: Record<string, unknown>): Ctx {
    // Globals built on a createGlobalScope() scope already chain to BASE: use them as the frame
    // as they are (rendering never writes to the globals frame), which saves a copy per render.
    const proto: unknown = Object.getPrototypeOf(globals);
    const g: Frame = proto !== null && SCOPES.has(proto as object) ? globals : Object.assign(Object.create(BASE) as Frame, globals);
    return { strict: this.strict, globals: g, macros: this.lookup, stack: [], packageOf: this.packageOf };
  }

  render(template: Template, globals: Record<string, unknown>): string {
    if (!(template instanceof CompiledTemplate)) throw new FloeError('FLOE_INTERNAL', 'render() needs a Template returned by parse()');
    const ctx = this.context(globals);
    const root: Frame = Object.create(ctx.globals);
    let out: string;
    try {
      out = template.body(ctx, root);
    } catch (e) {
      throw finish(ctx, e, { file: template.file, line: 1, column: 1 });
    }
    // Output is built with += (a rope of many small string nodes). Any search flattens it in place
    // in V8, so callers that keep rendered SQL hold one flat string, not the rope (about half the
    // memory for 10k models); the later search for placeholders would have flattened it anyway.
    void out.indexOf('\u0000');
    return out;
  }

  callMacro(name: string, args: unknown[], kwargs: Record<string, unknown>, globals: Record<string, unknown>, at?: TemplateLocation, packageName?: string): unknown {
    const t = packageName === undefined ? this.own : this.packages.get(packageName);
    const reg = t?.macros.get(name) ?? t?.tests.get(name) ?? (name.startsWith('test_') ? t?.tests.get(name.slice(5)) : undefined);
    if (!reg) {
      const message = `no macro or test block named '${packageName === undefined ? '' : `${packageName}.`}${name}'`;
      throw new FloeError('FLOE_MACRO_UNKNOWN', message, { diagnostics: [{ code: 'FLOE_MACRO_UNKNOWN', severity: 'error', message, ...(at ?? {}) }] });
    }
    const ctx = this.context(globals);
    try {
      return reg.macro.invoke(ctx, [...args], Object.keys(kwargs).length > 0 ? { ...kwargs } : null, at);
    } catch (e) {
      throw finish(ctx, e, reg.def.at);
    }
  }
}

const BASE = baseGlobals();
/** Sources up to this length are cached by parse(); the cache is cleared when it holds SMALL_CACHE_MAX. */
const SMALL_TEMPLATE = 96;
const SMALL_CACHE_MAX = 4096;
const SCOPES = new WeakSet<object>();

/**
 * A reusable scope of globals shared by many renders (functions and values that do not change
 * per render). Per-render globals created with `Object.create(scope)` and given own properties
 * render exactly like a plain object holding both, but the engine uses them without copying.
 * Own properties of the per-render object shadow the scope's; the scope's shadow the engine's
 * builtins (range, dict, namespace, return). Rendering never mutates either object.
 */
export function createGlobalScope(values: Record<string, unknown>): Record<string, unknown> {
  const scope = Object.assign(Object.create(BASE) as Frame, values);
  SCOPES.add(scope);
  return scope;
}

function finish(ctx: Ctx, e: unknown, at: TemplateLocation): unknown {
  if (e instanceof ReturnSignal) return templateErrorCtx(ctx, 'FLOE_TEMPLATE_ERROR', 'return() used outside a macro', e.at, 'return() only works inside {% macro %} blocks');
  if (isFloeError(e)) return e;
  const w = wrapError(ctx, e, at);
  return isFloeError(w) ? w : new FloeError('FLOE_INTERNAL', 'unexpected template control flow');
}

export function createTemplateEngine(options: TemplateEngineOptions = {}): TemplateEngine {
  return new Engine(options);
}
