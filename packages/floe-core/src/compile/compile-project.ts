import { DiagnosticBag, FloeError, isFloeError, type Diagnostic, type SourcePosition } from '../errors';
import { ARTIFACTS_VERSION, type CompiledArtifacts } from '../artifacts/schema';
import { sha256, stableStringify } from '../artifacts/serialize';
import { MATERIALIZATIONS } from '../plugin/capabilities';
import type { RelationName } from '../plugin/dialect';
import { loadProjectPlugins } from '../plugin/load-plugins';
import type { PluginRegistry } from '../plugin/registry';
import type { LoadedProject, SourceDecl } from '../project/types';
import { loadProject } from '../load';
import { createTemplateEngine, type TemplateEngine } from '../template';
import { DependencyGraph, selectNodes, type GraphNode } from '../graph';
import { didYouMean } from '../util/did-you-mean';
import { sortStrings } from '../util/sort-strings';
import { withSpan, withSpanSync } from '../telemetry/spans';
import { checkCapabilities } from './check-capabilities';
import { ComputeResolver, artifactConfig, type ResolvedCompute } from './resolve-computes';
import { cteName, injectCtes } from './ephemeral';
import { genericTestSql, isBuiltinTest } from './generic-tests';
import { genericTestHash, genericTestNames } from './test-names';
import { folderConfig, mergeConfig, toList } from './merge-config';
import { PlaceholderTable, resolvePlaceholders, type RelationPart } from './placeholders';
import { sharedGlobals, templateGlobals, type RenderRecord, type SharedGlobals } from './template-globals';
import { buildWorkNodes, workNode, type WorkNode } from './work-nodes';
import { toArtifactNode, toArtifacts } from './to-artifacts';
import { FLOE_VERSION } from '../version';

/** Options of {@link compileProject}. */
export interface CompileOptions {
  projectDir: string;
  registry: PluginRegistry;
  /** Environment name (platform.yaml); default FLOE_ENV, then the platform default, then `dev`. */
  environment?: string;
  /** --vars overrides. */
  vars?: Record<string, unknown>;
  /** Environment variables visible to env_var(); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** What {@link compileProject} returns: artifacts when there are no errors, and every diagnostic. */
export interface CompileResult {
  artifacts?: CompiledArtifacts;
  diagnostics: Diagnostic[];
  project?: LoadedProject;
  graph?: DependencyGraph;
  /**
   * True when a template read `run_started_at`, `invocation_id` or the clock
   * (`modules.datetime`), so compiling the same files again gives other SQL;
   * a compile cache must not reuse these artifacts.
   */
  variesPerCompile?: boolean;
}

/**
 * Compiles a project folder to CompiledArtifacts. Pure: no connection and no
 * credentials. Every problem is collected; `artifacts` is set only when there
 * are no errors.
 */
export async function compileProject(options: CompileOptions): Promise<CompileResult> {
  return (await startCompile(options)).result;
}

/**
 * A full compile that also returns the compiler, so a watch session can
 * recompile changed models against its state (see compile-session.ts).
 */
export async function startCompile(options: CompileOptions): Promise<{ result: CompileResult; compiler?: ProjectCompiler }> {
  return withSpan('floe.compile', { 'floe.project_dir': options.projectDir }, async () => {
    const loaded = await withSpan('floe.load', {}, () => loadProject({ projectDir: options.projectDir }));
    if (!loaded.project) return { result: { diagnostics: loaded.diagnostics } };
    const project = loaded.project;
    const bag = new DiagnosticBag();
    bag.addAll(loaded.diagnostics);

    bag.addAll(await loadProjectPlugins(options.registry, project.plugins, project.root));
    if (bag.hasErrors) return { result: { diagnostics: bag.items, project } };

    const env = options.env ?? process.env;
    const environment = options.environment ?? env.FLOE_ENV ?? undefined;
    const computes = new ComputeResolver(project, options.registry, environment, bag);
    if (!computes.usable) return { result: { diagnostics: bag.items, project } };
    const projectCompute = computes.resolve(project.compute, { file: project.mode === 'dbt' ? 'dbt_project.yml' : 'floe.yaml', line: 1, column: 1 });
    if (!projectCompute) return { result: { diagnostics: bag.items, project } };

    const vars = { ...project.vars, ...(options.vars ?? {}) };
    const engine = createTemplateEngine();
    const compiler = new ProjectCompiler(project, engine, computes, projectCompute, vars, env, bag);
    const result = compiler.run();
    return { result, compiler };
  });
}

/** Internal: one project's compile state. */
export class ProjectCompiler {
  private readonly placeholders = new PlaceholderTable();
  private readonly shared: SharedGlobals;
  private nodes: WorkNode[] = [];
  private readonly byName = new Map<string, WorkNode>();
  /** Nodes by id, except tests: nothing depends on a test, so no lookup asks for one. */
  private readonly byKey = new Map<string, WorkNode>();
  /** Nodes with an ephemeral parent, found by resolveSql, in node order: the only ones inlineEphemerals changes. */
  private readonly ephemeralDependants = new Set<WorkNode>();
  /** Each relation's quoted name, rendered once: a model is ref'd by its dependants and its tests. */
  private readonly renderedRelations = new Map<RelationName, string>();
  /** Declared sources by source and table name, replaced by their resolution on first ref. */
  private sourcesByName: Map<string, Map<string, SourceDecl | ResolvedSource>> | undefined;

