import { BASE_PROJECT, removeProject, runCli, targetIsEmpty, writeProject } from './helpers';

/**
 * The broken-project corpus: each case changes the valid base project in one
 * way; each must exit 2 with its FLOE_ code at the right file:line:col, print
 * no stack trace, and write nothing under target/.
 */
interface BrokenCase {
  name: string;
  files: Record<string, string | null>;
  args?: string[];
  code: string;
  at?: string; // file:line:col (omitted when the problem has no file, e.g. --vars)
}

const floe = (extra: string) => BASE_PROJECT['floe.yaml'] + extra;
const platform = (body: string) => `apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  dev:\n    compute:\n${body}`;
/** The base project plus a Flink compute, a Kafka stream source and one streaming model in models/marts/clicks.sql. */
const streaming = (model: string, watermark = true): Record<string, string> => ({
  'platform.yaml': platform('      warehouse:\n        type: duckdb\n      stream:\n        type: flink\n        kafka: { brokers: ["127.0.0.1:9092"] }\n'),
  'floe.yaml': floe(`compute: warehouse\nexperimental: [flink]\nsources:\n  - name: events\n    compute: stream\n    tables:\n      - name: clicks\n        stream:\n          kafka: { topic: clicks }\n${watermark ? '          watermark: { column: ts, delay: 5s }\n' : ''}        columns:\n          - { name: user_id, type: string }\n          - { name: ts, type: timestamp(3) }\n`),
  'models/marts/clicks.sql': model,
  'models/marts/clicks.yml': 'version: 2\nmodels:\n  - name: clicks\n    columns:\n      - { name: user_id, data_type: string }\n      - { name: n, data_type: bigint }\n',
});

