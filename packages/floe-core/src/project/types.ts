import type { Diagnostic, SourcePosition } from '../errors';

/**
 * The loaded project: what `load/` produces from floe.yaml (or a dbt
 * project), platform.yaml, property files, SQL files, macros and seeds.
 * Nothing here is templated yet; positions point into the original files.
 * These are internal compiler types: the public contract is CompiledArtifacts.
 */
export interface LoadedProject {
  /** Absolute project folder. */
  root: string;
  mode: 'native' | 'dbt';
  name: string;
  version: string;
  description?: string;
  owner?: string;
  /** The project's default logical compute name (floe.yaml `compute`, default `default`). */
  compute: string;
  /** Opt-in list of experimental target types (floe.yaml `experimental`). */
  experimental: string[];
  /** Extra plugin packages (floe.yaml `plugins`), npm names or paths relative to the project. */
  plugins: { specifier: string; at: SourcePosition }[];
  /** Project vars (floe.yaml/dbt_project.yml `vars`), before --vars overrides. */
  vars: Record<string, unknown>;
  paths: ProjectPaths;
  /** Folder config trees: floe.yaml `models:`/`seeds:`/`snapshots:`/`tests:`, `+` prefixes removed. */
  configTrees: { models: ConfigTree; seeds: ConfigTree; snapshots: ConfigTree; tests: ConfigTree };
  models: SqlFile[];
  /** .sql files under snapshot paths (dbt `{% snapshot %}` blocks). */
  snapshotFiles: SqlFile[];
  /** Singular tests: .sql files under test paths. */
  singularTests: SqlFile[];
  /** Macro files (.sql under macro paths); the template engine reads their `{% macro %}`/`{% test %}` blocks. */
  macroFiles: SqlFile[];
  /**
   * dbt mode: the dbt packages installed under `packages-install-path` (by `dbt deps`) and the
   * `local:` packages of packages.yml. Their macros and generic tests are callable as
   * `<package>.<macro>`; their models are not built.
   */
  packages: DbtPackage[];
  /** dbt mode: the packages-install-path folder, project-relative (searched for packages whether or not it exists). */
  packagesPath?: string;
  /** dbt_project.yml `dispatch:`: a macro namespace -> the packages adapter.dispatch searches, in order. */
  dispatch: Record<string, string[]>;
  seeds: SeedFile[];
  /** From property YAML files (`version: 2` layout), keyed by resource name. */
  properties: {
    models: Map<string, ResourceProperties>;
    seeds: Map<string, ResourceProperties>;
    snapshots: Map<string, ResourceProperties>;
  };
  sources: SourceDecl[];
  schedules: ScheduleDecl[];
  /** `{% docs name %}` blocks from .md files, for doc() in descriptions. */
  docs: Map<string, string>;
  /** platform.yaml, or for dbt projects the compute derived from profiles.yml; undefined means the DuckDB default. */
  platform?: PlatformDecl;
  /** Every text file read, by project-relative path, for code frames. */
  files: Map<string, string>;
  /**
   * Every folder listed while loading, by project-relative path ('' is the
   * project folder), with its entries as read before the files in it
   * (undefined when it could not be listed: missing): the compile cache
   * fingerprints these, so a file added during a compile is not recorded as
   * seen.
   */
  folders: ReadonlyMap<string, readonly FolderEntry[] | undefined>;
  /** Non-fatal problems found while loading (fatal ones make load fail). */
  warnings: Diagnostic[];
}

/** An installed dbt package: its project name and its macro files (paths relative to the project). */
export interface DbtPackage {
  /** The package's project name (its dbt_project.yml `name`): the namespace its macros are called under. */
  name: string;
  /** The package folder, relative to the project (e.g. `dbt_packages/dbt_utils`). */
  path: string;
  /** The .sql files under its macro paths and `<test path>/generic`. */
  macroFiles: SqlFile[];
}

/** One entry of a folder listing (an fs.Dirent satisfies it). */
export interface FolderEntry {
  /** The entry's name, without its folder. */
  readonly name: string;
  /** True for a folder (false for a symlink, even to a folder). */
  isDirectory(): boolean;
}

/** Folders of a project (models, seeds, tests, macros, snapshots). */
export interface ProjectPaths {
  models: string[];
  seeds: string[];
  tests: string[];
  macros: string[];
  snapshots: string[];
}

