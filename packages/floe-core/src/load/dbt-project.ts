import type { DiagnosticBag } from '../errors';
import type { ComputeDecl, ConfigTree, EnvironmentDecl, PlatformDecl, ProjectPaths } from '../project/types';
import { didYouMean } from '../util/did-you-mean';
import { buildConfigTree, emptyTree, isPlainMap, mergeTrees } from './config-tree';
import { KNOWN_CONFIG_KEYS } from './config-keys';
import type { ProjectHeader } from './header';
import { computeDecl } from './platform';
import { SEMVER_RE } from './schemas';
import type { ParsedYaml, YamlPath } from './yaml-file';

const FILE = 'dbt_project.yml';
/** dbt project names: letters, digits and underscores (they become Jinja/Python identifiers). */
export const DBT_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every key dbt_project.yml may hold (dbt-core's project schema, current and deprecated names). */
const DBT_PROJECT_KEYS = [
  'name', 'version', 'config-version', 'profile', 'model-paths', 'source-paths', 'seed-paths', 'data-paths', 'test-paths',
  'analysis-paths', 'macro-paths', 'snapshot-paths', 'docs-paths', 'asset-paths', 'function-paths', 'packages-install-path',
  'modules-path', 'target-path', 'log-path', 'clean-targets', 'require-dbt-version', 'quoting', 'on-run-start', 'on-run-end',
  'dispatch', 'vars', 'models', 'seeds', 'snapshots', 'tests', 'data_tests', 'sources', 'metrics', 'semantic-models',
  'saved-queries', 'exposures', 'analyses', 'unit_tests', 'functions', 'flags', 'restrict-access', 'query-comment',
  'dbt-cloud', 'anchors',
];

/** Floe target types a dbt profile output may map to. */
const FLOE_TYPES = new Set(['duckdb', 'snowflake', 'bigquery']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** '0.1' → '0.1.0', 1 → '1.0.0'; undefined when it cannot be made semver. */
export function normaliseVersion(v: string): string | undefined {
  if (SEMVER_RE.test(v)) return v;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  return `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}`;
}

/** dbt_project.yml → ProjectHeader (dbt compatibility mode, PROJECT_FORMAT.md §8). */
export function readDbtProject(value: unknown, y: ParsedYaml, bag: DiagnosticBag): ProjectHeader {
  const v = isPlainMap(value) ? value : {};
  if (!isPlainMap(value)) bag.error('FLOE_CONFIG_INVALID', 'dbt_project.yml must be a mapping', y.locate([]), 'See dbt\'s dbt_project.yml reference.');
  for (const k of Object.keys(v)) {
    if (DBT_PROJECT_KEYS.includes(k)) continue;
    const guess = didYouMean(k, DBT_PROJECT_KEYS);
    bag.error('FLOE_CONFIG_UNKNOWN_KEY', `unknown key "${k}" in dbt_project.yml`, y.locateKey([k]), guess ? `Did you mean "${guess}"?` : 'Remove it.');
  }
  const name = str(v.name) ?? '';
  if (!DBT_NAME_RE.test(name)) {
    bag.error('FLOE_NAME_INVALID', `project name ${JSON.stringify(v.name ?? null)} is not a valid dbt project name`, v.name === undefined ? y.locate([]) : y.locate(['name']), 'Use letters, digits and underscores, starting with a letter or underscore.');
  }
  let version = '0.0.0';
  const rawVersion = str(v.version);
  if (rawVersion !== undefined) {
    const norm = normaliseVersion(rawVersion);
    if (norm) version = norm;
    else bag.error('FLOE_VERSION_INVALID', `version "${rawVersion}" is not a version number`, y.locate(['version']), 'Use a version like 1.0.0 (or 0.1).');
  }
  if (v['config-version'] !== undefined && v['config-version'] !== 2) {
    bag.error('FLOE_API_VERSION_UNSUPPORTED', `config-version ${JSON.stringify(v['config-version'])} is not supported`, y.locate(['config-version']), 'Use config-version: 2 (or leave it out).');
  }
  for (const hook of ['on-run-start', 'on-run-end']) {
    if (v[hook] !== undefined && v[hook] !== null && !(Array.isArray(v[hook]) && v[hook].length === 0)) {
      bag.warn('FLOE_FEATURE_UNSUPPORTED', `${hook} hooks are not supported by Floe and will not run`, y.locateKey([hook]), 'Move the statements into a model or a pre-/post-hook.');
    }
  }

  const pathPositions: ProjectHeader['pathPositions'] = [];
  const listAt = (keys: string[], fallback: string[]): string[] => {
    for (const key of keys) {
      const raw = v[key];
      if (raw === undefined || raw === null) continue;
      const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
      if (!list) {
        bag.error('FLOE_CONFIG_INVALID', `${key} must be a list of folders`, y.locate([key]), `Write ${key}: ["${fallback[0]}"].`);
        return fallback;
      }
      const out: string[] = [];
      list.forEach((p, i) => {
        if (typeof p !== 'string') return;
        pathPositions.push({ path: p, at: y.locate(typeof raw === 'string' ? [key] : [key, i]), what: key });
        out.push(p);
      });
      return out;
    }
    return fallback;
  };
  const paths: ProjectPaths = {
    models: listAt(['model-paths', 'source-paths'], ['models']),
    seeds: listAt(['seed-paths', 'data-paths'], ['seeds']),
    tests: listAt(['test-paths'], ['tests']),
    macros: listAt(['macro-paths'], ['macros']),
    snapshots: listAt(['snapshot-paths'], ['snapshots']),
  };
  const docsPaths = listAt(['docs-paths'], paths.models);

  // Global vars, plus the `vars: { <project>: {...} }` scope of this project (which wins).
  const vars: Record<string, unknown> = {};
  if (isPlainMap(v.vars)) {
    for (const [k, val] of Object.entries(v.vars)) if (k !== name) vars[k] = val;
    const scoped = v.vars[name];
    if (isPlainMap(scoped)) Object.assign(vars, scoped);
  }

  const header: ProjectHeader = {
    mode: 'dbt',
    file: FILE,
    name,
    version,
    compute: 'default',
    experimental: [],
    plugins: [],
    vars,
    paths,
    docsPaths,
    pathPositions,
    configTrees: {
      models: dbtTree(v.models, 'models', name, y, bag),
      seeds: dbtTree(v.seeds, 'seeds', name, y, bag),
      snapshots: dbtTree(v.snapshots, 'snapshots', name, y, bag),
      tests: mergeTrees(dbtTree(v.tests, 'tests', name, y, bag), dbtTree(v.data_tests, 'data_tests', name, y, bag)),
    },
    sources: [],
    schedules: [],
  };
  const profile = str(v.profile);
  if (profile !== undefined) header.profile = { name: profile, at: y.locate(['profile']) };
  const installPath = v['packages-install-path'] ?? v['modules-path'];
  if (installPath !== undefined && installPath !== null) {
    if (typeof installPath === 'string' && installPath !== '') header.packagesPath = installPath;
    else bag.error('FLOE_CONFIG_INVALID', 'packages-install-path must be a folder name', y.locate([v['packages-install-path'] !== undefined ? 'packages-install-path' : 'modules-path']), 'Write packages-install-path: dbt_packages (the default).');
  }
  header.dispatch = readDispatch(v.dispatch, y, bag);
  return header;
}

/**
 * `dispatch: [{ macro_namespace: dbt_utils, search_order: [my_project, dbt_utils] }]`: the
 * packages adapter.dispatch searches for a namespace, in order (dbt's "overriding package macros").
 */
function readDispatch(value: unknown, y: ParsedYaml, bag: DiagnosticBag): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (value === undefined || value === null) return out;
  const hint = 'Write dispatch: [{ macro_namespace: dbt_utils, search_order: [my_project, dbt_utils] }].';
  if (!Array.isArray(value)) {
    bag.error('FLOE_CONFIG_INVALID', 'dispatch must be a list', y.locate(['dispatch']), hint);
    return out;
  }
  value.forEach((entry: unknown, i) => {
    const ns = isPlainMap(entry) ? entry.macro_namespace : undefined;
    const order = isPlainMap(entry) ? entry.search_order : undefined;
    if (typeof ns !== 'string' || !Array.isArray(order) || order.length === 0 || !order.every((p): p is string => typeof p === 'string')) {
      bag.error('FLOE_CONFIG_INVALID', 'each dispatch entry needs macro_namespace (a name) and search_order (a list of package names)', y.locate(['dispatch', i]), hint);
      return;
    }
    if (out[ns]) bag.error('FLOE_CONFIG_INVALID', `dispatch lists macro_namespace "${ns}" twice`, y.locate(['dispatch', i]), 'Keep one entry per namespace.');
    out[ns] = order;
  });
  return out;
}

/**
 * A dbt config block: its first level holds configs for everything and the
 * project name (stripped); other package names are ignored with a warning.
 */
function dbtTree(value: unknown, key: string, project: string, y: ParsedYaml, bag: DiagnosticBag): ConfigTree {
  if (value === undefined || value === null) return emptyTree();
  if (!isPlainMap(value)) return buildConfigTree(value, [key], y, bag);
  const top: Record<string, unknown> = {};
  let tree = emptyTree();
  for (const [k, val] of Object.entries(value)) {
    if (k === project && isPlainMap(val)) tree = buildConfigTree(val, [key, k], y, bag);
    else if (k.startsWith('+') || KNOWN_CONFIG_KEYS.has(k) || !isPlainMap(val)) top[k] = val;
    else bag.warn('FLOE_FEATURE_UNSUPPORTED', `config for package "${k}" is ignored: Floe builds no resources from dbt packages (it uses their macros and tests)`, y.locateKey([key, k]), `If "${k}" is meant to be this project, rename it to "${project}".`);
  }
  const topTree = buildConfigTree(top, [key], y, bag);
  return mergeTrees({ config: topTree.config, children: {} }, tree);
}

const ENV_VAR_RE = /^\s*\{\{\s*env_var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])(.*?)\3\s*)?\)\s*(?:\|\s*[a-z_]+\s*)*\}\}\s*$/;