  constructor(
    private readonly project: LoadedProject,
    private readonly engine: TemplateEngine,
    private readonly computes: ComputeResolver,
    private readonly projectCompute: ResolvedCompute,
    private readonly vars: Record<string, unknown>,
    private readonly env: NodeJS.ProcessEnv,
    private bag: DiagnosticBag,
  ) {
    this.shared = sharedGlobals(engine, { project: project.name, packages: project.packages.map((p) => p.name), dispatch: project.dispatch });
  }

  private last?: CompileResult;

  run(): CompileResult {
    const { project, bag } = this;
    withSpanSync('floe.template', {}, (span) => {
      this.renderAll();
      span.setAttribute('floe.nodes', this.nodes.length);
    });
    if (bag.hasErrors) return { diagnostics: bag.items, project };

    // 7. Graph (cycles), ephemeral inlining, capability checks, dialect extras.
    const planned = withSpanSync('floe.graph', { 'floe.nodes': this.nodes.length }, () => {
      const graph = new DependencyGraph(this.nodes.map(toGraphNode(project)).concat(this.sourceGraphNodes()));
      return { graph, order: graph.topologicalOrder() };
    });
    const { graph, order } = planned;
    if ('cycle' in order) {
      const first = this.byKey.get(order.cycle[0]!);
      bag.error(
        'FLOE_DAG_CYCLE',
        `dependency cycle: ${order.cycle.map((id) => this.byKey.get(id)?.name ?? id).join(' -> ')}`,
        first?.at,
        'Remove one of the ref() calls in the cycle.',
      );
      return { diagnostics: bag.items, project };
    }
    this.inlineEphemerals(order.order);
    for (const n of this.nodes) bag.addAll(checkCapabilities(n, this.byKey));
    this.compileTargetExtras(order.order);
    const schedules = this.resolveSchedules(graph);
    if (bag.hasErrors) return { diagnostics: bag.items, project, graph };

    for (const n of this.nodes) n.checksum = checksumOf(n);
    const artifacts = toArtifacts({
      project,
      environment: this.computes.environment,
      computes: this.computes.resolved().map((c) => ({
        name: c.name,
        type: c.plugin.name,
        stability: c.plugin.stability,
        executionModel: c.plugin.capabilities.executionModel,
        config: artifactConfig(c.config),
      })),
      vars: this.vars,
      nodes: this.nodes,
      sources: this.sourceEntries(),
      schedules,
      graph,
      generatorVersion: FLOE_VERSION,
      artifactsVersion: ARTIFACTS_VERSION,
    });
    this.last = { artifacts, diagnostics: bag.items, project, graph, ...(this.shared.variesPerCompile ? { variesPerCompile: true } : {}) };
    return this.last;
  }

  // --- incremental -------------------------------------------------------------

