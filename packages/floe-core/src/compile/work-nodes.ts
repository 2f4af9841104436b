import type { CompiledSeedSpec, CompiledTestSpec } from '../artifacts/schema';
import { sha256 } from '../artifacts/serialize';
import type { DiagnosticBag, SourcePosition } from '../errors';
import type { Dialect, RelationName } from '../plugin/dialect';
import type { LoadedProject, ResourceProperties, SqlFile, TestDecl } from '../project/types';
import { parseCsv } from '../load';
import type { Template, TemplateEngine } from '../template';
import { FolderConfigs, mergeConfig, toList } from './merge-config';
import type { ResolvedCompute } from './resolve-computes';

/** A resource while it is being compiled (internal; mapped to artifacts at the end). */
export interface WorkNode {
  id: string;
  resourceType: 'model' | 'seed' | 'snapshot' | 'test';
  name: string;
  path: string;
  at: SourcePosition;
  fqn: string[];
  rawCode: string;
  template?: Template;
  /** Folder config merged with property-file config. */
  baseConfig: Record<string, unknown>;
  /** What config() calls set while rendering. */
  renderConfig?: Record<string, unknown>;
  configAt?: SourcePosition;
  config: Record<string, unknown>;
  description: string;
  columns: { name: string; description?: string; dataType?: string; tags?: string[]; meta?: Record<string, unknown> }[];
  tags: string[];
  meta: Record<string, unknown>;
  testDecls: TestDecl[];
  rendered?: string;
  renderedIncremental?: string;
  usedIsIncremental?: boolean;
  /** The dialect the first render used, when the SQL depends on it (`target`, `adapter`, `dbt`). */
  renderedFor?: Dialect;
  tokens?: number[];
  compiledSql?: string;
  compiledIncrementalSql?: string;
  /** The node's own SQL before ephemeral CTEs were injected (what its dependants inline). */
  ownSql?: string;
  dependsOn: Set<string>;
  compute?: ResolvedCompute;
  relation?: RelationName | null;
  test?: CompiledTestSpec;
  seed?: CompiledSeedSpec;
  targetData?: { statements?: string[]; data?: Record<string, unknown> };
  checksum?: string;
  failed?: boolean;
  reported?: Set<number>;
}

/** What {@link workNode} needs: the fields every node has at creation, and any optional ones. */
export type WorkNodeInit = Pick<WorkNode, 'id' | 'resourceType' | 'name' | 'path' | 'at' | 'fqn' | 'rawCode' | 'baseConfig' | 'config' | 'description' | 'columns' | 'tags' | 'meta' | 'testDecls' | 'dependsOn'> &
  Partial<WorkNode>;

/**
 * A WorkNode with every field present (unset ones undefined) in one fixed
 * order. All nodes then share one hidden class and every later step's reads
 * and writes on them stay monomorphic; built piecemeal, models, seeds, tests
 * and nodes with or without config() had different shapes, which made those
 * property accesses megamorphic lookups across the whole compile.
 */
export function workNode(init: WorkNodeInit): WorkNode {
  // Typed with every key required, so a field added to WorkNode but not listed here fails to compile.
  const node: { [K in keyof Required<WorkNode>]: WorkNode[K] } = {
    id: init.id,
    resourceType: init.resourceType,
    name: init.name,
    path: init.path,
    at: init.at,
    fqn: init.fqn,
    rawCode: init.rawCode,
    template: init.template,
    baseConfig: init.baseConfig,
    renderConfig: init.renderConfig,
    configAt: init.configAt,
    config: init.config,
    description: init.description,
    columns: init.columns,
    tags: init.tags,
    meta: init.meta,
    testDecls: init.testDecls,
    rendered: init.rendered,
    renderedIncremental: init.renderedIncremental,
    usedIsIncremental: init.usedIsIncremental,
    renderedFor: init.renderedFor,
    tokens: init.tokens,
    compiledSql: init.compiledSql,
    compiledIncrementalSql: init.compiledIncrementalSql,
    ownSql: init.ownSql,
    dependsOn: init.dependsOn,
    compute: init.compute,
    relation: init.relation,
    test: init.test,
    seed: init.seed,
    targetData: init.targetData,
    checksum: init.checksum,
    failed: init.failed,
    reported: init.reported,
  };
  return node;
}