/** `{{ env_var('X') }}` → { env: 'X' }; `{{ env_var('X', 'd') }}` → { env: 'X', default: 'd' }; recursive. */
export function convertEnvVars(value: unknown, path: YamlPath, y: ParsedYaml, bag: DiagnosticBag, depth = 0): unknown {
  if (depth > 32) return value;
  if (typeof value === 'string') {
    const m = ENV_VAR_RE.exec(value);
    if (m) return m[4] === undefined ? { env: m[2] } : { env: m[2], default: m[4] };
    if (value.includes('{{')) {
      bag.warn('FLOE_FEATURE_UNSUPPORTED', 'only a whole-value {{ env_var(...) }} is understood in profiles.yml; this value is used as text', y.locate(path), "Write the value as \"{{ env_var('NAME') }}\" or a literal.");
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((x, i) => convertEnvVars(x, [...path, i], y, bag, depth + 1));
  if (isPlainMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(value)) out[k] = convertEnvVars(x, [...path, k], y, bag, depth + 1);
    return out;
  }
  return value;
}

/**
 * profiles.yml → PlatformDecl: each output of the project's profile whose
 * type Floe has becomes an environment with one compute named `default`.
 */
export function readProfiles(value: unknown, file: string, profile: string, y: ParsedYaml, bag: DiagnosticBag): PlatformDecl | undefined {
  const p = isPlainMap(value) ? value[profile] : undefined;
  if (!isPlainMap(p)) {
    bag.warn('FLOE_FEATURE_UNSUPPORTED', `profiles.yml has no profile "${profile}"; using the embedded DuckDB default`, y.locate([]), `Add a "${profile}:" profile, or write platform.yaml.`);
    return undefined;
  }
  const outputs = isPlainMap(p.outputs) ? p.outputs : {};
  const environments: Record<string, EnvironmentDecl> = {};
  for (const [envName, out] of Object.entries(outputs)) {
    const path = [profile, 'outputs', envName];
    if (!isPlainMap(out)) continue;
    const type = typeof out.type === 'string' ? out.type : '';
    if (!FLOE_TYPES.has(type)) {
      bag.warn('FLOE_FEATURE_UNSUPPORTED', `profile output "${envName}" has type "${type}", which Floe has no target for; it is ignored`, y.locate([...path, 'type']), 'Floe targets: duckdb, snowflake, bigquery. Without one the embedded DuckDB default applies.');
      continue;
    }
    const config = convertEnvVars(out, path, y, bag) as Record<string, unknown>;
    const compute: ComputeDecl = computeDecl('default', config, path, y);
    environments[envName] = { name: envName, compute: { default: compute }, at: y.locateKey(path) };
  }
  if (Object.keys(environments).length === 0) return undefined;
  const decl: PlatformDecl = { path: file, environments };
  const target = convertEnvVars(p.target, [profile, 'target'], y, bag);
  if (typeof target === 'string' && environments[target]) decl.defaultEnvironment = target;
  else if (typeof target === 'string') bag.warn('FLOE_ENVIRONMENT_UNKNOWN', `profile target "${target}" is not among its usable outputs`, y.locate([profile, 'target']), `Use one of: ${Object.keys(environments).join(', ')}.`);
  return decl;
}