  /**
   * Recompiles edited model files against the state of the last successful
   * run. Returns undefined whenever the edit could reach beyond the model's
   * own SQL (its config, its refs, an ephemeral, any diagnostic): the caller
   * then compiles from scratch. `changed` maps project-relative paths to
   * their new text; every path must be a model file of the last run.
   */
  updateModels(changed: ReadonlyMap<string, string>): CompileResult | undefined {
    const last = this.last;
    if (!last?.artifacts || last.diagnostics.some((d) => d.severity === 'error')) return undefined;
    const project = this.project;
    const edits: { node: WorkNode; text: string }[] = [];
    for (const [path, text] of changed) {
      const file = project.models.find((m) => m.path === path);
      const node = file && this.byKey.get(`model.${project.name}.${file.name}`);
      if (!file || !node || node.path !== path || node.resourceType !== 'model') return undefined;
      if (last.diagnostics.some((d) => d.file === path)) return undefined;
      if (node.config.materialized === 'ephemeral') return undefined;
      edits.push({ node, text });
    }
    const bag = new DiagnosticBag();
    const updated: WorkNode[] = [];
    const saved = this.bag;
    this.bag = bag;
    try {
      for (const { node: old, text } of edits) {
        if (old.rawCode === text) continue;
        const parsed = this.engine.parse(text, old.path);
        if (!parsed.template || parsed.diagnostics.length) return undefined;
        const node: WorkNode = { ...old, rawCode: text, template: parsed.template, dependsOn: new Set() };
        for (const k of RENDER_OUTPUTS) delete node[k];
        this.render(node, false);
        if (node.failed || stableStringify(node.renderConfig ?? {}) !== stableStringify(old.renderConfig ?? {}) || !!node.usedIsIncremental !== !!old.usedIsIncremental) return undefined;
        if (node.usedIsIncremental && node.config.materialized === 'incremental') this.render(node, true);
        this.resolveSql(node);
        if (bag.items.length || node.failed || !sameSet(node.dependsOn, old.dependsOn)) return undefined;
        for (const dep of node.dependsOn) if (this.byKey.get(dep)?.config.materialized === 'ephemeral') return undefined;
        bag.addAll(checkCapabilities(node, this.byKey));
        this.compileTargetExtra(node);
        // Dependants' dialect output reads this node's (upstream.target): it must not change.
        if (bag.items.length || stableStringify(node.targetData ?? null) !== stableStringify(old.targetData ?? null)) return undefined;
        node.checksum = checksumOf(node);
        updated.push(node);
      }
    } finally {
      this.bag = saved;
    }
    if (!updated.length) return last;
    // Commit: nothing above touched shared state except new placeholder entries.
    const nodes = { ...last.artifacts.nodes };
    for (const node of updated) {
      this.nodes[this.nodes.findIndex((n) => n.id === node.id)] = node;
      this.byKey.set(node.id, node);
      this.byName.set(node.name, node);
      nodes[node.id] = toArtifactNode(node);
      project.models.find((m) => m.path === node.path)!.text = node.rawCode;
      project.files.set(node.path, node.rawCode);
    }
    this.last = { ...last, artifacts: { ...last.artifacts, nodes } };
    return this.last;
  }

  /** Steps 1-6: work nodes, templates rendered, config final, generic tests, placeholders resolved. */
  private renderAll(): void {
    const { project, bag } = this;
    for (const file of project.macroFiles) bag.addAll(this.engine.addMacroFile(file.text, file.path));
    for (const pkg of project.packages) {
      for (const file of pkg.macroFiles) bag.addAll(this.engine.addMacroFile(file.text, file.path, pkg.name));
      const macros = this.engine.packageMacros(pkg.name);
      if (macros) this.shared.packages[pkg.name] = macros;
    }
    this.shared.builtins.register(this.projectCompute.dialect);

    // 1. Resources with their raw config (folder + properties); templates parsed,
    // 2. and each rendered once right away: captures config(), ref(), source(), this.
    // Render problems are reported after every parse problem, as if rendered in a second pass.
    const renderBag = new DiagnosticBag();
    this.bag = renderBag;
    try {
      this.nodes = buildWorkNodes(project, this.engine, bag, (node) => {
        this.render(node, false);
        // Kept only for a second render (steps 3 and 4); otherwise it can die young.
        if (!node.usedIsIncremental && !this.onOtherCompute(node)) node.template = undefined;
      });
    } finally {
      this.bag = bag;
    }
    bag.addAll(renderBag.items);
    // 3. Final config, enabled filter, compute, relation names; a node whose SQL depends on its
    // target and that config() put on another compute is rendered again for that compute's dialect.
    this.nodes = this.nodes.filter((n) => this.finishConfig(n));
    for (const n of this.nodes) {
      if (n.renderedFor && n.template) {
        if (this.dialectFor(n) !== n.renderedFor) this.render(n, false);
        if (!n.usedIsIncremental) n.template = undefined;
      }
      this.byKey.set(n.id, n);
      if (n.resourceType !== 'test') this.byName.set(n.name, n);
    }
    // 4. Incremental models that use is_incremental() are rendered again with it true.
    for (const n of this.nodes) if (n.usedIsIncremental && n.config.materialized === 'incremental') this.render(n, true);
    // 5. Generic tests from property files, now that relations are known.
    this.addGenericTests();
    // 6. Resolve placeholders into names; collect dependencies.
    for (const n of this.nodes) this.resolveSql(n);
  }

  // --- rendering -------------------------------------------------------------

  private render(node: WorkNode, incremental: boolean): void {
    if (!node.template) return;
    const record: RenderRecord = { config: {}, tokens: [], usedIsIncremental: false, usedDialect: false };
    const dialect = this.dialectFor(node);
    const globals = this.globalsFor(node.id, dialect, record, incremental);
    try {
      const sql = this.engine.render(node.template, globals);
      if (incremental) {
        node.renderedIncremental = sql;
      } else {
        node.rendered = sql;
        node.renderConfig = record.config;
        if (record.configAt) node.configAt = record.configAt;
        node.usedIsIncremental = record.usedIsIncremental;
        if (record.usedDialect) node.renderedFor = dialect;
      }
    } catch (e) {
      this.reportError(e, node.at);
      node.failed = true;
    }
  }

