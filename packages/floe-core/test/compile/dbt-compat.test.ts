import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileProject } from '../../src';
import { testRegistry } from './test-targets';

/** dbt behaviours found by building examples/bikeshare_dbt with dbt-duckdb and Floe side by side. */

const BIKESHARE = join(__dirname, '../../../../examples/bikeshare_dbt');

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-dbtcompat-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const DBT_PROJECT = ['name: compat', "version: '1.0.0'", 'config-version: 2', 'profile: compat', ''].join('\n');

describe('dbt compatibility (found by the dbt comparison test)', () => {
  test('a {% test %} block is a custom generic test; a model-level one gets no column_name', async () => {
    const dir = project({
      'dbt_project.yml': DBT_PROJECT,
      'macros/pair.sql': '{% test unique_pair(model, columns) %}\nselect {{ columns | join(", ") }} from {{ model }} group by all having count(*) > 1\n{% endtest %}\n',
      'macros/positive.sql': '{% test positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n',
      'models/m.sql': 'select 1 as a, 2 as b\n',
      'models/m.yml': [
        'version: 2',
        'models:',
        '  - name: m',
        '    data_tests:',
        '      - unique_pair:',
        '          arguments:',
        '            columns: [a, b]',
        '    columns:',
        '      - name: a',
        '        data_tests: [positive]',
        '',
      ].join('\n'),
    });
    try {
      const r = await compileProject({ projectDir: dir, registry: testRegistry() });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const tests = Object.values(r.artifacts!.nodes).filter((n) => n.resourceType === 'test');
      const pair = tests.find((t) => t.name.startsWith('unique_pair'))!;
      expect(pair.compiledSql).toContain('select a, b from "main"."m" group by all having count(*) > 1');
      const positive = tests.find((t) => t.name.startsWith('positive'))!;
      expect(positive.compiledSql).toContain('where a <= 0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('dbt_project.yml config blocks reach a resource by its own name (seed column_types, model materialized)', async () => {
    const dir = project({
      'dbt_project.yml': [
        DBT_PROJECT,
        'seeds:',
        '  compat:',
        '    +schema: raw',
        '    codes:',
        '      +column_types:',
        '        zip: varchar',
        'models:',
        '  compat:',
        '    +materialized: view',
        '    marts:',
        '      special:',
        '        +materialized: table',
        '',
      ].join('\n'),
      'seeds/codes.csv': 'id,zip\n1,02110\n',
      'models/marts/special.sql': 'select 1 as x\n',
      'models/marts/plain.sql': 'select 2 as x\n',
    });
    try {
      const r = await compileProject({ projectDir: dir, registry: testRegistry() });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const nodes = r.artifacts!.nodes;
      expect(nodes['seed.compat.codes']!.seed!.columnTypes).toEqual({ zip: 'varchar' });
      expect(nodes['seed.compat.codes']!.relation!.schema).toBe('main_raw');
      expect(nodes['model.compat.special']!.materialized).toBe('table');
      expect(nodes['model.compat.plain']!.materialized).toBe('view');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('examples/bikeshare_dbt compiles: 5 seeds, 12 models, 3 snapshots, 26 tests', async () => {
    const r = await compileProject({ projectDir: BIKESHARE, registry: testRegistry() });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const counts: Record<string, number> = {};
    for (const n of Object.values(r.artifacts!.nodes)) counts[n.resourceType] = (counts[n.resourceType] ?? 0) + 1;
    expect(counts).toEqual({ seed: 5, model: 12, snapshot: 3, test: 26 });
    expect(r.artifacts!.nodes['seed.bikeshare.stations']!.seed!.columnTypes).toEqual({ zip_code: 'varchar', capacity: 'smallint' });
  });
});
