import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { loadProject } from '../../src/load';
import { brief, cleanupProjects, errorsOf, FLOE_HEAD, writeProject } from './helpers';

afterAll(cleanupProjects);

async function load(files: Record<string, string>) {
  const dir = writeProject(files);
  const r = await loadProject({ projectDir: dir, env: {} });
  return { ...r, dir, errors: errorsOf(r.diagnostics) };
}

/** Loads a native project whose floe.yaml is FLOE_HEAD plus `extra`. */
async function native(extra: string, files: Record<string, string> = {}) {
  return load({ 'floe.yaml': FLOE_HEAD + extra, ...files });
}

describe('discovery and YAML', () => {
  it('refuses a folder with neither floe.yaml nor dbt_project.yml', async () => {
    const r = await load({ 'README.md': 'hi' });
    expect(r.project).toBeUndefined();
    expect(r.errors.map((d) => d.code)).toEqual(['FLOE_PROJECT_NOT_FOUND']);
    expect(r.errors[0]!.hint).toMatch(/floe init/);
  });

  it('reports a duplicate key at its line and column', async () => {
    const r = await native('compute: a\ncompute: b\n');
    expect(r.errors.map(brief)).toEqual([{ code: 'FLOE_YAML_DUPLICATE_KEY', file: 'floe.yaml', line: 7, column: 1 }]);
    expect(r.errors[0]!.message).toContain('"compute"');
  });

  it('reports a syntax error in a property file and keeps checking the rest', async () => {
    const r = await native('models:\n  materialized: tabel\n', { 'models/a.sql': 'select 1', 'models/a.yml': 'models:\n  - name: a\n    columns: [x\n' });
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_MATERIALIZATION_UNKNOWN', file: 'floe.yaml', line: 7, column: 17 },
      { code: 'FLOE_YAML_SYNTAX', file: 'models/a.yml', line: 4, column: 1 },
    ]);
  });
});