  /** The globals of one render (valid until the next call: see templateGlobals). */
  private globalsFor(nodeKey: string, dialect: ResolvedCompute['dialect'], record: RenderRecord, isIncremental = false): Record<string, unknown> {
    const { placeholders, vars, env, shared } = this;
    return templateGlobals({ nodeKey, placeholders, vars, env, target: this.targetGlobal(dialect), dialect, isIncremental, record, shared });
  }

  /** The relations a test's render referenced, into its tokens (`this` is made by every render; tests have none). */
  private addTestRelations(record: RenderRecord, tokens: number[]): void {
    for (const i of record.tokens) if (this.placeholders.entries[i]?.kind !== 'this') tokens.push(i);
  }

  private reportError(e: unknown, at: SourcePosition): void {
    // A relation in a message (raise_compiler_error("... " ~ ref('x'))) is spelt as written, not as a placeholder.
    const words = (text: string) => this.placeholders.describe(text);
    if (isFloeError(e)) {
      for (const d of e.diagnostics) {
        const message = words(d.message);
        this.bag.add({ ...(d.file ? d : { ...d, ...at }), message });
      }
    } else {
      this.bag.error('FLOE_TEMPLATE_ERROR', words((e as Error).message ?? String(e)), at);
    }
  }

  /** The first render read the target and the node's config names a compute other than the project's. */
  private onOtherCompute(node: WorkNode): boolean {
    if (!node.renderedFor) return false;
    const compute = node.renderConfig?.compute ?? node.baseConfig.compute;
    return typeof compute === 'string' && compute !== this.project.compute;
  }

  private dialectFor(node: WorkNode) {
    return (node.compute ?? this.projectCompute).dialect;
  }

  private targetGlobal(dialect: ResolvedCompute['dialect']): Record<string, unknown> {
    const c = this.projectCompute;
    return {
      name: this.computes.environment,
      type: c.plugin.name,
      schema: dialect.defaultSchema,
      database: dialect.defaultDatabase ?? null,
      threads: (c.config as { threads?: number }).threads ?? 4,
      profile_name: this.project.name,
    };
  }

  // --- config, compute, relations ----------------------------------------------

  private finishConfig(node: WorkNode): boolean {
    const config = mergeConfig(node.baseConfig, node.renderConfig ?? {});
    if (config.enabled === false) return false;
    const materialized = String(config.materialized ?? defaultMaterialization(node));
    config.materialized = materialized;
    node.config = config;
    const at = node.configAt ?? node.at;
    if (node.resourceType === 'model' && !(MATERIALIZATIONS as readonly string[]).includes(materialized)) {
      const guess = didYouMean(materialized, MATERIALIZATIONS);
      this.bag.error(
        'FLOE_MATERIALIZATION_UNKNOWN',
        `model "${node.name}": unknown materialization "${materialized}"${guess ? `; did you mean "${guess}"?` : ''}`,
        at,
        `Use one of: ${MATERIALIZATIONS.join(', ')}.`,
      );
    }
    if (materialized === 'snapshot' && node.resourceType === 'model') node.resourceType = 'snapshot';
    const computeName = typeof config.compute === 'string' ? config.compute : this.project.compute;
    node.compute = this.computes.resolve(computeName, at) ?? this.projectCompute;
    node.tags = toList(config.tags);
    node.relation = this.relationFor(node);
    return true;
  }

  private relationFor(node: WorkNode): RelationName | null {
    if (node.resourceType === 'test' || node.config.materialized === 'ephemeral') return null;
    const dialect = this.dialectFor(node);
    const c = node.config;
    const customSchema = typeof c.schema === 'string' ? c.schema : typeof c.target_schema === 'string' ? c.target_schema : undefined;
    let schema: string;
    if (node.resourceType === 'snapshot' && typeof c.target_schema === 'string') schema = c.target_schema;
    else if (this.project.mode === 'dbt' && customSchema) schema = this.dbtSchemaName(customSchema, node, dialect.defaultSchema);
    else schema = customSchema ?? dialect.defaultSchema;
    const database = typeof c.database === 'string' ? c.database : typeof c.target_database === 'string' ? c.target_database : dialect.defaultDatabase;
    const identifier = typeof c.alias === 'string' ? c.alias : node.name;
    return { ...(database ? { database } : {}), schema, identifier };
  }

  /** dbt's generate_schema_name: a project macro wins; otherwise `<target schema>_<custom>`. */
  private dbtSchemaName(custom: string, node: WorkNode, defaultSchema: string): string {
    if (this.engine.hasMacro('generate_schema_name')) {
      try {
        const out = this.engine.callMacro('generate_schema_name', [custom, { name: node.name, resource_type: node.resourceType }], {}, {
          target: this.targetGlobal(this.dialectFor(node)),
        });
        return String(out).trim();
      } catch (e) {
        this.reportError(e, node.at);
      }
    }
    return `${defaultSchema}_${custom.trim()}`;
  }

