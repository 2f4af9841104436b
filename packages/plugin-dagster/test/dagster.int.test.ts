/**
 * Real Dagster (tools/python/requirements-dagster.txt) against the emitted code
 * location and the TypeScript Pipes writer. Runs with FLOE_E2E=1 (npm run test:e2e).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePipesParam, decodePipesParam, openPipesSession, PipesMetadata, type PipesContextData } from '../src/pipes';
import { ArtifactsBuilder, shopArtifacts } from './helpers/artifacts-builder';
import { bundleScript, emitProject, ensureDagsterVenv, PACKAGE_ROOT, run } from './helpers/python-env';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures');
let venv = '';
const py = () => join(venv, 'bin', 'python');
const dagster = () => join(venv, 'bin', 'dagster');

beforeAll(() => {
  venv = ensureDagsterVenv();
}, 600_000);

function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `floe-dagster-${prefix}-`));
}

function expectOk(r: ReturnType<typeof run>, what: string): void {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
}

describe('emitted code location in real Dagster', () => {
  let outDir = '';
  beforeAll(async () => {
    outDir = await emitProject(tmp('shop'), shopArtifacts());
  });

  it('passes `dagster definitions validate -f definitions.py`', () => {
    const r = run(dagster(), ['definitions', 'validate', '-f', 'definitions.py'], { cwd: outDir });
    expectOk(r, 'dagster definitions validate');
    expect(r.stderr + r.stdout).toMatch(/Validation successful for code location definitions\.py/);
  }, 180_000);

  it('declares the assets, deps, checks, schedules and sensor the artifacts describe', () => {
    const r = run(py(), [join(FIXTURES, 'inspect_definitions.py'), 'definitions.py'], { cwd: outDir });
    expectOk(r, 'inspect_definitions.py');
    const defs = JSON.parse(r.stdout) as {
      assets: Record<string, { deps: string[]; group: string; code_version: string | null; owners: string[]; tags: Record<string, string>; kinds: string[]; executable: boolean; description: string | null; table_name: string | null; columns: string[] }>;
      checks: Record<string, { blocking: boolean }>;
      schedules: Record<string, { cron: string; timezone: string; job: string; assets: string[]; checks: string[] }>;
      sensors: string[];
    };
    const artifacts = shopArtifacts();
    // Ephemeral int_orders_enriched is not an asset; its upstreams became orders' deps.
    expect(Object.keys(defs.assets).sort()).toEqual(['clicks_per_minute', 'orders', 'raw/clicks', 'raw/orders', 'raw_customers', 'stg_orders', 'top']);
    expect(defs.assets.orders?.deps).toEqual(['raw_customers', 'stg_orders']);
    expect(defs.assets.stg_orders?.deps).toEqual(['raw/orders']);
    expect(defs.assets.top?.deps).toEqual(['orders']);
    expect(defs.assets['raw/orders']?.executable).toBe(false);
    expect(defs.assets.stg_orders?.group).toBe('staging');
    expect(defs.assets.orders?.group).toBe('marts');
    expect(defs.assets.top?.group).toBe('default');
    expect(defs.assets.orders?.code_version).toBe(artifacts.nodes['model.shop.orders']?.checksum);
    expect(defs.assets.stg_orders?.owners).toEqual(['ana@example.org']);
    expect(defs.assets.orders?.owners).toEqual(['team:analytics']);
    expect(defs.assets.top?.owners).toEqual([]);
    expect(defs.assets.stg_orders?.tags).toMatchObject({ daily: '', needs_fix_: '', 'floe/materialized': 'view' });
    expect(defs.assets.stg_orders?.description).toBe('Orders, cleaned');
    expect(defs.assets.stg_orders?.table_name).toBe('main.stg_orders');
    expect(defs.assets.stg_orders?.columns).toEqual(['id', 'amount']);
    expect(defs.assets.clicks_per_minute?.kinds).toEqual(['flink', 'floe']);
    expect(defs.checks).toEqual({
      'clicks_per_minute:flink_job_health': { blocking: false },
      'clicks_per_minute:not_null_clicks_per_minute_window_start': { blocking: true },
      'orders:not_null_orders_id': { blocking: true },
      'raw/orders:not_null_raw_orders_id': { blocking: true },
      'stg_orders:unique_stg_orders_id': { blocking: false },
    });
    expect(defs.schedules).toEqual({
      floe_shop_nightly_schedule: {
        cron: '0 3 * * *',
        timezone: 'Europe/Berlin',
        job: 'floe_shop_nightly',
        assets: ['orders', 'stg_orders'],
        checks: ['orders:not_null_orders_id', 'stg_orders:unique_stg_orders_id'],
      },
    });
    expect(defs.sensors).toEqual(['floe_shop_flink_health']);
  }, 180_000);

  it('refuses artifacts of an unknown major with a clear message', async () => {
    const dir = await emitProject(tmp('major'), shopArtifacts());
    const file = join(dir, '..', 'compiled_artifacts.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"artifactsVersion":"1.0.0"', '"artifactsVersion":"2.0.0"'));
    const r = run(dagster(), ['definitions', 'validate', '-f', 'definitions.py'], { cwd: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/artifactsVersion 2\.0\.0, but this floe_dagster\.py reads 1\.x/);
  }, 180_000);
});

describe('TypeScript Pipes writer against the dagster_pipes package', () => {
  it('writes the same messages as dagster_pipes for the same calls, and they validate against its types', () => {
    const dir = tmp('ref');
    const context: PipesContextData = {
      asset_keys: ['shop/orders', 'shop/stg_orders'],
      code_version_by_asset_key: null,
      provenance_by_asset_key: null,
      partition_key: null,
      partition_key_range: null,
      partition_time_window: null,
      run_id: 'r1',
      job_name: null,
      retry_number: 0,
      extras: {},
    };
    const contextFile = join(dir, 'context.json');
    const messages = join(dir, 'ts.jsonl');
    writeFileSync(contextFile, JSON.stringify(context));
    const session = openPipesSession({
      DAGSTER_PIPES_CONTEXT: encodePipesParam({ path: contextFile }),
      DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
    });
    if (!session) throw new Error('no session');
    session.reportMaterialization({
      assetKey: 'shop/orders',
      dataVersion: 'v1',
      metadata: {
        rows_affected: PipesMetadata.int(12),
        duration_seconds: PipesMetadata.float(2),
        checksum: PipesMetadata.text('abc'),
        compiled_sql: PipesMetadata.md('```sql\nselect 1\n```'),
        raw_count: 7,
      },
    });
    session.reportCheck({ assetKey: 'shop/orders', checkName: 'not_null_orders_id', passed: false, severity: 'WARN', metadata: { failures: PipesMetadata.int(3) } });
    session.log('INFO', 'hello');
    session.reportCustomMessage({ a: 1 });
    session.close();

    const encoded = encodePipesParam({ path: '/tmp/x', nested: [1, 'ü'] });
    const r = run(py(), [join(FIXTURES, 'python_pipes_reference.py'), contextFile, messages, encoded]);
    expectOk(r, 'python_pipes_reference.py');
    const out = JSON.parse(r.stdout) as { reference: string[]; problems: string[]; decoded: unknown; encoded: string };
    expect(out.problems).toEqual([]);
    const ours = readFileSync(messages, 'utf8').trim().split('\n');
    expect(ours.map((l) => JSON.parse(l))).toEqual(out.reference.map((l) => JSON.parse(l)));
    // Floats keep their decimal point on the wire, as Python's json.dumps writes them.
    expect(ours[1]).toContain('"raw_value":2.0');
    expect(out.reference[1]).toContain('"raw_value": 2.0');
    expect(out.decoded).toEqual({ path: '/tmp/x', nested: [1, 'ü'] });
    expect(decodePipesParam(out.encoded)).toEqual({ path: '/tmp/ctx.json', ü: [1, 2.5] });
  }, 120_000);
});

describe('Pipes round trip: dagster asset materialize runs a Node process that reports through the TS writer', () => {
  function roundTripArtifacts() {
    const b = new ArtifactsBuilder('rt', 'dev');
    const a = b.model('a', 'models/a.sql');
    const bb = b.model('b', 'models/b.sql', { dependsOn: [a] });
    b.test('not_null_a_id', a);
    b.test('warn_fail_unique_a_id', a, { severity: 'warn', testName: 'unique' });
    b.test('fail_not_null_b_id', bb);
    return b.build();
  }

  let project = '';
  let outDir = '';
  let fakeFloe = '';
  beforeAll(async () => {
    project = tmp('rt');
    outDir = await emitProject(project, roundTripArtifacts());
    fakeFloe = bundleScript(join(FIXTURES, 'fake-floe.ts'), join(project, 'fake-floe.cjs'));
  });

  function materialize(select: string, home: string, argvLog: string) {
    const env = {
      DAGSTER_HOME: home,
      FLOE_COMMAND: `${JSON.stringify(process.execPath)} ${JSON.stringify(fakeFloe)}`,
      FAKE_FLOE_ARGV_LOG: argvLog,
    };
    const r = run(dagster(), ['asset', 'materialize', '-f', 'definitions.py', '--select', select], { cwd: outDir, env, timeoutMs: 180_000 });
    const events = run(py(), [join(FIXTURES, 'run_events.py')], { env });
    expectOk(events, 'run_events.py');
    return {
      cli: r,
      events: JSON.parse(events.stdout) as {
        status: string;
        materializations: Record<string, Record<string, [string, unknown]>>;
        checks: Record<string, { passed: boolean; severity: string; metadata: Record<string, [string, unknown]> }>;
        logs: string[];
        step_failures: string[];
      },
      argv: readFileSync(argvLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]),
    };
  }

  it('records the materializations and check results, and fails the run on a failed error-severity test', () => {
    const home = tmp('home');
    const { cli, events, argv } = materialize('a,b', home, join(home, 'argv.jsonl'));
    expect(cli.status).not.toBe(0);
    expect(argv).toEqual([
      ['build', '--select', 'a', 'b', 'fail_not_null_b_id', 'not_null_a_id', 'warn_fail_unique_a_id', '--project-dir', project, '--env', 'dev'],
    ]);
    expect(events.status).toBe('FAILURE');
    expect(Object.keys(events.materializations).sort()).toEqual(['a', 'b']);
    expect(events.materializations.a).toMatchObject({
      rows_affected: ['IntMetadataValue', 42],
      'dagster/row_count': ['IntMetadataValue', 42],
      duration_seconds: ['FloatMetadataValue', 1],
      checksum: ['TextMetadataValue', 'sha-model.rt.a'],
      compiled_sql: ['MarkdownMetadataValue', '```sql\nselect 42 as id\n```'],
    });
    expect(events.checks['a:not_null_a_id']).toMatchObject({ passed: true, severity: 'ERROR' });
    expect(events.checks['a:warn_fail_unique_a_id']).toMatchObject({ passed: false, severity: 'WARN' });
    expect(events.checks['b:fail_not_null_b_id']).toMatchObject({ passed: false, severity: 'ERROR', metadata: { failures: ['IntMetadataValue', 3] } });
    expect(events.step_failures.join('\n')).toMatch(/exited with code 1/);
  }, 300_000);

  it('runs only the selected subset', () => {
    const home = tmp('home');
    const { cli, events, argv } = materialize('a', home, join(home, 'argv.jsonl'));
    expect(argv).toEqual([['build', '--select', 'a', 'not_null_a_id', 'warn_fail_unique_a_id', '--project-dir', project, '--env', 'dev']]);
    expectOk(cli, 'dagster asset materialize --select a');
    expect(events.status).toBe('SUCCESS');
    expect(Object.keys(events.materializations)).toEqual(['a']);
    expect(Object.keys(events.checks).sort()).toEqual(['a:not_null_a_id', 'a:warn_fail_unique_a_id']);
  }, 300_000);
});
