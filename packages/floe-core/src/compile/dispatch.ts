import { FloeError, type SourcePosition } from '../errors';
import type { Dialect } from '../plugin/dialect';
import { withCallSite } from '../template';
import { CROSS_DATABASE_MACRO_NAMES, CROSS_DATABASE_MACROS_ORIGIN, crossDatabaseMacros } from './cross-db-macros';

/** What dispatch needs of the template engine: find a macro by name, add Floe's and targets' own. */
export interface MacroSource {
  findMacro(name: string): unknown;
  findBuiltinMacro(name: string): unknown;
  addBuiltinMacros(source: string, origin: string): void;
}

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

  constructor(private readonly engine: MacroSource) {}

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
   * `default__<name>` that exists, the project's macros before Floe's and the target's. Floe
   * installs no dbt packages, so every namespace is searched as dbt searches one that is not a
   * dependency: in the project, then in what ships with Floe.
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
      const candidates = [`${d.name}__${name}`, `default__${name}`];
      for (const candidate of candidates) {
        const found = this.engine.findMacro(candidate);
        if (found !== undefined) return found;
      }
      const ns = typeof namespace === 'string' ? namespace : '';
      const packageNote = ns !== '' && ns !== 'dbt' ? ` Macros of the dbt package '${ns}' are not available: Floe does not install dbt packages.` : '';
      throw dispatchError(
        `adapter.dispatch(): no macro for '${name}'${ns !== '' ? ` (namespace '${ns}')` : ''} on ${d.name}; searched ${candidates.map((c) => `'${c}'`).join(', ')}`,
        at,
        `Define {% macro default__${name}(...) %} (or ${d.name}__${name}) in a file under macros/.${packageNote}`,
      );
    });
  }

  /** The `dbt` namespace of templates: `dbt.dateadd(...)` and the other cross-database macros (Floe's, even where the project has a macro of the same name). */
  namespace(): Record<string, unknown> {
    if (this.dbtNamespace) return this.dbtNamespace;
    this.ensureCrossDatabase();
    const ns: Record<string, unknown> = {};
    for (const name of CROSS_DATABASE_MACRO_NAMES) ns[name] = this.engine.findBuiltinMacro(name);
    this.dbtNamespace = ns;
    return ns;
  }
}
