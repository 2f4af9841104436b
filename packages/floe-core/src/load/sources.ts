import type { DiagnosticBag } from '../errors';
import type { ColumnDecl, SourceDecl, TestDecl } from '../project/types';
import { isPlainMap } from './config-tree';
import { checkKeys, COLUMN_KEYS, SOURCE_KEYS, SOURCE_TABLE_KEYS } from './keys';
import { readTests } from './tests-decl';
import { childPath, type ParsedYaml, type YamlPath } from './yaml-file';

/** Logical column types (PROJECT_FORMAT.md §4). */
export const LOGICAL_TYPE_RE = /^(boolean|int|bigint|double|string|date|json|timestamp(\([0-9]\))?|decimal\(\s*[0-9]+\s*,\s*[0-9]+\s*\))$/i;
const LOGICAL_TYPES = 'boolean, int, bigint, double, decimal(p,s), string, date, timestamp, timestamp(3), json';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const map = (v: unknown): Record<string, unknown> => (isPlainMap(v) ? v : {});

/** Read-only stand-in for a missing `config:` mapping. */
const NO_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({});

/** True when both values are undefined or null (readTests would return nothing for either). */
export function bothAbsent(a: unknown, b: unknown): boolean {
  return (a === undefined || a === null) && (b === undefined || b === null);
}

export interface ReadOptions {
  /** Check keys by hand (property files); floe.yaml is checked by its zod schema instead. */
  checkKeys: boolean;
}

/** Reads a `columns:` list (sources and property files alike). */
export function readColumns(value: unknown, path: YamlPath, y: ParsedYaml, bag: DiagnosticBag, opts: ReadOptions, what: string): ColumnDecl[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    bag.error('FLOE_CONFIG_INVALID', `columns of ${what} must be a list`, y.locate(path), 'Write "- name: col" entries.');
    return [];
  }
  const out: ColumnDecl[] = [];
  value.forEach((c, i) => {
    const cp = childPath(path, i);
    if (!isPlainMap(c) || typeof c.name !== 'string') {
      if (isPlainMap(c) && (c.include !== undefined || c.exclude !== undefined)) return; // model-version include/exclude entry
      bag.error('FLOE_CONFIG_MISSING_KEY', `a column of ${what} needs a name`, y.locate(cp), 'Add "name: <column>".');
      return;
    }
    if (opts.checkKeys) checkKeys(c, COLUMN_KEYS, cp, y, bag, () => `column "${c.name}" of ${what}`);
    if (c.type !== undefined && (typeof c.type !== 'string' || !LOGICAL_TYPE_RE.test(c.type))) {
      bag.error('FLOE_CONFIG_INVALID', `unknown column type ${JSON.stringify(c.type)} for column "${c.name}"`, y.locate([...cp, 'type']), `Use a logical type: ${LOGICAL_TYPES} (or data_type: for a target-specific type).`);
    }
    // Most columns have only a name (and a description): skip the reads, paths and copies of absent keys.
    const cfg = isPlainMap(c.config) ? c.config : NO_CONFIG;
    const col: ColumnDecl = {
      name: c.name,
      tests: bothAbsent(c.tests, c.data_tests) ? [] : testsOf(c, cp, y, bag, c.name),
      meta: isPlainMap(c.meta) || isPlainMap(cfg.meta) ? { ...map(c.meta), ...map(cfg.meta) } : {},
      tags: c.tags === undefined && cfg.tags === undefined ? [] : [...strs(c.tags), ...strs(cfg.tags)],
      at: y.locate(cp),
    };
    const description = str(c.description);
    if (description !== undefined) col.description = description;
    const dataType = str(c.data_type) ?? str(c.type);
    if (dataType !== undefined) col.dataType = dataType;
    out.push(col);
  });
  return out;
}