describe('floe.yaml schema', () => {
  it('checks apiVersion, kind, name and version at their values', async () => {
    const r = await load({ 'floe.yaml': 'apiVersion: floe.dev/v2\nkind: Projekt\nmetadata:\n  name: Shop_1\n  version: "1.0"\n' });
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_API_VERSION_UNSUPPORTED', file: 'floe.yaml', line: 1, column: 13 },
      { code: 'FLOE_API_VERSION_UNSUPPORTED', file: 'floe.yaml', line: 2, column: 7 },
      { code: 'FLOE_NAME_INVALID', file: 'floe.yaml', line: 4, column: 9 },
      { code: 'FLOE_VERSION_INVALID', file: 'floe.yaml', line: 5, column: 12 },
    ]);
    expect(r.errors[2]!.message).toContain('lowercase');
  });

  it('refuses a name longer than 63 characters', async () => {
    const r = await load({ 'floe.yaml': FLOE_HEAD.replace('name: shop', `name: ${'a'.repeat(64)}`) });
    expect(r.errors.map(brief)).toEqual([{ code: 'FLOE_NAME_INVALID', file: 'floe.yaml', line: 4, column: 9 }]);
  });

  it('reports unknown keys at the key, with did-you-mean', async () => {
    const r = await native('scheduls: []\npaths:\n  model: [models]\n');
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'floe.yaml', line: 6, column: 1 },
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'floe.yaml', line: 8, column: 3 },
    ]);
    expect(r.errors.map((e) => e.hint)).toEqual(['Did you mean "schedules"?', 'Did you mean "models"?']);
  });

  it('reports a missing required key at its parent', async () => {
    const r = await load({ 'floe.yaml': 'apiVersion: floe.dev/v1\nkind: Project\nmetadata:\n  name: shop\n' });
    expect(r.errors.map(brief)).toEqual([{ code: 'FLOE_CONFIG_MISSING_KEY', file: 'floe.yaml', line: 4, column: 3 }]);
    expect(r.errors[0]!.message).toBe('metadata.version is required');
  });

  it('checks folder config blocks: unknown scalar keys and materializations', async () => {
    const r = await native('models:\n  materialised: table\n  staging:\n    +materialized: stream_table\n    marts:\n      tags: [a]\n      colour: red\n');
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'floe.yaml', line: 7, column: 3 },
      { code: 'FLOE_MATERIALIZATION_UNKNOWN', file: 'floe.yaml', line: 9, column: 20 },
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'floe.yaml', line: 12, column: 7 },
    ]);
    expect(r.errors[0]!.hint).toBe('Did you mean "materialized"?');
    expect(r.errors[1]!.hint).toMatch(/Did you mean "streaming_table"\?/);
  });

  it('checks sources: logical column types, stream settings and unknown keys', async () => {
    const r = await native(
      [
        'sources:',
        '  - name: events',
        '    tables:',
        '      - name: clicks',
        '        stream:',
        '          kafka: { topic: clicks, formt: json }',
        '          watermark: { column: ts, delay: soon }',
        '        columns:',
        '          - { name: ts, type: varchar }',
        '        identifer: x',
      ].join('\n') + '\n',
    );
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'floe.yaml', line: 11, column: 35 },
      { code: 'FLOE_CONFIG_INVALID', file: 'floe.yaml', line: 12, column: 43 },
      { code: 'FLOE_CONFIG_INVALID', file: 'floe.yaml', line: 14, column: 31 },
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'floe.yaml', line: 15, column: 9 },
    ]);
    expect(r.errors[0]!.hint).toBe('Did you mean "format"?');
    expect(r.errors[2]!.hint).toMatch(/timestamp\(3\)/);
    expect(r.errors[3]!.hint).toBe('Did you mean "identifier"?');
  });

  it('checks schedules: cron fields (pointing at the bad field), names, timezones', async () => {
    const r = await native(
      [
        'schedules:',
        '  - { name: a, cron: "0 25 * * *" }',
        '  - { name: b, cron: "0 3 * * FUNDAY" }',
        '  - { name: c, cron: "0 3 * *" }',
        '  - { name: d, cron: "*/0 3 1-31 JAN-MAR MON,WED", timezone: Europe/Berln }',
        '  - { name: e, cron: "0 3 31-1 * *", timezone: Mars/Olympus }',
      ].join('\n') + '\n',
    );
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_SCHEDULE_INVALID', file: 'floe.yaml', line: 7, column: 25 },
      { code: 'FLOE_SCHEDULE_INVALID', file: 'floe.yaml', line: 8, column: 31 },
      { code: 'FLOE_SCHEDULE_INVALID', file: 'floe.yaml', line: 9, column: 23 },
      { code: 'FLOE_SCHEDULE_INVALID', file: 'floe.yaml', line: 10, column: 23 },
      { code: 'FLOE_SCHEDULE_TIMEZONE', file: 'floe.yaml', line: 10, column: 62 },
      { code: 'FLOE_SCHEDULE_INVALID', file: 'floe.yaml', line: 11, column: 27 },
      { code: 'FLOE_SCHEDULE_TIMEZONE', file: 'floe.yaml', line: 11, column: 48 },
    ]);
    expect(r.errors[0]!.message).toBe('cron field 2 (hour): 25 is out of range 0-23');
    expect(r.errors[1]!.message).toMatch(/FUNDAY/);
    expect(r.errors[2]!.message).toMatch(/has 4 fields/);
    expect(r.errors[4]!.hint).toBe('Did you mean "Europe/Berlin"?');
  });

  it('refuses credentials anywhere in floe.yaml and points to platform.yaml', async () => {
    const r = await native('vars:\n  API_Key: abc\n  snowflake:\n    private_key_passphrase: x\n  token_count: 3\nsources:\n  - name: s\n    password: p\n    tables: []\n');
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_CONFIG_SECRET_IN_PROJECT', file: 'floe.yaml', line: 7, column: 3 },
      { code: 'FLOE_CONFIG_SECRET_IN_PROJECT', file: 'floe.yaml', line: 9, column: 5 },
      { code: 'FLOE_CONFIG_SECRET_IN_PROJECT', file: 'floe.yaml', line: 10, column: 3 },
      { code: 'FLOE_CONFIG_SECRET_IN_PROJECT', file: 'floe.yaml', line: 13, column: 5 },
    ]);
    for (const e of r.errors) expect(e.hint).toMatch(/platform\.yaml/);
    // The secret's value never appears in a diagnostic.
    expect(JSON.stringify(r.diagnostics)).not.toMatch(/abc/);
  });
});