  // --- generic tests -------------------------------------------------------------

  private addGenericTests(): void {
    // Folder config of tests (the `tests:` / `data_tests:` tree root), the base of every test's config.
    const base = folderConfig(this.project.configTrees.tests, []);
    const attach = (owner: WorkNode | SourceRef, decls: WorkNode['testDecls']) => {
      for (const decl of decls) {
        const test = this.makeGenericTest(owner, decl, base);
        if (test) this.nodes.push(test);
      }
    };
    // Tests are appended to this.nodes: visit only the resources that were there before.
    const resources = this.nodes.length;
    for (let i = 0; i < resources; i++) {
      const n = this.nodes[i]!;
      if (n.testDecls.length) attach(n, n.testDecls);
    }
    for (const s of this.project.sources) {
      const decls = [...s.tests, ...s.columns.flatMap((c) => c.tests.map((t) => ({ ...t, column: t.column ?? c.name })))];
      if (decls.length) attach({ kind: 'source', source: s.sourceName, table: s.tableName, at: s.at }, decls);
    }
  }

  private makeGenericTest(owner: WorkNode | SourceRef, decl: WorkNode['testDecls'][number], base: Record<string, unknown>): WorkNode | undefined {
    const ownerName = 'kind' in owner ? `${owner.source}_${owner.table}` : owner.name;
    const testName = decl.name;
    // `dbt_utils.expression_is_true`: a test block of an installed dbt package.
    const dot = testName.indexOf('.');
    const testPackage = dot > 0 ? testName.slice(0, dot) : undefined;
    const testBase = dot > 0 ? testName.slice(dot + 1) : testName;
    if (!isBuiltinTest(testName)) {
      // A custom generic test is a {% test name %} block or (older dbt style) a {% macro test_name %}.
      const found =
        testPackage === undefined
          ? this.engine.hasTest(testName) || this.engine.hasMacro(`test_${testName}`)
          : this.engine.packageMacros(testPackage)?.[`test_${testBase}`] !== undefined;
      if (!found) {
        const installed = testPackage !== undefined && this.project.packages.some((p) => p.name === testPackage);
        const hint =
          testPackage === undefined
            ? `Built-in tests: unique, not_null, accepted_values, relationships; custom ones are {% test ${testName}(model, column_name) %} blocks under macros/.`
            : installed
              ? `The installed dbt package "${testPackage}" has no test "${testBase}": check the name against its documentation and version.`
              : `"${testPackage}" is not an installed dbt package: list it in packages.yml and run dbt deps (Floe reads installed packages and does not download them).`;
        this.bag.error('FLOE_TEST_INVALID', `unknown generic test "${testName}"`, decl.at, hint);
        return undefined;
      }
    }
    const config = mergeConfig(base, decl.config);
    if (config.enabled === false) return undefined;
    const severity = String(config.severity ?? 'error').toLowerCase();
    if (severity !== 'error' && severity !== 'warn') {
      this.bag.error('FLOE_TEST_INVALID', `severity must be error or warn, got "${severity}"`, decl.at);
      return undefined;
    }
    const modelToken =
      'kind' in owner
        ? this.placeholders.add({ kind: 'source', source: owner.source, table: owner.table, from: '', at: decl.at })
        : this.placeholders.add({ kind: 'ref', name: owner.name, from: '', at: decl.at });
    const tokens = [modelToken.index];
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(decl.args)) args[k] = this.renderTestArg(v, decl.at, tokens);
    const where = typeof config.where === 'string' ? config.where : undefined;
    const dialect = 'kind' in owner ? this.projectCompute.dialect : this.dialectFor(owner);
    let sql: string;
    if (isBuiltinTest(testName)) {
      const out = genericTestSql({ test: testName, model: modelToken.toString(), column: decl.column, args, where, dialect });
      if ('error' in out) {
        this.bag.error('FLOE_TEST_INVALID', `${testName} on ${ownerName}: ${out.error}`, decl.at);
        return undefined;
      }
      sql = out.sql;
    } else {
      try {
        // The test block sees a model's globals (ref, adapter.dispatch, dbt.*, var ...) for the owner's dialect.
        // config.get() reads the test's own config (should_store_failures()); config() calls are not applied.
        const record: RenderRecord = { config: { ...config }, tokens: [], usedIsIncremental: false, usedDialect: false };
        const kwargs = { model: modelToken, ...(decl.column !== undefined ? { column_name: decl.column } : {}), ...args };
        sql = String(this.engine.callMacro(`test_${testBase}`, [], kwargs, this.globalsFor('', dialect, record), undefined, testPackage));
        this.addTestRelations(record, tokens);
      } catch (e) {
        this.reportError(e, decl.at);
        return undefined;
      }
    }
    // dbt names a package's test `<package>_<test>_...`.
    const names = genericTestNames(testPackage === undefined ? testName : `${testPackage}_${testBase}`, 'kind' in owner ? { source: owner.source, table: owner.table } : { model: owner.name }, decl.args, decl.column);
    const name = typeof config.name === 'string' ? config.name : names.name;
    const alias = typeof config.alias === 'string' ? config.alias : typeof config.name === 'string' ? config.name : names.alias;
    const hash = genericTestHash(ownerName, decl.column, testName, decl.args, decl.config);
    const id = `test.${this.project.name}.${name}.${hash}`;
    const ownerKey = 'kind' in owner ? `source.${this.project.name}.${owner.source}.${owner.table}` : owner.id;
    const storeFailures = config.store_failures === true;
    // `config` is mergeConfig's fresh object and a test's baseConfig is never read again: finish it in
    // place (same keys in the same order as a spread copy) rather than keep two objects per test.
    config.severity = severity;
    config.materialized = 'test';
    if (alias !== name) config.alias = alias;
    return workNode({
      id,
      resourceType: 'test',
      name,
      path: decl.at.file,
      at: decl.at,
      fqn: [this.project.name, ...('kind' in owner ? [] : owner.fqn.slice(1, -1)), name],
      rawCode: '',
      baseConfig: config,
      config,
      description: '',
      columns: [],
      tags: toList(config.tags),
      meta: {},
      testDecls: [],
      rendered: sql,
      tokens,
      dependsOn: new Set(),
      compute: 'kind' in owner ? this.projectCompute : owner.compute,
      relation: null,
      test: {
        kind: 'generic',
        testName,
        attachedTo: ownerKey,
        ...(decl.column ? { column: decl.column } : {}),
        severity: severity as 'error' | 'warn',
        ...(where ? { where } : {}),
        storeFailures,
        kwargs: decl.args,
      },
    });
  }