/**
 * Creates a WorkNode per model, snapshot, singular test and seed; parses
 * templates. `parsed` is called with each node right after its template is
 * parsed (the compiler renders it there, so a compiled template usually dies
 * young instead of being kept through every later parse).
 */
export function buildWorkNodes(project: LoadedProject, engine: TemplateEngine, bag: DiagnosticBag, parsed?: (node: WorkNode) => void): WorkNode[] {
  const nodes: WorkNode[] = [];
  const docText = (text: string | undefined, at: SourcePosition) => resolveDocs(text ?? '', project, bag, at);
  const folders = {
    models: new FolderConfigs(project.configTrees.models),
    snapshots: new FolderConfigs(project.configTrees.snapshots),
    tests: new FolderConfigs(project.configTrees.tests),
    seeds: new FolderConfigs(project.configTrees.seeds),
  };

  const add = (n: WorkNode) => {
    parsed?.(n);
    nodes.push(n);
  };
  for (const file of project.models) {
    const props = project.properties.models.get(file.name);
    add(templated(project, engine, bag, file, 'model', folders.models.get(configPath(file)), props, docText));
  }
  for (const file of project.snapshotFiles) {
    for (const block of snapshotBlocks(file)) {
      const props = project.properties.snapshots.get(block.name);
      const fqn = [...file.fqn.slice(0, -1), block.name];
      const base = mergeConfig(folders.snapshots.get(fqn), { materialized: 'snapshot' });
      add(templated(project, engine, bag, { ...file, name: block.name, text: block.body, fqn }, 'snapshot', base, props, docText, file.text));
    }
  }
  for (const file of project.singularTests) {
    const n = templated(project, engine, bag, file, 'test', folders.tests.get(configPath(file)), undefined, docText);
    const severity = String(n.baseConfig.severity ?? 'error').toLowerCase() === 'warn' ? 'warn' : 'error';
    n.test = { kind: 'singular', severity, storeFailures: n.baseConfig.store_failures === true, kwargs: {} };
    add(n);
  }
  for (const seed of project.seeds) {
    const props = project.properties.seeds.get(seed.name);
    const config = mergeConfig(folders.seeds.get(configPath(seed)), props?.config ?? {});
    const delimiter = typeof config.delimiter === 'string' ? config.delimiter : ',';
    const quote = typeof config.quote === 'string' ? config.quote : '"';
    const parsed = parseCsv(seed.text, { delimiter, quote, file: seed.path });
    const columnTypes: Record<string, string> = {};
    if (config.column_types && typeof config.column_types === 'object') {
      for (const [k, v] of Object.entries(config.column_types as Record<string, unknown>)) columnTypes[k] = String(v);
    }
    const node = common(project, seed, 'seed', config, props, docText, '');
    node.seed = { file: seed.path, delimiter, quote, columnTypes, header: parsed.header, fileChecksum: sha256(seed.text) };
    nodes.push(node);
  }
  return nodes;
}

/**
 * Where a resource sits in the project's config blocks: its folders and then
 * its own name, as in dbt (`seeds: {project: {my_seed: {+column_types: ...}}}`).
 */
function configPath(file: { fqn: string[] }): string[] {
  return file.fqn;
}

