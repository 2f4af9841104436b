import type { DiagnosticBag } from '../errors';
import type { ResourceProperties, SourceDecl } from '../project/types';
import { didYouMean } from '../util/did-you-mean';
import { checkMaterialized, isPlainMap } from './config-tree';
import { checkKeys, MODEL_KEYS, SEED_KEYS, SNAPSHOT_KEYS, VERSION_KEYS } from './keys';
import { bothAbsent, readColumns, readSources, testsOf } from './sources';
import { childPath, type ParsedYaml, type YamlPath } from './yaml-file';

const TOP_KEYS = ['version', 'models', 'seeds', 'snapshots', 'sources', 'macros', 'analyses', 'exposures', 'metrics', 'semantic_models', 'saved_queries', 'unit_tests', 'groups', 'functions', 'data_tests'];
/** Sections Floe reads but does not act on: documentation only, no warning. */
const SILENT = new Set(['macros', 'analyses', 'data_tests']);

export interface PropertySink {
  models: Map<string, ResourceProperties>;
  seeds: Map<string, ResourceProperties>;
  snapshots: Map<string, ResourceProperties>;
  sources: SourceDecl[];
}

const KINDS = { models: MODEL_KEYS, seeds: SEED_KEYS, snapshots: SNAPSHOT_KEYS } as const;

/** Reads one `version: 2` property file into the sink. */
export function readPropertyFile(value: unknown, file: string, y: ParsedYaml, bag: DiagnosticBag, sink: PropertySink): void {
  if (value === null || value === undefined) return;
  if (!isPlainMap(value)) {
    bag.error('FLOE_CONFIG_INVALID', 'a property file must be a mapping (version: 2, models:, sources: ...)', y.locate([]), 'See dbt\'s property file layout.');
    return;
  }
  for (const key of Object.keys(value)) {
    if (TOP_KEYS.includes(key)) continue;
    const guess = didYouMean(key, TOP_KEYS);
    bag.error('FLOE_CONFIG_UNKNOWN_KEY', `unknown top-level key "${key}" in a property file`, y.locateKey([key]), guess ? `Did you mean "${guess}"?` : `Allowed: ${TOP_KEYS.join(', ')}.`);
  }
  if (value.version !== undefined && value.version !== 2 && value.version !== '2') {
    bag.error('FLOE_API_VERSION_UNSUPPORTED', `property file version ${JSON.stringify(value.version)} is not supported`, y.locate(['version']), 'Write "version: 2" or leave it out.');
  }
  for (const kind of ['models', 'seeds', 'snapshots'] as const) {
    readResources(value[kind], kind, [kind], y, bag, sink[kind]);
  }
  sink.sources.push(...readSources(value.sources, ['sources'], y, bag, { checkKeys: true }));
  for (const key of TOP_KEYS) {
    if (value[key] === undefined || SILENT.has(key) || key === 'version' || key in KINDS || key === 'sources') continue;
    bag.warn('FLOE_FEATURE_UNSUPPORTED', `"${key}:" is not supported by Floe yet and is ignored`, y.locateKey([key]), 'It does not affect builds; remove it to silence this warning.');
  }
}

function readResources(list: unknown, kind: keyof typeof KINDS, path: YamlPath, y: ParsedYaml, bag: DiagnosticBag, into: Map<string, ResourceProperties>): void {
  if (list === undefined || list === null) return;
  const singular = kind.slice(0, -1);
  if (!Array.isArray(list)) {
    bag.error('FLOE_CONFIG_INVALID', `${kind}: must be a list`, y.locate(path), `Write "- name: <${singular}>" entries.`);
    return;
  }
  list.forEach((entry, i) => {
    const ep = childPath(path, i);
    if (!isPlainMap(entry) || typeof entry.name !== 'string') {
      bag.error('FLOE_CONFIG_MISSING_KEY', `a ${singular} entry needs a name`, y.locate(ep), `Add "name: <${singular}>".`);
      return;
    }
    const name = entry.name;
    const what = `${singular} "${name}"`;
    checkKeys(entry, KINDS[kind], ep, y, bag, what);
    const config: Record<string, unknown> = {};
    if (entry.config !== undefined && entry.config !== null) {
      if (isPlainMap(entry.config)) Object.assign(config, entry.config);
      else bag.error('FLOE_CONFIG_INVALID', `config of ${what} must be a mapping`, y.locate([...ep, 'config']), 'Write "config: { materialized: table }".');
    }
    if (config.materialized !== undefined) checkMaterialized(config.materialized, [...ep, 'config', 'materialized'], y, bag);
    if (entry.description !== undefined && entry.description !== null && typeof entry.description !== 'string') {
      bag.error('FLOE_CONFIG_INVALID', `description of ${what} must be text`, y.locate([...ep, 'description']), 'Quote it or use a block scalar (description: >).');
    }
    if (Array.isArray(entry.versions)) {
      entry.versions.forEach((v, j) => {
        if (isPlainMap(v)) checkKeys(v, VERSION_KEYS, [...ep, 'versions', j], y, bag, `version ${String(v.v)} of ${what}`);
      });
    }
    const props: ResourceProperties = {
      name,
      config,
      columns: readColumns(entry.columns, childPath(ep, 'columns'), y, bag, { checkKeys: true }, what),
      tests: bothAbsent(entry.tests, entry.data_tests) ? [] : testsOf(entry, ep, y, bag),
      // Most entries have no meta and no tags: skip the copies and the Set.
      meta: isPlainMap(entry.meta) || isPlainMap(config.meta) ? { ...(isPlainMap(entry.meta) ? entry.meta : {}), ...(isPlainMap(config.meta) ? config.meta : {}) } : {},
      tags: entry.tags === undefined && config.tags === undefined ? [] : [...new Set([...toStrings(entry.tags), ...toStrings(config.tags)])],
      at: y.locate(ep),
    };
    if (typeof entry.description === 'string') props.description = entry.description;
    if (isPlainMap(entry.docs)) props.docs = entry.docs;
    const prev = into.get(name);
    if (prev) {
      bag.error(
        'FLOE_MODEL_DUPLICATE',
        `${what} is described twice (first at ${prev.at.file}:${prev.at.line})`,
        props.at,
        'Keep one property entry per resource.',
      );
      return;
    }
    into.set(name, props);
  });
}

function toStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `{% docs name %}...{% enddocs %}` blocks of one .md file. */
export function readDocsBlocks(text: string, file: string, into: Map<string, string>, bag: DiagnosticBag): void {
  const re = /\{%-?\s*docs\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = m[1]!;
    if (into.has(name)) {
      const line = text.slice(0, m.index).split('\n').length;
      bag.error('FLOE_MODEL_DUPLICATE', `docs block "${name}" is defined twice`, { file, line, column: m.index - text.lastIndexOf('\n', m.index - 1) }, 'Rename one of the docs blocks.');
      continue;
    }
    into.set(name, m[2]!.trim());
  }
}