  /** Test arguments such as `to: ref('customers')` are Jinja; render strings that look like it. */
  private renderTestArg(value: unknown, at: SourcePosition, tokens: number[]): unknown {
    if (typeof value !== 'string') return value;
    const text = /^\s*(ref|source)\s*\(.*\)\s*$/s.test(value) ? `{{ ${value} }}` : value.includes('{{') ? value : undefined;
    if (text === undefined) return value;
    const parsed = this.engine.parse(text, at.file);
    if (!parsed.template) {
      this.bag.addAll(parsed.diagnostics.map((d) => ({ ...d, file: at.file, line: at.line, column: at.column })));
      return value;
    }
    const record: RenderRecord = { config: {}, tokens: [], usedIsIncremental: false, usedDialect: false };
    try {
      const out = this.engine.render(parsed.template, this.globalsFor('', this.projectCompute.dialect, record));
      this.addTestRelations(record, tokens);
      return out;
    } catch (e) {
      this.reportError(e, at);
      return value;
    }
  }

  // --- resolution ------------------------------------------------------------------

  private resolveSql(node: WorkNode): void {
    if (node.failed) return;
    const resolveOne = (index: number, part: RelationPart): string => {
      const entry = this.placeholders.entries[index];
      if (!entry) return '';
      if (entry.kind === 'this') {
        const self = this.byKey.get(entry.nodeKey);
        return self ? this.relationPart(self, part) : '';
      }
      if (entry.kind === 'ref') {
        const target = this.byName.get(entry.name);
        if (!target) {
          if (!node.reported?.has(index)) {
            node.reported ??= new Set();
            node.reported.add(index);
            const guess = didYouMean(entry.name, this.byName.keys());
            this.bag.error(
              'FLOE_REF_UNKNOWN',
              `ref('${entry.name}'): no model, seed or snapshot named "${entry.name}"${guess ? `; did you mean "${guess}"?` : ''}`,
              entry.at,
              guess ? `Change it to ref('${guess}').` : 'Check the name, or add the model.',
            );
          }
          return entry.name;
        }
        const ephemeral = target.config.materialized === 'ephemeral';
        if (target.id !== node.id) {
          node.dependsOn.add(target.id);
          if (ephemeral) this.ephemeralDependants.add(node);
        }
        if (ephemeral && part === 'rendered') return cteName(target.name);
        return this.relationPart(target, part);
      }
      const src = this.sourceRelation(entry.source, entry.table);
      if (!src) {
        if (!node.reported?.has(index)) {
          node.reported ??= new Set();
          node.reported.add(index);
          const known = this.project.sources.map((s) => `${s.sourceName}.${s.tableName}`);
          const guess = didYouMean(`${entry.source}.${entry.table}`, known);
          this.bag.error(
            'FLOE_SOURCE_UNKNOWN',
            `source('${entry.source}', '${entry.table}') is not declared${guess ? `; did you mean "${guess}"?` : ''}`,
            entry.at,
            'Declare it under sources: in floe.yaml or a property file.',
          );
        }
        return `${entry.source}.${entry.table}`;
      }
      node.dependsOn.add(src.id);
      const rel = src.relation;
      return part === 'rendered' ? src.rendered : part === 'schema' ? rel.schema : part === 'database' ? rel.database ?? '' : rel.identifier;
    };
    if (node.rendered !== undefined) node.compiledSql = resolvePlaceholders(node.rendered, resolveOne).trim();
    if (node.renderedIncremental !== undefined) node.compiledIncrementalSql = resolvePlaceholders(node.renderedIncremental, resolveOne).trim();
  }