/** A folder-keyed config tree; the most specific folder wins. */
export interface ConfigTree {
  config: Record<string, unknown>;
  children: Record<string, ConfigTree>;
}

/** A SQL file of the project (model, snapshot or singular test). */
export interface SqlFile {
  /** Resource name: the file name without `.sql`. */
  name: string;
  /** Project-relative path with `/` separators. */
  path: string;
  text: string;
  /** Folders below the resource path plus the name, e.g. ['staging', 'stg_orders']; used for folder config and fqn. */
  fqn: string[];
}

/** A seed CSV file of the project. */
export interface SeedFile {
  name: string;
  path: string;
  /** CSV contents. */
  text: string;
  fqn: string[];
}

/** Properties of a model, seed or snapshot from YAML files. */
export interface ResourceProperties {
  name: string;
  description?: string;
  config: Record<string, unknown>;
  columns: ColumnDecl[];
  /** Model-level tests (e.g. a relationships test between two columns declared at model level). */
  tests: TestDecl[];
  meta: Record<string, unknown>;
  tags: string[];
  docs?: Record<string, unknown>;
  at: SourcePosition;
}

/** A column declared in a properties file (name, type, description, tests). */
export interface ColumnDecl {
  name: string;
  description?: string;
  /** Logical or target type (`data_type` in dbt, `type` in Floe sources). */
  dataType?: string;
  tests: TestDecl[];
  meta: Record<string, unknown>;
  tags: string[];
  at: SourcePosition;
}

/** One generic test as written in YAML: `unique`, `{ accepted_values: { values: [...] } }`, ... */
export interface TestDecl {
  /** Generic test name, possibly namespaced (`dbt_utils.expression_is_true`). */
  name: string;
  /** Arguments (`values`, `to`, `field`, ...), without `config`/`severity`/`where`. */
  args: Record<string, unknown>;
  /** severity, where, store_failures, enabled, tags ... merged from inline keys and `config:`. */
  config: Record<string, unknown>;
  /** Column the test is attached to, if declared under a column. */
  column?: string;
  at: SourcePosition;
}

/** A source declared in floe.yaml or a properties file. */
export interface SourceDecl {
  sourceName: string;
  tableName: string;
  /** Physical schema (defaults to the source name, like dbt). */
  schema: string;
  database?: string;
  /** Physical table name (defaults to tableName). */
  identifier: string;
  /** Logical compute name; undefined means the project default. */
  compute?: string;
  description?: string;
  loadedAtField?: string;
  freshness?: Record<string, unknown>;
  /** Stream settings of a stream source (kafka topic, format, start, watermark). */
  stream?: Record<string, unknown>;
  columns: ColumnDecl[];
  tests: TestDecl[];
  tags: string[];
  meta: Record<string, unknown>;
  /** Defining file (floe.yaml or a property file) and position. */
  at: SourcePosition;
}

/** A schedule declared in floe.yaml. */
export interface ScheduleDecl {
  name: string;
  cron: string;
  timezone: string;
  select: string;
  at: SourcePosition;
}

/** A loaded platform.yaml. */
export interface PlatformDecl {
  /** platform.yaml (or profiles.yml) project-relative path. */
  path: string;
  environments: Record<string, EnvironmentDecl>;
  /** dbt profiles pick a default target; native projects default to `dev`. */
  defaultEnvironment?: string;
}

/** One environment of platform.yaml (its computes). */
export interface EnvironmentDecl {
  name: string;
  compute: Record<string, ComputeDecl>;
  at: SourcePosition;
}

/** A compute entry of platform.yaml: its `type` selects the target plugin. */
export interface ComputeDecl {
  /** Logical compute name. */
  name: string;
  /** Target type, e.g. duckdb. */
  type: string;
  /** The raw entry including `type`, references (`{ env: X }`) unresolved. */
  config: Record<string, unknown>;
  at: SourcePosition;
  /** Position of a key path inside this entry (for target schema errors); falls back to `at`. */
  locate(path: readonly (string | number)[]): SourcePosition;
  /** Position of the key at a path inside this entry (for unknown-key errors). */
  locateKey(path: readonly (string | number)[]): SourcePosition;
}
