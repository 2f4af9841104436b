import type { DiagnosticBag } from '../errors';
import type { TestDecl } from '../project/types';
import { TEST_CONFIG_KEYS } from './config-keys';
import { isPlainMap } from './config-tree';
import { childPath, type ParsedYaml, type YamlPath } from './yaml-file';

/**
 * Reads a `tests:`/`data_tests:` list. Entries are a test name (`unique`),
 * a one-key mapping (`accepted_values: {values: [...], severity: warn}`), or
 * dbt's `test_name:` form. Inline config keys and `config:` go to `config`;
 * everything else (and dbt 1.10's `arguments:`) goes to `args`.
 */
export function readTests(value: unknown, path: YamlPath, y: ParsedYaml, bag: DiagnosticBag, column?: string): TestDecl[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    bag.error('FLOE_TEST_INVALID', 'tests must be a list', y.locate(path), 'Write "- unique" style list entries.');
    return [];
  }
  const out: TestDecl[] = [];
  value.forEach((entry, i) => {
    const at = y.locate(childPath(path, i));
    if (typeof entry === 'string') {
      out.push(withColumn({ name: entry, args: {}, config: {}, at }, column));
      return;
    }
    if (!isPlainMap(entry)) {
      bag.error('FLOE_TEST_INVALID', 'a test is a name or a one-key mapping', at, 'Write "- unique" or "- accepted_values: { values: [a, b] }".');
      return;
    }
    let name: string;
    let body: Record<string, unknown>;
    if (typeof entry.test_name === 'string') {
      name = entry.test_name;
      body = { ...entry };
      delete body.test_name;
    } else {
      const keys = Object.keys(entry);
      if (keys.length !== 1) {
        bag.error('FLOE_TEST_INVALID', `a test mapping needs exactly one key (the test name), found ${keys.length}: ${keys.join(', ')}`, at, 'Nest arguments under the test name: "- accepted_values: { values: [...] }".');
        return;
      }
      name = keys[0]!;
      const inner = entry[name];
      if (inner !== null && inner !== undefined && !isPlainMap(inner)) {
        bag.error('FLOE_TEST_INVALID', `arguments of test "${name}" must be a mapping`, y.locate([...path, i, name]), 'Write "values: [...]" style keys under the test name.');
        return;
      }
      body = (inner as Record<string, unknown> | null) ?? {};
    }
    const args: Record<string, unknown> = {};
    const config: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === 'config') {
        if (isPlainMap(v)) Object.assign(config, v);
        else bag.error('FLOE_TEST_INVALID', 'a test config must be a mapping', y.locate([...path, i, name, k]), 'Write "config: { severity: warn }".');
      } else if (k === 'arguments' && isPlainMap(v)) {
        Object.assign(args, v);
      } else if (TEST_CONFIG_KEYS.has(k)) {
        config[k] = v;
      } else {
        args[k] = v;
      }
    }
    if (config.severity !== undefined && (typeof config.severity !== 'string' || !/^(error|warn)$/i.test(config.severity))) {
      bag.error('FLOE_TEST_INVALID', `severity must be error or warn, got ${JSON.stringify(config.severity)}`, y.locate([...path, i, name]), 'Use severity: error or severity: warn.');
    }
    out.push(withColumn({ name, args, config, at }, column));
  });
  return out;
}

/** The column goes last, as the copy `{ ...t, column }` used to put it. */
function withColumn(t: TestDecl, column: string | undefined): TestDecl {
  if (column !== undefined) t.column = column;
  return t;
}