  private relationPart(node: WorkNode, part: RelationPart): string {
    const rel = node.relation;
    if (!rel) return node.name;
    if (part === 'rendered') {
      let rendered = this.renderedRelations.get(rel);
      if (rendered === undefined) {
        rendered = this.dialectFor(node).renderRelation(rel);
        this.renderedRelations.set(rel, rendered);
      }
      return rendered;
    }
    if (part === 'schema') return rel.schema;
    if (part === 'database') return rel.database ?? '';
    return rel.identifier;
  }

  /**
   * The declared source `source.table` (the first one, as a list search finds) with its
   * graph id and relation, worked out on its first ref: a source is ref'd by many models.
   */
  private sourceRelation(source: string, table: string): ResolvedSource | undefined {
    if (!this.sourcesByName) {
      this.sourcesByName = new Map();
      for (const decl of this.project.sources) {
        let tables = this.sourcesByName.get(decl.sourceName);
        if (!tables) this.sourcesByName.set(decl.sourceName, (tables = new Map()));
        if (!tables.has(decl.tableName)) tables.set(decl.tableName, decl);
      }
    }
    const found = this.sourcesByName.get(source)?.get(table);
    if (!found || 'id' in found) return found;
    const dialect = this.sourceDialect(found.compute);
    const relation: RelationName = { ...(found.database ? { database: found.database } : dialect.defaultDatabase ? { database: dialect.defaultDatabase } : {}), schema: found.schema, identifier: found.identifier };
    const resolved: ResolvedSource = { id: `source.${this.project.name}.${found.sourceName}.${found.tableName}`, relation, rendered: dialect.renderRelation(relation) };
    this.sourcesByName.get(source)!.set(table, resolved);
    return resolved;
  }

  private sourceDialect(compute: string | undefined) {
    if (!compute) return this.projectCompute.dialect;
    return (this.computes.resolve(compute, { file: 'floe.yaml', line: 1, column: 1 }) ?? this.projectCompute).dialect;
  }

  private inlineEphemerals(order: string[]): void {
    let position: Map<string, number> | undefined;
    for (const node of this.ephemeralDependants) {
      if (node.compiledSql === undefined) continue;
      const ephemerals = new Set<string>();
      const visit = (id: string) => {
        const n = this.byKey.get(id);
        if (!n || n.config.materialized !== 'ephemeral' || ephemerals.has(id)) return;
        for (const dep of n.dependsOn) visit(dep);
        ephemerals.add(id);
      };
      for (const dep of node.dependsOn) visit(dep);
      const at = (position ??= new Map(order.map((id, i) => [id, i])));
      const ctes = [...ephemerals]
        .sort((a, b) => (at.get(a) ?? 0) - (at.get(b) ?? 0))
        .map((id) => {
          const e = this.byKey.get(id)!;
          return { name: cteName(e.name), sql: e.ownSql ?? e.compiledSql ?? '' };
        });
      node.ownSql = node.compiledSql;
      node.compiledSql = injectCtes(node.compiledSql, ctes);
      if (node.compiledIncrementalSql !== undefined) node.compiledIncrementalSql = injectCtes(node.compiledIncrementalSql, ctes);
    }
  }

  /** Dialect extras in dependency order, so each node sees its upstream nodes' dialect output. */
  private compileTargetExtras(order: string[]): void {
    // `order` holds every node once; sources and tests are not in byKey (tests have no dialect extras).
    for (const id of order) {
      const node = this.byKey.get(id);
      if (node) this.compileTargetExtra(node);
    }
  }