function common(
  project: LoadedProject,
  file: { name: string; path: string; fqn: string[] },
  type: WorkNode['resourceType'],
  baseConfig: Record<string, unknown>,
  props: ResourceProperties | undefined,
  docText: (t: string | undefined, at: SourcePosition) => string,
  rawCode: string,
): WorkNode {
  const at = { file: file.path, line: 1, column: 1 };
  // Without property-file config or tags, nodes share their folder's config object instead of
  // a copy each (nothing mutates a node's config before finishConfig replaces it with a merge).
  let config = props && hasKeys(props.config) ? mergeConfig(baseConfig, props.config) : baseConfig;
  if (props?.tags.length) {
    if (config === baseConfig) config = { ...baseConfig };
    config.tags = [...new Set([...toList(config.tags), ...props.tags])];
  }
  // Plain loops and conditional assignments instead of spreads and flatMap: this runs once per resource.
  const description = docText(props?.description, props?.at ?? at);
  const columns: WorkNode['columns'] = [];
  const testDecls: TestDecl[] = [];
  if (props) {
    for (const t of props.tests) testDecls.push(t);
    for (const c of props.columns) {
      const col: WorkNode['columns'][number] = { name: c.name };
      if (c.description) col.description = docText(c.description, c.at);
      if (c.dataType) col.dataType = c.dataType;
      if (c.tags.length) col.tags = c.tags;
      if (hasKeys(c.meta)) col.meta = c.meta;
      columns.push(col);
      // Column tests read from property files already name their column; copy only those that do not.
      for (const t of c.tests) testDecls.push(t.column !== undefined ? t : { ...t, column: c.name });
    }
  }
  const configMeta = config.meta as Record<string, unknown> | undefined;
  return workNode({
    id: `${type}.${project.name}.${file.name}`,
    resourceType: type,
    name: file.name,
    path: file.path,
    at,
    fqn: [project.name, ...file.fqn],
    baseConfig: config,
    config,
    description,
    columns,
    tags: toList(config.tags),
    meta: props && hasKeys(props.meta) ? { ...props.meta, ...configMeta } : { ...configMeta },
    testDecls,
    rawCode,
    dependsOn: new Set(),
  });
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

function templated(
  project: LoadedProject,
  engine: TemplateEngine,
  bag: DiagnosticBag,
  file: SqlFile,
  type: WorkNode['resourceType'],
  baseConfig: Record<string, unknown>,
  props: ResourceProperties | undefined,
  docText: (t: string | undefined, at: SourcePosition) => string,
  rawCode?: string,
): WorkNode {
  const node = common(project, file, type, baseConfig, props, docText, rawCode ?? file.text);
  const parsed = engine.parse(file.text, file.path);
  bag.addAll(parsed.diagnostics);
  if (parsed.template) node.template = parsed.template;
  else node.failed = true;
  return node;
}

const SNAPSHOT_OPEN = /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}/g;
const SNAPSHOT_CLOSE = /\{%-?\s*endsnapshot\s*-?%\}/g;

/**
 * dbt `{% snapshot name %}...{% endsnapshot %}` blocks. The body keeps its
 * original line and column (text before it is blanked, newlines kept) so
 * template errors point into the real file.
 */
export function snapshotBlocks(file: SqlFile): { name: string; body: string }[] {
  const out: { name: string; body: string }[] = [];
  SNAPSHOT_OPEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SNAPSHOT_OPEN.exec(file.text))) {
    SNAPSHOT_CLOSE.lastIndex = m.index + m[0].length;
    const close = SNAPSHOT_CLOSE.exec(file.text);
    const end = close ? close.index : file.text.length;
    const start = m.index + m[0].length;
    const pad = file.text.slice(0, start).replace(/[^\n]/g, ' ');
    out.push({ name: m[1]!, body: pad + file.text.slice(start, end) });
    SNAPSHOT_OPEN.lastIndex = close ? close.index + close[0].length : file.text.length;
  }
  return out;
}

const DOC_CALL = /\{\{\s*doc\(\s*(['"])([^'"]+)\1\s*\)\s*\}\}/g;

function resolveDocs(text: string, project: LoadedProject, bag: DiagnosticBag, at: SourcePosition): string {
  if (!text.includes('doc(')) return text;
  return text.replace(DOC_CALL, (_m, _q, name: string) => {
    const doc = project.docs.get(name);
    if (doc === undefined) {
      bag.error('FLOE_TEMPLATE_ERROR', `doc("${name}") names no {% docs %} block`, at, 'Add a {% docs name %}...{% enddocs %} block in a .md file under the model paths.');
      return '';
    }
    return doc.trim();
  });
}
