import { realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { DiagnosticBag, SourcePosition } from '../errors';
import type { DbtPackage, SqlFile } from '../project/types';
import { isPlainMap } from './config-tree';
import { DBT_NAME_RE } from './dbt-project';
import { readAll, readFolder, readOptional, toPosix, walk, type FolderListings } from './files';
import { parseYamlFile, type ParsedYaml } from './yaml-file';

/**
 * dbt packages, as `dbt deps` leaves them: every folder under `packages-install-path` that holds
 * a dbt_project.yml, plus packages.yml's `local:` packages that are not installed there (dbt
 * installs those as symlinks; reading them in place saves running `dbt deps` for them).
 *
 * Floe does not download packages. When packages.yml (or dependencies.yml) lists more packages
 * than are available, loading fails as `dbt compile` does before `dbt deps`.
 */
export interface PackagesInput {
  root: string;
  /** The project name (a package may not share it). */
  project: string;
  /** packages-install-path, project-relative. */
  installPath: string;
  folders: FolderListings;
  /** Every file read is added here (code frames and the compile cache's fingerprint). */
  files: Map<string, string>;
  bag: DiagnosticBag;
}

const SPEC_KEYS = ['package', 'git', 'local', 'tarball', 'private'] as const;

interface Listed {
  /** `dbt-labs/dbt_utils`, a git URL, a local path ... for messages. */
  label: string;
  local?: string;
  at: SourcePosition;
}

export async function loadPackages(input: PackagesInput): Promise<DbtPackage[]> {
  const { root, bag } = input;
  const listed = await readPackageList(input);
  const found: { rel: string; real: string }[] = [];
  const installRel = toPosix(path.normalize(input.installPath));
  const entries = readFolder(path.join(root, installRel));
  if (!input.folders.has(installRel)) input.folders.set(installRel, entries);
  for (const e of entries ?? []) {
    if (e.name.startsWith('.')) continue;
    const rel = `${installRel}/${e.name}`;
    const real = realDir(path.join(root, rel));
    if (real !== undefined) found.push({ rel, real });
  }
  // packages.yml's local packages that `dbt deps` has not linked into the install folder.
  for (const l of listed) {
    if (l.local === undefined) continue;
    const rel = toPosix(path.normalize(l.local));
    const real = realDir(path.resolve(root, rel));
    if (real === undefined) {
      bag.error('FLOE_PACKAGE_MISSING', `local package "${l.local}" is not a folder`, l.at, 'Fix the path (it is relative to the project folder).');
      continue;
    }
    if (!found.some((f) => f.real === real)) found.push({ rel, real });
  }

  const packages: DbtPackage[] = [];
  let installed = 0;
  for (const { rel, real } of found) {
    const pkg = await readPackage(input, rel, real);
    if (pkg === NOT_A_PACKAGE) continue;
    installed++;
    if (!pkg) continue;
    const twin = packages.find((p) => p.name === pkg.name);
    if (twin) bag.error('FLOE_PACKAGE_MISSING', `dbt package "${pkg.name}" is installed twice: ${twin.path} and ${pkg.path}`, { file: `${pkg.path}/dbt_project.yml`, line: 1, column: 1 }, 'Remove one of them (run dbt clean, then dbt deps).');
    else if (pkg.name === input.project) bag.error('FLOE_PACKAGE_MISSING', `dbt package "${pkg.name}" has the name of this project`, { file: `${pkg.path}/dbt_project.yml`, line: 1, column: 1 }, 'A package and the project that installs it need different names.');
    else packages.push(pkg);
  }
  // dbt's check before any compile: every listed package must be installed (it compares counts too).
  if (listed.length > installed) {
    const first = listed[0]!;
    const missing = listed.filter((l) => l.local === undefined).map((l) => l.label);
    bag.error(
      'FLOE_PACKAGE_MISSING',
      `${first.at.file} lists ${listed.length} dbt package(s), but only ${installed} are installed in ${installRel}/`,
      first.at,
      `Run "dbt deps" to install ${missing.length > 0 ? missing.join(', ') : 'them'}: Floe reads installed dbt packages and does not download them.`,
    );
  }
  return packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The folder's real path when `abs` is (or links to) a folder. */
function realDir(abs: string): string | undefined {
  try {
    const real = realpathSync.native(abs);
    return statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** packages.yml's `packages:` list (or dependencies.yml's), each entry with its position. */
async function readPackageList(input: PackagesInput): Promise<Listed[]> {
  const out: Listed[] = [];
  for (const file of ['packages.yml', 'dependencies.yml']) {
    const text = await readOptional(path.join(input.root, file));
    if (text === undefined) continue;
    input.files.set(file, text);
    const y = parseYamlFile(text, file);
    input.bag.addAll(y.diagnostics);
    if (!y.ok) continue;
    const list = isPlainMap(y.value) ? y.value.packages : undefined;
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      input.bag.error('FLOE_CONFIG_INVALID', 'packages must be a list', y.locate(['packages']), 'Write packages: [{ package: dbt-labs/dbt_utils, version: 1.3.0 }].');
      continue;
    }
    list.forEach((entry: unknown, i) => {
      const listedEntry = specOf(entry, y, i);
      if (listedEntry) out.push(listedEntry);
      else input.bag.error('FLOE_CONFIG_INVALID', `packages entry ${i + 1} names no package`, y.locate(['packages', i]), `Give it one of: ${SPEC_KEYS.join(', ')}.`);
    });
  }
  return out;
}

function specOf(entry: unknown, y: ParsedYaml, i: number): Listed | undefined {
  if (!isPlainMap(entry)) return undefined;
  for (const key of SPEC_KEYS) {
    const v = entry[key];
    if (typeof v !== 'string' || v === '') continue;
    const at = y.locate(['packages', i, key]);
    return key === 'local' ? { label: v, local: v, at } : { label: v, at };
  }
  return undefined;
}

/** Paths in a package's dbt_project.yml: a string or a list of strings. */
function pathList(v: unknown, fallback: string[]): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((p): p is string => typeof p === 'string');
  return fallback;
}

/** A folder without dbt_project.yml: not a package (dbt skips such folders too). */
const NOT_A_PACKAGE = Symbol('not a package');

/**
 * One package: its dbt_project.yml, and the .sql files under its macro paths and
 * `<test-path>/generic`; undefined when it is a package but cannot be used (reported).
 */
async function readPackage(input: PackagesInput, rel: string, real: string): Promise<DbtPackage | undefined | typeof NOT_A_PACKAGE> {
  const { root, bag } = input;
  const projectRel = `${rel}/dbt_project.yml`;
  const text = await readOptional(path.join(root, projectRel));
  if (text === undefined) return NOT_A_PACKAGE;
  input.files.set(projectRel, text);
  const y = parseYamlFile(text, projectRel);
  bag.addAll(y.diagnostics);
  if (!y.ok || !isPlainMap(y.value)) return undefined;
  const name = y.value.name;
  if (typeof name !== 'string' || !DBT_NAME_RE.test(name)) {
    bag.error('FLOE_PACKAGE_MISSING', `dbt package in ${rel} has no valid name`, y.locate(['name']), 'Reinstall it (dbt clean, dbt deps).');
    return undefined;
  }
  const macroBases = pathList(y.value['macro-paths'], ['macros']).map((p) => `${rel}/${p}`);
  const genericBases = pathList(y.value['test-paths'], ['tests']).map((p) => `${rel}/${p}/generic`);
  // Symlinks inside the package may point anywhere inside the package (its real folder).
  const w = await walk(root, real, [...macroBases, ...genericBases], ['.sql'], input.folders);
  bag.addAll(w.diagnostics);
  const rels = w.files.map((f) => f.rel);
  const read = await readAll(root, rels);
  bag.addAll(read.diagnostics);
  const macroFiles: SqlFile[] = [];
  w.files.forEach((f, i) => {
    const t = read.texts[i];
    if (t === undefined) return;
    input.files.set(f.rel, t);
    const parts = f.within.split('/');
    const fileName = parts[parts.length - 1]!.replace(/\.sql$/, '');
    macroFiles.push({ name: fileName, path: f.rel, text: t, fqn: [name, ...parts.slice(0, -1), fileName] });
  });
  const modelDirs = pathList(y.value['model-paths'] ?? y.value['source-paths'], ['models']);
  if (modelDirs.some((d) => (readFolder(path.join(real, d))?.length ?? 0) > 0)) {
    bag.warn('FLOE_FEATURE_UNSUPPORTED', `the models of dbt package "${name}" are not built: Floe uses a package's macros and generic tests only`, y.locate(['name']), 'Copy the models you need into your own model paths.');
  }
  return { name, path: rel, macroFiles };
}
