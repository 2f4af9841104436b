import { FloeError, type SourcePosition } from '../errors';
import type { Dialect } from '../plugin/dialect';
import { macroNamespace, withCallSite } from '../template';
import { CROSS_DATABASE_MACRO_NAMES, CROSS_DATABASE_MACROS_ORIGIN, GLOBAL_MACRO_NAMES, crossDatabaseMacros } from './cross-db-macros';

/** What dispatch needs of the template engine: find a macro by name, add Floe's and targets' own. */
export interface MacroSource {
  findMacro(name: string): unknown;
  findBuiltinMacro(name: string): unknown;
  addBuiltinMacros(source: string, origin: string): void;
  hasMacro(name: string): boolean;
  packageMacros(packageName: string): Readonly<Record<string, unknown>> | undefined;
}

/** The project's dbt packages as dispatch sees them. */
export interface PackageScope {
  /** The root project's name (a search_order may name it). */
  project: string;
  /** Installed dbt packages. */
  packages: readonly string[];
  /** dbt_project.yml `dispatch:`: namespace -> search order. */
  dispatch: Readonly<Record<string, readonly string[]>>;
}

const NO_PACKAGES: PackageScope = { project: '', packages: [], dispatch: {} };

function dispatchError(message: string, at: SourcePosition, hint: string): FloeError {
  const code = 'FLOE_MACRO_UNKNOWN';
  return new FloeError(code, message, { diagnostics: [{ code, severity: 'error', message, ...at, hint }] });
}

/**
 * The built-in macros of one compile: dbt's cross-database macros and each target dialect's
 * own versions of them. `register` adds them for a dialect (the project's at the start of a
 * compile; another compute's on its first dispatch).
 */
export class BuiltinMacros {
  private crossDatabase = false;
  private readonly dialects = new WeakSet<Dialect>();
  private dbtNamespace: Record<string, unknown> | undefined;

  constructor(
    private readonly engine: MacroSource,
    private readonly scope: PackageScope = NO_PACKAGES,
  ) {}

  private ensureCrossDatabase(): void {
    if (this.crossDatabase) return;
    this.crossDatabase = true;
    this.engine.addBuiltinMacros(crossDatabaseMacros(), CROSS_DATABASE_MACROS_ORIGIN);
  }

  /** Registers the cross-database macros and, once per dialect, the dialect's own. */
  register(dialect: Dialect): void {
    this.ensureCrossDatabase();
    if (this.dialects.has(dialect)) return;
    this.dialects.add(dialect);
    if (dialect.macros) this.engine.addBuiltinMacros(dialect.macros, `${dialect.name}/macros.sql`);
  }

  /**
   * dbt's `adapter.dispatch(macro_name, macro_namespace)`: the first of `<dialect>__<name>` and
   * `default__<name>` found in the packages searched, in order. As in dbt: a namespace with a
   * `dispatch:` entry in dbt_project.yml is searched in its `search_order`; an installed package's
   * namespace in the project and then the package; any other namespace (none, `dbt`, a package that
   * is not installed) in the project, then in what ships with Floe and the target.
   */
  dispatcher(dialect: () => Dialect): (at: SourcePosition, ...args: unknown[]) => unknown {
    return withCallSite((at: SourcePosition, macroName?: unknown, namespace?: unknown) => {
      const d = dialect();
      this.register(d);
      const name = typeof macroName === 'string' ? macroName : '';
      if (name === '') throw dispatchError('adapter.dispatch() needs a macro name', at, "Call it as adapter.dispatch('my_macro')(args).");
      const dot = name.indexOf('.');
      if (dot >= 0) {
        throw dispatchError(`adapter.dispatch(): got the macro name "${name}", but a name may not contain "."`, at, `Pass the namespace separately: adapter.dispatch('${name.slice(dot + 1)}', '${name.slice(0, dot)}').`);
      }
      const ns = typeof namespace === 'string' ? namespace : '';
      const candidates = [`${d.name}__${name}`, `default__${name}`];
      const order = this.searchOrder(ns);
      for (const pkg of order ?? [undefined]) {
        for (const candidate of candidates) {
          const found = this.lookIn(pkg, candidate);
          if (found !== undefined) return found;
        }
      }
      const where = order ? ` in ${order.map((p) => `'${p}'`).join(', ')}` : '';
      const installed = this.scope.packages.includes(ns) || ns === '' || ns === 'dbt' || ns === this.scope.project;
      const packageNote = installed ? '' : ` '${ns}' is not an installed dbt package: if it is one, list it in packages.yml and run dbt deps.`;
      throw dispatchError(
        `adapter.dispatch(): no macro for '${name}'${ns !== '' ? ` (namespace '${ns}')` : ''} on ${d.name}; searched ${candidates.map((c) => `'${c}'`).join(', ')}${where}`,
        at,
        `Define {% macro default__${name}(...) %} (or ${d.name}__${name}) in a file under macros/.${packageNote}`,
      );
    });
  }

  /** The packages to search for a namespace, in order; undefined for the project, then Floe's and the target's macros. */
  private searchOrder(ns: string): readonly string[] | undefined {
    const configured = this.scope.dispatch[ns];
    if (configured) return configured;
    if (this.scope.packages.includes(ns)) return [this.scope.project, ns];
    return undefined;
  }

  /** A macro in one package of a search order (undefined: the project's, then the built-in ones). */
  private lookIn(pkg: string | undefined, name: string): unknown {
    if (pkg === undefined) return this.engine.findMacro(name);
    if (pkg === this.scope.project) return this.engine.hasMacro(name) ? this.engine.findMacro(name) : undefined;
    if (pkg === 'dbt') return this.engine.findBuiltinMacro(name);
    const macros = this.engine.packageMacros(pkg);
    return macros !== undefined && Object.prototype.hasOwnProperty.call(macros, name) ? macros[name] : undefined;
  }

  /** The `dbt` namespace of templates: `dbt.dateadd(...)` and the other cross-database macros (Floe's, even where the project has a macro of the same name). */
  namespace(): Record<string, unknown> {
    if (this.dbtNamespace) return this.dbtNamespace;
    this.ensureCrossDatabase();
    const ns: Record<string, unknown> = macroNamespace({});
    for (const name of [...CROSS_DATABASE_MACRO_NAMES, ...GLOBAL_MACRO_NAMES]) ns[name] = this.engine.findBuiltinMacro(name);
    this.dbtNamespace = ns;
    return ns;
  }
}
