import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from '../errors';
import type { ConfigTree, LoadedProject, PlatformDecl, ResourceProperties, SeedFile, SourceDecl, SqlFile } from '../project/types';
import { didYouMean } from '../util/did-you-mean';
import { parseCsv } from './csv';
import { readDbtProject, readProfiles } from './dbt-project';
import { loadPackages } from './packages';
import { checkInsideProject, isInside, readAll, readFolder, readOptional, toPosix, walk, type FolderListings, type FoundFile } from './files';
import type { ProjectHeader } from './header';
import { readFloeYaml } from './native-project';
import { readPlatformYaml } from './platform';
import { readDocsBlocks, readPropertyFile, type PropertySink } from './properties';
import { parseYamlFile } from './yaml-file';

/** Options of {@link loadProject}. */
export interface LoadOptions {
  /** The project folder (holds floe.yaml or dbt_project.yml). */
  projectDir: string;
  /** Environment used to find profiles.yml in dbt mode (`DBT_PROFILES_DIR`); default process.env. */
  env?: Record<string, string | undefined>;
}

/** What {@link loadProject} returns: the project when there are no errors, and every diagnostic. */
export interface LoadResult {
  /** Undefined when any error was found. */
  project?: LoadedProject;
  /** Every problem found, errors and warnings. */
  diagnostics: Diagnostic[];
}

const RESOURCE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SNAPSHOT_BLOCK_RE = /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}/g;