describe('paths', () => {
  it('refuses paths and plugin paths that leave the project folder', async () => {
    const r = await native('plugins: ["@acme/floe-x", "../plugin"]\npaths:\n  models: [models, ../shared]\n  seeds: /etc\n');
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_PATH_OUTSIDE_PROJECT', file: 'floe.yaml', line: 6, column: 27 },
      { code: 'FLOE_PATH_OUTSIDE_PROJECT', file: 'floe.yaml', line: 8, column: 20 },
      { code: 'FLOE_PATH_OUTSIDE_PROJECT', file: 'floe.yaml', line: 9, column: 10 },
    ]);
  });

  it('refuses a symlink that points outside the project', async () => {
    const outside = writeProject({ 'evil.sql': 'select 1' });
    const dir = writeProject({ 'floe.yaml': FLOE_HEAD + 'paths:\n  models: [linked]\n', 'models/ok.sql': 'select 1' });
    symlinkSync(outside, path.join(dir, 'linked'));
    mkdirSync(path.join(dir, 'inner'));
    symlinkSync(path.join(outside, 'evil.sql'), path.join(dir, 'models', 'evil.sql'));
    const r1 = await loadProject({ projectDir: dir });
    expect(errorsOf(r1.diagnostics).map(brief)).toEqual([{ code: 'FLOE_PATH_OUTSIDE_PROJECT', file: 'floe.yaml', line: 7, column: 12 }]);
    const dir2 = writeProject({ 'floe.yaml': FLOE_HEAD, 'models/ok.sql': 'select 1' });
    symlinkSync(path.join(outside, 'evil.sql'), path.join(dir2, 'models', 'evil.sql'));
    const r2 = await loadProject({ projectDir: dir2 });
    expect(errorsOf(r2.diagnostics).map(brief)).toEqual([{ code: 'FLOE_PATH_OUTSIDE_PROJECT', file: 'models/evil.sql', line: 1, column: 1 }]);
  });
});

describe('platform.yaml', () => {
  it('refuses literal credentials, entries without a type and a wrong kind', async () => {
    const platform = [
      'apiVersion: floe.dev/v1',
      'kind: Platfrom',
      'environments:',
      '  prod:',
      '    compute:',
      '      warehouse:',
      '        type: snowflake',
      '        password: hunter2',
      '        auth: { private_key: { env: KEY }, token: { secret: T } }',
      '      other: { path: x }',
    ].join('\n');
    const r = await native('', { 'platform.yaml': platform + '\n' });
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_API_VERSION_UNSUPPORTED', file: 'platform.yaml', line: 2, column: 7 },
      { code: 'FLOE_CONFIG_SECRET_IN_PROJECT', file: 'platform.yaml', line: 8, column: 19 },
      { code: 'FLOE_CONFIG_MISSING_KEY', file: 'platform.yaml', line: 10, column: 14 },
    ]);
    expect(r.errors[1]!.hint).toMatch(/^write \{ secret: NAME \}/);
    expect(JSON.stringify(r.diagnostics)).not.toMatch(/hunter2/);
  });
});