/** The `tests:` and `data_tests:` of an entry, in that order (a path is built only for a list that is there). */
export function testsOf(entry: Record<string, unknown>, path: YamlPath, y: ParsedYaml, bag: DiagnosticBag, column?: string): TestDecl[] {
  const tests = entry.tests === undefined || entry.tests === null ? [] : readTests(entry.tests, childPath(path, 'tests'), y, bag, column);
  if (entry.data_tests === undefined || entry.data_tests === null) return tests;
  const dataTests = readTests(entry.data_tests, childPath(path, 'data_tests'), y, bag, column);
  return tests.length === 0 ? dataTests : [...tests, ...dataTests];
}

/** Reads a `sources:` list (floe.yaml §4 or a dbt property file) into one SourceDecl per table. */
export function readSources(value: unknown, path: YamlPath, y: ParsedYaml, bag: DiagnosticBag, opts: ReadOptions): SourceDecl[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    bag.error('FLOE_CONFIG_INVALID', 'sources must be a list', y.locate(path), 'Write "- name: <source>" entries.');
    return [];
  }
  const out: SourceDecl[] = [];
  value.forEach((s, i) => {
    const sp = childPath(path, i);
    if (!isPlainMap(s) || typeof s.name !== 'string') {
      if (opts.checkKeys) bag.error('FLOE_CONFIG_MISSING_KEY', 'a source needs a name', y.locate(sp), 'Add "name: <source>".');
      return;
    }
    const sourceName = s.name;
    if (opts.checkKeys) checkKeys(s, SOURCE_KEYS, sp, y, bag, `source "${sourceName}"`);
    const scfg = map(s.config);
    if (s.tables !== undefined && s.tables !== null && !Array.isArray(s.tables)) {
      bag.error('FLOE_CONFIG_INVALID', `tables of source "${s.name}" must be a list`, y.locate([...sp, 'tables']), 'Write "- name: <table>" entries.');
      return;
    }
    ((s.tables as unknown[] | undefined) ?? []).forEach((t, j) => {
      const tp = [...sp, 'tables', j];
      if (!isPlainMap(t) || typeof t.name !== 'string') {
        if (opts.checkKeys) bag.error('FLOE_CONFIG_MISSING_KEY', `a table of source "${s.name}" needs a name`, y.locate(tp), 'Add "name: <table>".');
        return;
      }
      const what = `source table "${s.name}.${t.name}"`;
      if (opts.checkKeys) checkKeys(t, SOURCE_TABLE_KEYS, tp, y, bag, what);
      const tcfg = map(t.config);
      const decl: SourceDecl = {
        sourceName,
        tableName: t.name,
        schema: str(s.schema) ?? sourceName,
        identifier: str(t.identifier) ?? t.name,
        columns: readColumns(t.columns, childPath(tp, 'columns'), y, bag, opts, what),
        tests: [...readTests(t.tests, [...tp, 'tests'], y, bag), ...readTests(t.data_tests, [...tp, 'data_tests'], y, bag)],
        tags: [...new Set([...strs(s.tags), ...strs(scfg.tags), ...strs(t.tags), ...strs(tcfg.tags)])],
        meta: { ...map(s.meta), ...map(scfg.meta), ...map(t.meta), ...map(tcfg.meta) },
        at: y.locate(tp),
      };
      const database = str(s.database);
      if (database !== undefined) decl.database = database;
      const compute = str(s.compute);
      if (compute !== undefined) decl.compute = compute;
      const description = str(t.description);
      if (description !== undefined) decl.description = description;
      const loadedAt = str(tcfg.loaded_at_field) ?? str(t.loaded_at_field) ?? str(scfg.loaded_at_field) ?? str(s.loaded_at_field);
      if (loadedAt !== undefined) decl.loadedAtField = loadedAt;
      // Most specific wins; an explicit null at table level switches freshness off (as in dbt).
      const fresh = [tcfg.freshness, t.freshness, scfg.freshness, s.freshness].find((f) => f !== undefined);
      if (isPlainMap(fresh)) decl.freshness = fresh;
      if (isPlainMap(t.stream)) decl.stream = t.stream;
      out.push(decl);
    });
  });
  return out;
}