/** Loads a Floe project (floe.yaml) or an unchanged dbt project into a LoadedProject, collecting every problem. */
export async function loadProject(options: LoadOptions): Promise<LoadResult> {
  // Diagnostics come back sorted by file, line and column (stable for printing and tests).
  const root = path.resolve(options.projectDir);
  const env = options.env ?? process.env;
  const bag = new DiagnosticBag();
  const files = new Map<string, string>();
  // Every folder is listed before the files in it are read (the compile cache relies on that order).
  const folders: FolderListings = new Map([['', readFolder(root)]]);

  const [floeText, dbtText] = await Promise.all([readOptional(path.join(root, 'floe.yaml')), readOptional(path.join(root, 'dbt_project.yml'))]);
  let header: ProjectHeader;
  if (floeText !== undefined) {
    files.set('floe.yaml', floeText);
    const y = parseYamlFile(floeText, 'floe.yaml');
    bag.addAll(y.diagnostics);
    if (!y.ok) return { diagnostics: sortDiagnostics(bag.items) };
    header = readFloeYaml(y.value, y, bag);
  } else if (dbtText !== undefined) {
    files.set('dbt_project.yml', dbtText);
    const y = parseYamlFile(dbtText, 'dbt_project.yml');
    bag.addAll(y.diagnostics);
    if (!y.ok) return { diagnostics: sortDiagnostics(bag.items) };
    header = readDbtProject(y.value, y, bag);
  } else {
    bag.error('FLOE_PROJECT_NOT_FOUND', `no floe.yaml or dbt_project.yml in ${root}`, undefined, 'Run floe in the project folder, pass --project-dir, or create a project with "floe init".');
    return { diagnostics: sortDiagnostics(bag.items) };
  }

  let realRoot = root;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    // root exists (we read a file from it); keep the resolved path
  }
  const pathChecks = await Promise.all(header.pathPositions.map((p) => checkInsideProject(root, realRoot, p.path, p.at, p.what)));
  const outside = new Set<string>();
  pathChecks.forEach((d, i) => {
    if (d) {
      bag.add(d);
      outside.add(header.pathPositions[i]!.path);
    }
  });
  const inside = (list: string[]): string[] => list.filter((p) => !outside.has(p));
  const paths = header.paths;

  const docsSameAsModels = header.docsPaths.join('\0') === paths.models.join('\0');
  const [modelWalk, seedWalk, snapWalk, testWalk, macroWalk, docsWalk, platformText, profiles] = await Promise.all([
    walk(root, realRoot, inside(paths.models), docsSameAsModels ? ['.sql', '.yml', '.yaml', '.py', '.md'] : ['.sql', '.yml', '.yaml', '.py'], folders),
    walk(root, realRoot, inside(paths.seeds), ['.csv', '.yml', '.yaml'], folders),
    walk(root, realRoot, inside(paths.snapshots), ['.sql', '.yml', '.yaml'], folders),
    walk(root, realRoot, inside(paths.tests), ['.sql', '.yml', '.yaml'], folders),
    walk(root, realRoot, inside(paths.macros), ['.sql'], folders),
    docsSameAsModels ? Promise.resolve({ files: [], diagnostics: [] }) : walk(root, realRoot, inside(header.docsPaths), ['.md'], folders),
    readOptional(path.join(root, 'platform.yaml')),
    header.mode === 'dbt' && header.profile ? findProfiles(root, env) : Promise.resolve(undefined),
  ]);
  for (const w of [modelWalk, seedWalk, snapWalk, testWalk, macroWalk, docsWalk]) bag.addAll(w.diagnostics);
  const packagesPath = header.mode === 'dbt' ? (header.packagesPath ?? 'dbt_packages') : undefined;
  const packages = packagesPath === undefined ? [] : await loadPackages({ root, project: header.name, installPath: packagesPath, folders, files, bag });

  const all = new Map<string, FoundFile>();
  for (const w of [modelWalk, seedWalk, snapWalk, testWalk, macroWalk, docsWalk]) for (const f of w.files) if (!all.has(f.rel)) all.set(f.rel, f);
  const rels = [...all.keys()].filter((r) => !r.endsWith('.py'));
  const read = await readAll(root, rels);
  bag.addAll(read.diagnostics);
  rels.forEach((r, i) => {
    const t = read.texts[i];
    if (t !== undefined) files.set(r, t);
  });
  const textOf = (f: FoundFile): string | undefined => files.get(f.rel);

  // --- SQL files --------------------------------------------------------------
  const sql = (f: FoundFile): SqlFile | undefined => {
    const text = textOf(f);
    if (text === undefined) return undefined;
    const parts = f.within.split('/');
    const name = parts[parts.length - 1]!.replace(/\.sql$/, '');
    parts[parts.length - 1] = name;
    return { name, path: f.rel, text, fqn: parts };
  };
  const models: SqlFile[] = [];
  for (const f of modelWalk.files) {
    if (f.rel.endsWith('.py')) {
      bag.warn('FLOE_FEATURE_UNSUPPORTED', `Python model ${f.rel} is not supported and is ignored`, { file: f.rel, line: 1, column: 1 }, 'Rewrite it as a SQL model.');
      continue;
    }
    if (!f.rel.endsWith('.sql')) continue;
    const m = sql(f);
    if (m) models.push(m);
  }
  const snapshotFiles = snapWalk.files.filter((f) => f.rel.endsWith('.sql')).map(sql).filter((x): x is SqlFile => !!x);
  const singularTests: SqlFile[] = [];
  const macroFiles = macroWalk.files.map(sql).filter((x): x is SqlFile => !!x);
  for (const f of testWalk.files) {
    if (!f.rel.endsWith('.sql')) continue;
    const s = sql(f);
    if (!s) continue;
    // dbt: tests/generic/*.sql hold {% test %} definitions, not singular tests.
    if (f.within.startsWith('generic/')) macroFiles.push(s);
    else singularTests.push(s);
  }

  // --- property files and docs --------------------------------------------------
  const sink: PropertySink = { models: new Map(), seeds: new Map(), snapshots: new Map(), sources: [...header.sources] };
  const propertyFiles = [modelWalk, seedWalk, snapWalk, testWalk].flatMap((w) => w.files).filter((f) => /\.ya?ml$/.test(f.rel));
  const seenProps = new Set<string>();
  for (const f of propertyFiles) {
    if (seenProps.has(f.rel)) continue;
    seenProps.add(f.rel);
    const text = textOf(f);
    if (text === undefined) continue;
    const y = parseYamlFile(text, f.rel);
    bag.addAll(y.diagnostics);
    if (y.ok) readPropertyFile(y.value, f.rel, y, bag, sink);
  }
  const docs = new Map<string, string>();
  for (const f of [...modelWalk.files, ...docsWalk.files]) {
    if (!f.rel.endsWith('.md')) continue;
    const text = textOf(f);
    if (text !== undefined) readDocsBlocks(text, f.rel, docs, bag);
  }

  // --- seeds ------------------------------------------------------------------
  const seeds: SeedFile[] = [];
  for (const f of seedWalk.files) {
    if (!f.rel.endsWith('.csv')) continue;
    const text = textOf(f);
    if (text === undefined) continue;
    const parts = f.within.split('/');
    const name = parts[parts.length - 1]!.replace(/\.csv$/, '');
    parts[parts.length - 1] = name;
    const cfg = { ...resolveConfig(header.configTrees.seeds, parts), ...(sink.seeds.get(name)?.config ?? {}) };
    const delimiter = typeof cfg.delimiter === 'string' && cfg.delimiter.length === 1 ? cfg.delimiter : ',';
    bag.addAll(parseCsv(text, { delimiter, quote: '"', file: f.rel }).diagnostics);
    seeds.push({ name, path: f.rel, text, fqn: parts });
  }

  // --- names ------------------------------------------------------------------
  const owners = new Map<string, string>();
  const claim = (name: string, file: string, kind: string): void => {
    if (!RESOURCE_NAME_RE.test(name)) {
      bag.error('FLOE_NAME_INVALID', `${kind} name "${name}" is not a valid name`, { file, line: 1, column: 1 }, 'Rename the file: letters, digits and underscores, not starting with a digit.');
    }
    const prev = owners.get(name);
    if (prev) {
      bag.error('FLOE_MODEL_DUPLICATE', `"${name}" is defined twice: ${prev} and ${file}`, { file, line: 1, column: 1 }, 'Resource names are unique across models, seeds and snapshots; rename one of them.');
      return;
    }
    owners.set(name, file);
  };
  for (const m of models) claim(m.name, m.path, 'model');
  for (const s of seeds) claim(s.name, s.path, 'seed');
  const snapshotNames = new Set<string>();
  for (const s of snapshotFiles) {
    SNAPSHOT_BLOCK_RE.lastIndex = 0;
    for (let m = SNAPSHOT_BLOCK_RE.exec(s.text); m; m = SNAPSHOT_BLOCK_RE.exec(s.text)) {
      snapshotNames.add(m[1]!);
      claim(m[1]!, s.path, 'snapshot');
    }
  }

  // --- properties that describe nothing --------------------------------------------
  const modelNames = new Set(models.map((m) => m.name));
  const seedNames = new Set(seeds.map((s) => s.name));
  checkDescribed(sink.models, modelNames, 'model', header.mode, bag);
  checkDescribed(sink.seeds, seedNames, 'seed', header.mode, bag);
  checkDescribed(sink.snapshots, snapshotNames, 'snapshot', header.mode, bag);
  checkDuplicateSources(sink.sources, bag);

  // --- platform ---------------------------------------------------------------
  let platform: PlatformDecl | undefined;
  if (platformText !== undefined) {
    files.set('platform.yaml', platformText);
    const y = parseYamlFile(platformText, 'platform.yaml');
    bag.addAll(y.diagnostics);
    if (y.ok) platform = readPlatformYaml(y.value, 'platform.yaml', y, bag);
  } else if (profiles && header.profile) {
    const rel = isInside(root, profiles.abs) ? toPosix(path.relative(root, profiles.abs)) : profiles.abs;
    files.set(rel, profiles.text);
    const y = parseYamlFile(profiles.text, rel);
    bag.addAll(y.diagnostics);
    if (y.ok) platform = readProfiles(y.value, rel, header.profile.name, y, bag);
  }

  if (bag.hasErrors) return { diagnostics: sortDiagnostics(bag.items) };
  const project: LoadedProject = {
    root,
    mode: header.mode,
    name: header.name,
    version: header.version,
    compute: header.compute,
    experimental: header.experimental,
    plugins: header.plugins,
    vars: header.vars,
    paths,
    configTrees: header.configTrees,
    models,
    snapshotFiles,
    singularTests,
    macroFiles,
    packages,
    dispatch: header.dispatch ?? {},
    seeds,
    properties: { models: sink.models, seeds: sink.seeds, snapshots: sink.snapshots },
    sources: sink.sources,
    schedules: header.schedules,
    docs,
    files,
    folders,
    warnings: bag.warnings(),
  };
  if (header.description !== undefined) project.description = header.description;
  if (header.owner !== undefined) project.owner = header.owner;
  if (platform) project.platform = platform;
  if (packagesPath !== undefined) project.packagesPath = packagesPath;
  return { project, diagnostics: sortDiagnostics(bag.items) };
}