describe('models, seeds and property files', () => {
  it('refuses duplicate resource names (naming both files) and invalid model names', async () => {
    const r = await native('', { 'models/a/orders.sql': 'select 1', 'models/b/orders.sql': 'select 2', 'seeds/orders.csv': 'id\n1\n', 'models/my-model.sql': 'select 3' });
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_MODEL_DUPLICATE', file: 'models/b/orders.sql', line: 1, column: 1 },
      { code: 'FLOE_NAME_INVALID', file: 'models/my-model.sql', line: 1, column: 1 },
      { code: 'FLOE_MODEL_DUPLICATE', file: 'seeds/orders.csv', line: 1, column: 1 },
    ]);
    expect(r.errors[0]!.message).toBe('"orders" is defined twice: models/a/orders.sql and models/b/orders.sql');
  });

  it('reports ragged and empty seeds at the row and column', async () => {
    const csv = 'id,name,amount\n1,a,3\n2,b,4\n3,c,5\n4,d,6\n5,e,7\n6,f,8,9\n7,g\n';
    const r = await native('', { 'seeds/pay.csv': csv, 'seeds/empty.csv': '', 'seeds/semi.csv': 'a;b\n1;2\n' });
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_SEED_INVALID', file: 'seeds/empty.csv', line: 1, column: 1 },
      { code: 'FLOE_SEED_INVALID', file: 'seeds/pay.csv', line: 7, column: 7 },
      { code: 'FLOE_SEED_INVALID', file: 'seeds/pay.csv', line: 8, column: 4 },
    ]);
    expect(r.errors[1]!.message).toBe('row 7 has 4 fields, header has 3');
    expect(r.errors[2]!.message).toBe('row 8 has 2 fields, header has 3');
  });

  it('uses the seed delimiter from folder config and properties', async () => {
    const r = await native('seeds:\n  +delimiter: ";"\n', {
      'seeds/semi.csv': 'a;b\n1;2\n',
      'seeds/pipe.csv': 'a|b\n1|2\n',
      'seeds/props.yml': 'seeds:\n  - name: pipe\n    config: { delimiter: "|" }\n',
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('checks property files: unknown keys, tests, materializations, unknown models', async () => {
    const props = [
      'version: 2',
      'models:',
      '  - name: orders',
      '    descripton: typo',
      '    config: { materialized: tabel }',
      '    columns:',
      '      - name: id',
      '        tests:',
      '          - unique',
      '          - { accepted_values: { values: [a] }, not_null: {} }',
      '          - relationships: [x]',
      '        dat_type: int',
      '  - name: ordrs',
      'exposures:',
      '  - name: dash',
      'metrcs: []',
    ].join('\n');
    const r = await native('', { 'models/orders.sql': 'select 1', 'models/props.yml': props + '\n' });
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'models/props.yml', line: 4, column: 5 },
      { code: 'FLOE_MATERIALIZATION_UNKNOWN', file: 'models/props.yml', line: 5, column: 29 },
      { code: 'FLOE_TEST_INVALID', file: 'models/props.yml', line: 10, column: 13 },
      { code: 'FLOE_TEST_INVALID', file: 'models/props.yml', line: 11, column: 28 },
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'models/props.yml', line: 12, column: 9 },
      { code: 'FLOE_PROPERTY_UNKNOWN_MODEL', file: 'models/props.yml', line: 13, column: 5 },
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'models/props.yml', line: 16, column: 1 },
    ]);
    expect(r.errors.map((e) => e.hint)).toEqual([
      'Did you mean "description"?',
      expect.stringMatching(/Did you mean "table"\?/),
      expect.stringMatching(/Nest arguments under the test name/),
      expect.stringMatching(/must|mapping|keys under the test name/),
      'Did you mean "data_type"?',
      'Did you mean "orders"?',
      'Did you mean "metrics"?',
    ]);
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map(brief)).toEqual([{ code: 'FLOE_FEATURE_UNSUPPORTED', file: 'models/props.yml', line: 14, column: 1 }]);
  });

  it('checks dbt source properties and duplicate source tables', async () => {
    const props = [
      'sources:',
      '  - name: raw',
      '    loadr: fivetran',
      '    tables:',
      '      - name: orders',
      '        columns: [{ name: id, data_tsts: [unique] }]',
      '      - name: orders',
    ].join('\n');
    const r = await native('', { 'models/src.yml': props + '\n' });
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'models/src.yml', line: 3, column: 5 },
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'models/src.yml', line: 6, column: 31 },
      { code: 'FLOE_MODEL_DUPLICATE', file: 'models/src.yml', line: 7, column: 9 },
    ]);
  });
});

describe('dbt mode', () => {
  it('applies dbt name rules, checks dbt_project.yml keys and folder blocks', async () => {
    const r = await load({
      'dbt_project.yml': "name: 'my-project'\nversion: 'one'\nmodel-path: [models]\nmodels:\n  my_project:\n    materialized: tabel\n",
      'models/a.sql': 'select 1',
    });
    expect(r.errors.map(brief)).toEqual([
      { code: 'FLOE_NAME_INVALID', file: 'dbt_project.yml', line: 1, column: 7 },
      { code: 'FLOE_VERSION_INVALID', file: 'dbt_project.yml', line: 2, column: 10 },
      { code: 'FLOE_CONFIG_UNKNOWN_KEY', file: 'dbt_project.yml', line: 3, column: 1 },
    ]);
    expect(r.errors[2]!.hint).toBe('Did you mean "model-paths"?');
  });

  it('checks materializations under the project level, and only warns for unknown property models', async () => {
    const r = await load({
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    staging:\n      +materialized: tabel\n',
      'models/a.sql': 'select 1',
      'models/a.yml': 'version: 2\nmodels:\n  - name: b\n',
    });
    expect(r.errors.map(brief)).toEqual([{ code: 'FLOE_MATERIALIZATION_UNKNOWN', file: 'dbt_project.yml', line: 5, column: 22 }]);
    expect(r.diagnostics.filter((d) => d.severity === 'warning').map(brief)).toEqual([{ code: 'FLOE_PROPERTY_UNKNOWN_MODEL', file: 'models/a.yml', line: 3, column: 5 }]);
  });

  it('warns for a profile output type Floe has no target for and falls back to DuckDB', async () => {
    const r = await load({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n',
    });
    expect(r.errors).toEqual([]);
    expect(r.diagnostics.map(brief)).toEqual([{ code: 'FLOE_FEATURE_UNSUPPORTED', file: 'profiles.yml', line: 5, column: 13 }]);
    expect(r.project!.platform).toBeUndefined();
  });
});