  private compileTargetExtra(node: WorkNode): void {
    const dialect = this.dialectFor(node);
    if (!dialect.compileNode || node.resourceType === 'test') return;
    const out = dialect.compileNode({
      id: node.id,
      name: node.name,
      resourceType: node.resourceType,
      materialized: String(node.config.materialized),
      relation: node.relation ?? null,
      compiledSql: node.compiledSql ?? null,
      config: node.config,
      columns: node.columns,
      upstream: [...node.dependsOn].map((id) => {
        const up = this.byKey.get(id);
        if (up) return { id, kind: 'node' as const, name: up.name, relation: up.relation ?? null, materialized: String(up.config.materialized), config: up.config, columns: up.columns, ...(up.targetData ? { target: up.targetData } : {}) };
        const src = this.project.sources.find((s) => `source.${this.project.name}.${s.sourceName}.${s.tableName}` === id);
        return {
          id,
          kind: 'source' as const,
          name: src ? `${src.sourceName}.${src.tableName}` : id,
          relation: src ? { schema: src.schema, identifier: src.identifier } : null,
          config: {},
          columns: src?.columns.map((c) => ({ name: c.name, ...(c.dataType ? { dataType: c.dataType } : {}) })) ?? [],
          ...(src?.stream ? { stream: src.stream } : {}),
        };
      }),
      file: node.path,
      line: node.at.line,
      column: node.at.column,
      configAt: { line: (node.configAt ?? node.at).line, column: (node.configAt ?? node.at).column },
      rawCode: node.rawCode,
      project: { name: this.project.name, environment: this.computes.environment },
    });
    if (out.diagnostics) this.bag.addAll(out.diagnostics);
    if (out.statements || out.data) node.targetData = { ...(out.statements ? { statements: out.statements } : {}), ...(out.data ? { data: out.data } : {}) };
  }

  private resolveSchedules(graph: DependencyGraph) {
    return this.project.schedules.map((s) => {
      let nodes: string[] = [];
      try {
        nodes = selectNodes(graph, { select: [s.select] }).filter((id) => !id.startsWith('source.'));
      } catch (e) {
        this.reportError(e, s.at);
      }
      if (nodes.length === 0) {
        this.bag.error('FLOE_SCHEDULE_EMPTY', `schedule "${s.name}" selects no node with "${s.select}"`, s.at, 'Fix the select expression; `floe ls --select ...` shows what it matches.');
      }
      return { name: s.name, cron: s.cron, timezone: s.timezone, select: s.select, nodes };
    });
  }

  private sourceGraphNodes(): GraphNode[] {
    return this.project.sources.map((s) => ({
      id: `source.${this.project.name}.${s.sourceName}.${s.tableName}`,
      resourceType: 'source' as const,
      name: s.tableName,
      sourceName: s.sourceName,
      dependsOn: [],
      tags: s.tags,
      path: s.at.file,
      fqn: [this.project.name, s.sourceName, s.tableName],
      packageName: this.project.name,
      config: {},
    }));
  }

  private sourceEntries() {
    return this.project.sources.map((s) => {
      const compute = s.compute ? this.computes.resolve(s.compute, s.at) ?? this.projectCompute : this.projectCompute;
      const rel: RelationName = { ...(s.database ? { database: s.database } : compute.dialect.defaultDatabase ? { database: compute.dialect.defaultDatabase } : {}), schema: s.schema, identifier: s.identifier };
      return { decl: s, compute, relation: rel, rendered: compute.dialect.renderRelation(rel) };
    });
  }
}

/** A declared source as refs resolve it. */
interface ResolvedSource {
  id: string;
  relation: RelationName;
  rendered: string;
}

interface SourceRef {
  kind: 'source';
  source: string;
  table: string;
  at: SourcePosition;
}

function defaultMaterialization(node: WorkNode): string {
  if (node.resourceType === 'seed') return 'seed';
  if (node.resourceType === 'snapshot') return 'snapshot';
  if (node.resourceType === 'test') return 'test';
  return 'view';
}

/** What a render and the steps after it write on a node; cleared before a re-render. */
const RENDER_OUTPUTS = ['rendered', 'renderedIncremental', 'renderConfig', 'configAt', 'usedIsIncremental', 'compiledSql', 'compiledIncrementalSql', 'ownSql', 'targetData', 'checksum', 'reported', 'failed'] as const;

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * sha256 of stableStringify({ sql, inc, config, seed, target }), written out
 * in that object's sorted key order so the wrapper is not copied by sortKeys.
 */
function checksumOf(n: WorkNode): string {
  const sql = JSON.stringify(n.compiledSql ?? null);
  const inc = JSON.stringify(n.compiledIncrementalSql ?? null);
  const seed = JSON.stringify(n.seed?.fileChecksum ?? null);
  return sha256(`{"config":${stableStringify(n.config)},"inc":${inc},"seed":${seed},"sql":${sql},"target":${stableStringify(n.targetData ?? null)}}`);
}

function toGraphNode(project: LoadedProject) {
  return (n: WorkNode): GraphNode => ({
    id: n.id,
    resourceType: n.resourceType,
    name: n.name,
    dependsOn: sortStrings([...n.dependsOn]),
    tags: n.tags,
    path: n.path,
    fqn: n.fqn,
    packageName: project.name,
    config: n.config,
    ...(n.test ? { testMeta: { kind: n.test.kind, ...(n.test.testName ? { testName: n.test.testName } : {}), ...(n.test.attachedTo ? { attachedTo: n.test.attachedTo } : {}) } } : {}),
  });
}

export { FloeError };