/** Config for a resource from a folder tree: root config, then each folder (and the resource name) down the fqn. */
export function resolveConfig(tree: ConfigTree, fqn: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...tree.config };
  let node: ConfigTree | undefined = tree;
  for (const part of fqn) {
    node = node.children[part];
    if (!node) break;
    Object.assign(out, node.config);
  }
  return out;
}

function checkDescribed(props: Map<string, ResourceProperties>, names: Set<string>, kind: string, mode: LoadedProject['mode'], bag: DiagnosticBag): void {
  for (const [name, p] of props) {
    if (names.has(name)) continue;
    const guess = didYouMean(name, names);
    const message = `property file describes ${kind} "${name}", but there is no such ${kind}`;
    const hint = guess ? `Did you mean "${guess}"?` : `Add the ${kind} or remove its entry.`;
    // dbt only warns here ("Did not find matching node for patch"); real dbt projects must load.
    if (mode === 'dbt') bag.warn('FLOE_PROPERTY_UNKNOWN_MODEL', message, p.at, hint);
    else bag.error('FLOE_PROPERTY_UNKNOWN_MODEL', message, p.at, hint);
  }
}

function checkDuplicateSources(sources: SourceDecl[], bag: DiagnosticBag): void {
  const seen = new Map<string, SourceDecl>();
  for (const s of sources) {
    const key = `${s.sourceName}.${s.tableName}`;
    const prev = seen.get(key);
    if (prev) {
      bag.error('FLOE_MODEL_DUPLICATE', `source table ${key} is declared twice (first at ${prev.at.file}:${prev.at.line})`, s.at, 'Declare each source table once.');
      continue;
    }
    seen.set(key, s);
  }
}

async function findProfiles(root: string, env: Record<string, string | undefined>): Promise<{ abs: string; text: string } | undefined> {
  const candidates = [path.join(root, 'profiles.yml')];
  if (env.DBT_PROFILES_DIR) candidates.push(path.resolve(root, env.DBT_PROFILES_DIR, 'profiles.yml'));
  for (const abs of candidates) {
    const text = await readOptional(abs);
    if (text !== undefined) return { abs, text };
  }
  return undefined;
}