const CASES: BrokenCase[] = [
  { name: 'YAML syntax error', files: { 'floe.yaml': 'apiVersion: floe.dev/v1\nkind: Project\nmetadata:\n  name: corpus\n  version: [1.0.0\n' }, code: 'FLOE_YAML_SYNTAX', at: 'floe.yaml:6:1' },
  { name: 'duplicate YAML key', files: { 'floe.yaml': floe('models:\n  materialized: table\n') }, code: 'FLOE_YAML_DUPLICATE_KEY', at: 'floe.yaml:10:1' },
  { name: 'unknown top-level key', files: { 'floe.yaml': floe('modelz:\n  materialized: view\n') }, code: 'FLOE_CONFIG_UNKNOWN_KEY', at: 'floe.yaml:10:1' },
  { name: 'unknown metadata key', files: { 'floe.yaml': BASE_PROJECT['floe.yaml']!.replace('  version: 1.0.0', '  version: 1.0.0\n  ownr: me') }, code: 'FLOE_CONFIG_UNKNOWN_KEY', at: 'floe.yaml:6:3' },
  { name: 'wrong type for vars', files: { 'floe.yaml': floe('vars: [1, 2]\n') }, code: 'FLOE_CONFIG_INVALID', at: 'floe.yaml:10:7' },
  { name: 'wrong type for experimental', files: { 'floe.yaml': floe('experimental: flink\n') }, code: 'FLOE_CONFIG_INVALID', at: 'floe.yaml:10:15' },
  { name: 'invalid project name', files: { 'floe.yaml': BASE_PROJECT['floe.yaml']!.replace('name: corpus', 'name: Corpus_Project') }, code: 'FLOE_NAME_INVALID', at: 'floe.yaml:4:9' },
  { name: 'invalid semver', files: { 'floe.yaml': BASE_PROJECT['floe.yaml']!.replace('version: 1.0.0', 'version: 1.x') }, code: 'FLOE_VERSION_INVALID', at: 'floe.yaml:5:12' },
  { name: 'wrong apiVersion', files: { 'floe.yaml': BASE_PROJECT['floe.yaml']!.replace('floe.dev/v1', 'floe.dev/v9') }, code: 'FLOE_API_VERSION_UNSUPPORTED', at: 'floe.yaml:1:13' },
  { name: 'credential in floe.yaml', files: { 'floe.yaml': floe('vars:\n  password: hunter2\n') }, code: 'FLOE_CONFIG_SECRET_IN_PROJECT', at: 'floe.yaml:11:3' },
  { name: 'unknown materialization in YAML', files: { 'floe.yaml': BASE_PROJECT['floe.yaml']!.replace('materialized: table', 'materialized: tabel') }, code: 'FLOE_MATERIALIZATION_UNKNOWN', at: 'floe.yaml:9:19' },
  { name: 'unknown materialization in config()', files: { 'models/marts/items.sql': "{{ config(materialized='tabel') }}\nselect 1 as id\n" }, code: 'FLOE_MATERIALIZATION_UNKNOWN', at: 'models/marts/items.sql:1:4' },
  { name: 'unknown folder config key', files: { 'floe.yaml': BASE_PROJECT['floe.yaml']!.replace('materialized: view', 'materialised: view') }, code: 'FLOE_CONFIG_UNKNOWN_KEY', at: 'floe.yaml:7:3' },
  { name: 'unknown ref', files: { 'models/marts/items.sql': "select *\nfrom {{ ref('stg_itemz') }}\n" }, code: 'FLOE_REF_UNKNOWN', at: 'models/marts/items.sql:2:9' },
  { name: 'unknown source', files: { 'models/marts/items.sql': "select * from {{ source('raw', 'items') }}\n" }, code: 'FLOE_SOURCE_UNKNOWN', at: 'models/marts/items.sql:1:18' },
  { name: 'unknown macro', files: { 'models/marts/items.sql': 'select {{ cents_to_dollars(price) }} from x\n' }, code: 'FLOE_MACRO_UNKNOWN', at: 'models/marts/items.sql:1:11' },
  { name: 'unknown var', files: { 'models/marts/items.sql': "select * from {{ ref('stg_items') }}\nwhere id > {{ var('min_id') }}\n" }, code: 'FLOE_VAR_UNKNOWN', at: 'models/marts/items.sql:2:15' },
  { name: 'missing env var', files: { 'models/marts/items.sql': "select '{{ env_var('FLOE_TEST_SURELY_UNSET') }}' as x\n" }, code: 'FLOE_ENV_VAR_MISSING', at: 'models/marts/items.sql:1:12' },
  { name: 'dependency cycle', files: { 'models/staging/stg_items.sql': "select * from {{ ref('items') }}\n" }, code: 'FLOE_DAG_CYCLE', at: 'models/marts/items.sql:1:1' },
  { name: 'duplicate model names', files: { 'models/marts/stg_items.sql': 'select 1 as id\n' }, code: 'FLOE_MODEL_DUPLICATE', at: 'models/staging/stg_items.sql:1:1' },
  { name: 'invalid model file name', files: { 'models/marts/my-items.sql': 'select 1 as id\n' }, code: 'FLOE_NAME_INVALID', at: 'models/marts/my-items.sql:1:1' },
  { name: 'unclosed if block', files: { 'models/marts/items.sql': "select *\nfrom {{ ref('stg_items') }}\n{% if true %}\nwhere id > 1\n" }, code: 'FLOE_TEMPLATE_SYNTAX', at: 'models/marts/items.sql:3:1' },
  { name: 'unclosed for block', files: { 'models/marts/items.sql': "select\n{% for c in ['a', 'b'] %}\n  {{ c }},\nfrom x\n" }, code: 'FLOE_TEMPLATE_SYNTAX', at: 'models/marts/items.sql:2:1' },
  { name: 'unsupported Jinja tag', files: { 'models/marts/items.sql': "{% extends 'base.sql' %}\nselect 1\n" }, code: 'FLOE_TEMPLATE_UNSUPPORTED', at: 'models/marts/items.sql:1:1' },
  { name: 'run_query at compile time', files: { 'models/marts/items.sql': "{% set r = run_query('select 1') %}\nselect 1 as id\n" }, code: 'FLOE_TEMPLATE_UNSUPPORTED', at: 'models/marts/items.sql:1:12' },
  { name: 'bad cron', files: { 'floe.yaml': floe('schedules:\n  - name: nightly\n    cron: "0 25 * * *"\n    timezone: UTC\n    select: "tag:x"\n') }, code: 'FLOE_SCHEDULE_INVALID', at: 'floe.yaml:12:14' },
  { name: 'bad timezone', files: { 'floe.yaml': floe('schedules:\n  - name: nightly\n    cron: "0 3 * * *"\n    timezone: Mars/Olympus\n    select: "items"\n') }, code: 'FLOE_SCHEDULE_TIMEZONE', at: 'floe.yaml:13:15' },
  { name: 'schedule selecting nothing', files: { 'floe.yaml': floe('schedules:\n  - name: nightly\n    cron: "0 3 * * *"\n    timezone: UTC\n    select: "tag:nothing_has_this"\n') }, code: 'FLOE_SCHEDULE_EMPTY', at: 'floe.yaml:11:5' },
  { name: 'unknown target type', files: { 'platform.yaml': platform('      warehouse:\n        type: duckdbb\n'), 'floe.yaml': floe('compute: warehouse\n') }, code: 'FLOE_TARGET_UNKNOWN', at: 'platform.yaml:7:15' },
  { name: 'misconfigured target', files: { 'platform.yaml': platform('      warehouse:\n        type: duckdb\n        threads: many\n'), 'floe.yaml': floe('compute: warehouse\n') }, code: 'FLOE_TARGET_CONFIG_INVALID', at: 'platform.yaml:8:18' },
  { name: 'unknown target setting', files: { 'platform.yaml': platform('      warehouse:\n        type: duckdb\n        treads: 4\n'), 'floe.yaml': floe('compute: warehouse\n') }, code: 'FLOE_TARGET_CONFIG_INVALID', at: 'platform.yaml:8:9' },
  { name: 'missing environment', files: { 'platform.yaml': platform('      warehouse:\n        type: duckdb\n'), 'floe.yaml': floe('compute: warehouse\n') }, args: ['--env', 'prod'], code: 'FLOE_ENVIRONMENT_UNKNOWN', at: 'platform.yaml:1:1' },
  { name: 'unknown compute name', files: { 'platform.yaml': platform('      warehouse:\n        type: duckdb\n'), 'floe.yaml': floe('compute: warehous\n') }, code: 'FLOE_COMPUTE_UNKNOWN', at: 'floe.yaml:1:1' },
  { name: 'literal password in platform.yaml', files: { 'platform.yaml': platform('      warehouse:\n        type: snowflake\n        account: acme\n        user: me\n        database: DB\n        password: hunter2\n'), 'floe.yaml': floe('compute: warehouse\n') }, code: 'FLOE_CONFIG_SECRET_IN_PROJECT', at: 'platform.yaml:11:19' },
  { name: 'streaming_table on DuckDB', files: { 'models/marts/items.sql': "{{ config(materialized='streaming_table') }}\nselect 1 as id\n" }, code: 'FLOE_CAPABILITY_MISSING', at: 'models/marts/items.sql:1:4' },
  { name: 'merge without unique_key', files: { 'models/marts/items.sql': "{{ config(materialized='incremental', incremental_strategy='merge') }}\nselect * from {{ ref('stg_items') }}\n" }, code: 'FLOE_CONFIG_REQUIRED', at: 'models/marts/items.sql:1:4' },
  { name: 'snapshot without updated_at', files: { 'models/marts/items.sql': "{{ config(materialized='snapshot', strategy='timestamp', unique_key='id') }}\nselect * from {{ ref('stg_items') }}\n" }, code: 'FLOE_CONFIG_REQUIRED', at: 'models/marts/items.sql:1:4' },
  { name: 'experimental target without opt-in', files: { 'platform.yaml': platform('      warehouse:\n        type: duckdb\n      stream:\n        type: flink\n        kafka: { brokers: ["127.0.0.1:9092"] }\n'), 'floe.yaml': floe('compute: warehouse\n'), 'models/marts/clicks.sql': "{{ config(compute='stream', materialized='streaming_table') }}\nselect 1 as id\n" }, code: 'FLOE_EXPERIMENTAL_NOT_ENABLED', at: 'platform.yaml:9:15' },
  { name: 'ragged seed CSV', files: { 'seeds/raw_items.csv': 'id,name,price\n1,apple,3\n2,pear\n' }, code: 'FLOE_SEED_INVALID', at: 'seeds/raw_items.csv:3:7' },
  { name: 'missing plugin package', files: { 'floe.yaml': floe('plugins:\n  - "@acme/floe-target-nope"\n') }, code: 'FLOE_PLUGIN_NOT_FOUND', at: 'floe.yaml:11:5' },
  { name: 'model path outside the project', files: { 'floe.yaml': floe('paths:\n  models: [../elsewhere]\n') }, code: 'FLOE_PATH_OUTSIDE_PROJECT', at: 'floe.yaml:11:12' },
  { name: 'YAML alias bomb', files: { 'floe.yaml': floe('vars:\n  a: &a ["x","x","x","x","x","x","x","x","x","x"]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n') }, code: 'FLOE_YAML_ALIAS_LIMIT', at: 'floe.yaml' },
  { name: 'invalid --vars', files: {}, args: ['--vars', '[1, 2'], code: 'FLOE_VARS_INVALID' },
  { name: 'unknown generic test', files: { 'models/marts/schema.yml': 'version: 2\nmodels:\n  - name: items\n    columns:\n      - name: id\n        tests: [uniq]\n' }, code: 'FLOE_TEST_INVALID', at: 'models/marts/schema.yml:6:17' },
  { name: 'accepted_values without values', files: { 'models/marts/schema.yml': 'version: 2\nmodels:\n  - name: items\n    columns:\n      - name: id\n        tests:\n          - accepted_values:\n              quote: false\n' }, code: 'FLOE_TEST_INVALID', at: 'models/marts/schema.yml:7:13' },
  { name: 'unknown key in a property file', files: { 'models/marts/schema.yml': 'version: 2\nmodels:\n  - name: items\n    descripton: typo\n' }, code: 'FLOE_CONFIG_UNKNOWN_KEY', at: 'models/marts/schema.yml:4:5' },
  { name: 'no project file', files: { 'floe.yaml': null }, code: 'FLOE_PROJECT_NOT_FOUND' },
  { name: 'updating query into an append-only topic (Flink)', files: streaming("{{ config(materialized='streaming_table', compute='stream') }}\nselect user_id, count(*) as n\nfrom {{ source('events', 'clicks') }}\ngroup by user_id\n"), code: 'FLOE_STREAMING_CHANGELOG', at: 'models/marts/clicks.sql:1:4' },
  { name: 'incremental on Flink', files: streaming("{{ config(materialized='incremental', compute='stream', unique_key='user_id') }}\nselect user_id, 1 as n from {{ source('events', 'clicks') }}\n"), code: 'FLOE_CAPABILITY_MISSING', at: 'models/marts/clicks.sql:1:4' },
  { name: 'snapshot on Flink', files: streaming("{{ config(materialized='snapshot', compute='stream', unique_key='user_id', strategy='check', check_cols='all') }}\nselect user_id, 1 as n from {{ source('events', 'clicks') }}\n"), code: 'FLOE_CAPABILITY_MISSING', at: 'models/marts/clicks.sql:1:4' },
  { name: 'window over a column without watermark (Flink)', files: streaming("{{ config(materialized='streaming_table', compute='stream', unique_key='user_id') }}\nselect user_id, count(*) as n\nfrom table(tumble(table {{ source('events', 'clicks') }}, descriptor(ts), interval '1' minute))\ngroup by user_id, window_start, window_end\n", false), code: 'FLOE_STREAMING_WATERMARK_MISSING', at: 'models/marts/clicks.sql:3:59' },
];

