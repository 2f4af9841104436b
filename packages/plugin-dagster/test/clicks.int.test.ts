/**
 * test/projects/clicks (a Kafka source, a streaming_table model on Flink, a
 * seed and a mart on DuckDB) through `floe orchestrate dagster` and real
 * Dagster: the graph with sources as external assets, the streaming asset
 * (materialized by `floe deploy`: see streaming.int.test.ts), its health check
 * and sensor, the schedule, a batch materialization through the real CLI; and the loader's refusal of an unknown artifacts major.
 * Runs with FLOE_E2E=1.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArtifacts } from '@floe/core';
import { ensureDagsterVenv, expectOk, floeCli, inspectDefinitions, orchestrate, PACKAGE_ROOT, run, runEvents, type FloeCli } from './helpers/python-env';

let venv = '';
let cli: FloeCli;
let work = '';
let project = '';
let outDir = '';

beforeAll(async () => {
  venv = ensureDagsterVenv();
  work = mkdtempSync(join(tmpdir(), 'floe-dagster-clicks-'));
  cli = await floeCli(work);
  project = join(work, 'clicks');
  cpSync(join(PACKAGE_ROOT, 'test', 'projects', 'clicks'), project, { recursive: true });
  outDir = orchestrate(cli, project);
}, 600_000);

it('`dagster definitions validate -f definitions.py` passes', () => {
  const r = run(join(venv, 'bin', 'dagster'), ['definitions', 'validate', '-f', 'definitions.py'], { cwd: outDir });
  expectOk(r, 'dagster definitions validate');
  expect(r.stderr + r.stdout).toMatch(/Validation successful for code location definitions\.py/);
}, 180_000);

it('declares sources as external assets, the streaming model with its health check and sensor, checks and the schedule', () => {
  const artifacts = parseArtifacts(readFileSync(join(project, 'target', 'compiled_artifacts.json'), 'utf8'));
  const defs = inspectDefinitions(venv, outDir);
  expect(Object.keys(defs.assets).sort()).toEqual(['clicks_per_minute', 'page_titles', 'pages', 'raw/clicks']);
  expect(defs.assets['raw/clicks']).toMatchObject({ executable: false, group: 'raw', deps: [], kinds: ['floe', 'source'] });
  expect(defs.assets.clicks_per_minute).toMatchObject({
    executable: true,
    group: 'streaming',
    deps: ['raw/clicks'],
    kinds: ['flink', 'floe'],
    code_version: artifacts.nodes['model.clicks.clicks_per_minute']!.checksum,
    tags: { 'floe/materialized': 'streaming_table' },
  });
  // The ephemeral int_pages is inlined by the compiler: not an asset; its upstream is page_titles' dep.
  expect(defs.assets.page_titles).toMatchObject({
    group: 'marts',
    deps: ['pages'],
    owners: ['team:web'],
    description: 'Pages with upper-case titles.',
    code_version: artifacts.nodes['model.clicks.page_titles']!.checksum,
    tags: { hourly: '', needs_review_: '', 'floe/materialized': 'table' },
    columns: ['page_id', 'title'],
    table_name: 'clicks.main.page_titles',
  });
  expect(defs.assets.pages).toMatchObject({ group: 'default', deps: [], kinds: ['duckdb', 'floe'], owners: ['ana@example.org'] });
  expect(defs.checks).toEqual({
    'clicks_per_minute:flink_job_health': { blocking: false },
    'page_titles:not_null_page_titles_page_id': { blocking: true },
    'page_titles:unique_page_titles_title': { blocking: false }, // severity warn
    'raw/clicks:source_not_null_raw_clicks_user_id': { blocking: true },
  });
  expect(defs.schedules).toEqual({
    floe_clicks_hourly_schedule: {
      cron: '15 * * * *',
      timezone: 'UTC',
      job: 'floe_clicks_hourly',
      assets: ['page_titles'],
      checks: ['page_titles:not_null_page_titles_page_id', 'page_titles:unique_page_titles_title'],
    },
  });
  expect(defs.sensors).toEqual(['floe_clicks_flink_health']);
}, 180_000);

it('materializing a batch subset runs `floe build` for exactly it and its tests (the real CLI, on DuckDB)', () => {
  // The streaming asset's deploy runs against real Kafka + Flink in streaming.int.test.ts.
  const home = join(work, 'home-build');
  mkdirSync(home, { recursive: true });
  const r = run(join(venv, 'bin', 'dagster'), ['asset', 'materialize', '-f', 'definitions.py', '--select', 'pages,page_titles'], { cwd: outDir, env: { ...cli.env, DAGSTER_HOME: home }, timeoutMs: 300_000 });
  expectOk(r, 'dagster asset materialize');
  const events = runEvents(venv, home);
  expect(events.status).toBe('SUCCESS');
  expect(events.logs).toContain(
    `running ${process.execPath} ${cli.bundle} build --select not_null_page_titles_page_id page_titles pages unique_page_titles_title --project-dir ${project} --env dev`,
  );
  expect(Object.keys(events.materializations).sort()).toEqual(['page_titles', 'pages']);
  expect(events.materializations.page_titles).toMatchObject({ rows_affected: ['IntMetadataValue', 2], materialized: ['TextMetadataValue', 'table'] });
  expect(events.checks).toEqual({
    'page_titles:not_null_page_titles_page_id': expect.objectContaining({ passed: true, severity: 'ERROR' }),
    'page_titles:unique_page_titles_title': expect.objectContaining({ passed: true, severity: 'WARN' }),
  });
}, 300_000);

it('refuses artifacts of an unknown major when Dagster loads the location, saying what to do', () => {
  const file = join(project, 'target', 'compiled_artifacts.json');
  const original = readFileSync(file, 'utf8');
  const version = (JSON.parse(original) as { artifactsVersion: string }).artifactsVersion;
  writeFileSync(file, original.replace(`"artifactsVersion":"${version}"`, '"artifactsVersion":"2.0.0"'));
  try {
    const r = run(join(venv, 'bin', 'dagster'), ['definitions', 'validate', '-f', 'definitions.py'], { cwd: outDir });
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/FloeArtifactsError: .*compiled_artifacts\.json has artifactsVersion 2\.0\.0, but this floe_dagster\.py reads 1\.x\. Re-run `floe orchestrate dagster`/);
  } finally {
    writeFileSync(file, original);
  }
}, 180_000);
