import { activeOtelApi } from '@floe/core/telemetry/otel-api';
import { zodLoaded } from '@floe/core/util/lazy-schema';
import { removeProject, runCli, writeProject } from './helpers';

// zod (~40 ms of module loading) and @opentelemetry/api (~15 ms) load on first use:
// compiling a dbt project with an ordinary DuckDB profile needs neither.
const DBT_PROJECT: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nversion: "1.0.0"\nconfig-version: 2\nprofile: shop\nmodel-paths: ["models"]\n',
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n      threads: 4\n',
  'models/orders.sql': "select 1 as id, 'a' as status\n",
  'models/summary.sql': "select status, count(*) as n from {{ ref('orders') }} group by 1\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
};

describe('start-up: floe compile of a dbt project', () => {
  let dir: string;
  beforeAll(() => {
    dir = writeProject(DBT_PROJECT);
  });
  afterAll(() => removeProject(dir));

  test('loads neither zod nor the OpenTelemetry API', async () => {
    const r = await runCli(['compile', '--project-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
    expect(zodLoaded()).toBe(false);
    expect(activeOtelApi()).toBeUndefined();
  });

  test('an entry zod must judge still gets its message', async () => {
    const bad = writeProject({ ...DBT_PROJECT, 'profiles.yml': DBT_PROJECT['profiles.yml']!.replace('threads: 4', 'threads: 0') });
    try {
      const r = await runCli(['compile', '--project-dir', bad, '--json']);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/threads: Too small/);
      expect(zodLoaded()).toBe(true);
    } finally {
      removeProject(bad);
    }
  });
});