const base = (c: BrokenCase): Record<string, string | null> => ({ ...BASE_PROJECT, ...c.files });

describe('broken-project corpus', () => {
  test('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CASES)('$name → exit 2, $code', async (c) => {
    const dir = writeProject(base(c));
    try {
      const human = await runCli(['compile', '--project-dir', dir, ...(c.args ?? [])]);
      expect({ code: human.code, stderr: human.stderr }).toMatchObject({ code: 2 });
      expect(human.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
      expect(targetIsEmpty(dir)).toBe(true);

      const json = await runCli(['compile', '--project-dir', dir, '--json', ...(c.args ?? [])]);
      expect(json.code).toBe(2);
      const doc = JSON.parse(json.stdout) as { diagnostics: { code: string; file?: string; line?: number; column?: number }[] };
      const codes = doc.diagnostics.map((d) => d.code);
      expect(codes).toContain(c.code);
      if (c.at) {
        const d = doc.diagnostics.find((x) => x.code === c.code)!;
        const [file, line, column] = c.at.split(':');
        expect(d.file).toBe(file);
        if (line) expect(`${d.file}:${d.line}:${d.column}`).toBe(c.at);
      }
      expect(targetIsEmpty(dir)).toBe(true);
    } finally {
      removeProject(dir);
    }
  });
});
