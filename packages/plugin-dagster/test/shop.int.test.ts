/**
 * examples/shop through the real path: `floe orchestrate dagster` (the CLI
 * bundled from source) writes the code location; real Dagster validates it,
 * shows the asset graph, and `dagster asset materialize --select '*'` runs
 * `floe build` through Pipes on embedded DuckDB. A copy with a planted bad row
 * shows the failing test as a failed asset check. Runs with FLOE_E2E=1.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseArtifacts, type CompiledArtifacts } from '@floe/core';
import { ensureDagsterVenv, expectOk, floeCli, inspectDefinitions, orchestrate, REPO_ROOT, run, runEvents, type FloeCli } from './helpers/python-env';

let venv = '';
let cli: FloeCli;
let work = '';

beforeAll(async () => {
  venv = ensureDagsterVenv();
  work = mkdtempSync(join(tmpdir(), 'floe-dagster-shop-'));
  cli = await floeCli(work);
}, 600_000);

function shopCopy(name: string): string {
  const dir = join(work, name);
  cpSync(join(REPO_ROOT, 'examples', 'shop'), dir, { recursive: true });
  return dir;
}

function artifactsOf(project: string): CompiledArtifacts {
  return parseArtifacts(readFileSync(join(project, 'target', 'compiled_artifacts.json'), 'utf8'));
}

/** `dagster asset materialize -f definitions.py --select '*'` with a fresh DAGSTER_HOME. */
function materializeAll(outDir: string, home: string) {
  mkdirSync(home, { recursive: true });
  return run(join(venv, 'bin', 'dagster'), ['asset', 'materialize', '-f', 'definitions.py', '--select', '*'], {
    cwd: outDir,
    env: { ...cli.env, DAGSTER_HOME: home },
    timeoutMs: 300_000,
  });
}

async function query(dbFile: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(dbFile, { access_mode: 'READ_ONLY' });
  try {
    const conn = await db.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      conn.closeSync();
    }
  } finally {
    db.closeSync();
  }
}

function csv(file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, v.replace(/^"|"$/g, '')])));
}

/** A test's asset: generic tests name it; a singular test with one upstream is attached to that. */
function testTarget(a: CompiledArtifacts, t: CompiledArtifacts['nodes'][string]): string | undefined {
  return t.test?.attachedTo ?? (t.dependsOn.length === 1 ? t.dependsOn[0] : undefined);
}

describe('examples/shop', () => {
  let project = '';
  let outDir = '';
  let artifacts: CompiledArtifacts;
  beforeAll(() => {
    project = shopCopy('shop');
    outDir = orchestrate(cli, project);
    artifacts = artifactsOf(project);
  });

  it('floe orchestrate dagster writes target/dagster, and `dagster definitions validate -f definitions.py` passes', () => {
    expect(outDir).toBe(join(project, 'target', 'dagster'));
    const r = run(join(venv, 'bin', 'dagster'), ['definitions', 'validate', '-f', 'definitions.py'], { cwd: outDir });
    expectOk(r, 'dagster definitions validate');
    expect(r.stderr + r.stdout).toMatch(/Validation successful for code location definitions\.py/);
  }, 180_000);

  it('has one asset per seed and model (group from its folder, code version from its checksum), a check per test, and the nightly schedule', () => {
    const defs = inspectDefinitions(venv, outDir);
    const nodes = Object.values(artifacts.nodes);
    const assets = nodes.filter((n) => n.resourceType !== 'test');
    expect(Object.keys(defs.assets).sort()).toEqual(assets.map((n) => n.name).sort());
    expect(Object.keys(defs.assets)).toEqual(expect.arrayContaining(['raw_orders', 'stg_orders', 'orders', 'customers']));
    for (const n of assets) {
      const a = defs.assets[n.name]!;
      expect([n.name, a.code_version]).toEqual([n.name, n.checksum]);
      expect([n.name, a.group]).toEqual([n.name, n.path.startsWith('models/staging/') ? 'staging' : n.path.startsWith('models/marts/') ? 'marts' : 'default']);
      expect(a.executable).toBe(true);
      expect(a.kinds).toEqual(['duckdb', 'floe']);
    }
    expect(defs.assets.customers?.deps).toEqual(['orders', 'stg_customers']);
    expect(defs.assets.orders?.deps).toEqual(['stg_orders', 'stg_payments']);
    expect(defs.assets.stg_payments?.deps).toEqual(['raw_payments']);
    expect(defs.assets.orders?.description).toBe('One row per order with its payments split by method.');
    expect(defs.assets.orders?.tags).toMatchObject({ daily: '', 'floe/materialized': 'table' });
    expect(defs.assets.customers?.columns).toEqual(['customer_id', 'lifetime_value']);

    const tests = nodes.filter((n) => n.resourceType === 'test');
    expect(Object.keys(defs.checks).sort()).toEqual(tests.map((t) => `${artifacts.nodes[testTarget(artifacts, t)!]!.name}:${t.name}`).sort());
    expect(defs.checks['stg_payments:assert_no_negative_payments']).toEqual({ blocking: true });
    expect(Object.values(defs.checks).every((c) => c.blocking)).toBe(true); // every shop test has severity error

    // floe.yaml: nightly, "0 3 * * *", Europe/Berlin, tag:daily (the marts).
    const nightly = artifacts.schedules.find((s) => s.name === 'nightly')!;
    const scheduled = nightly.nodes.map((id) => artifacts.nodes[id]!);
    expect(defs.schedules).toEqual({
      floe_shop_nightly_schedule: {
        cron: '0 3 * * *',
        timezone: 'Europe/Berlin',
        job: 'floe_shop_nightly',
        assets: ['customers', 'orders'],
        checks: scheduled.filter((n) => n.resourceType === 'test').map((t) => `${artifacts.nodes[testTarget(artifacts, t)!]!.name}:${t.name}`).sort(),
      },
    });
    expect(defs.schedules.floe_shop_nightly_schedule?.checks.length).toBeGreaterThan(3);
    expect(defs.sensors).toEqual([]); // no streaming models
  }, 180_000);

  it("`dagster asset materialize --select '*'` builds every table through floe; checks pass; the DuckDB tables hold the right rows", async () => {
    const home = join(work, 'home-ok');
    const r = materializeAll(outDir, home);
    expectOk(r, "dagster asset materialize --select '*'");
    const events = runEvents(venv, home);
    expect(events.status).toBe('SUCCESS');
    expect(Object.keys(events.materializations).sort()).toEqual(Object.keys(inspectLike(artifacts)).sort());
    const orders = events.materializations.orders!;
    expect(orders.rows_affected).toEqual(['IntMetadataValue', 10]);
    // The compiled SQL's checksum (the node checksum, also over config, is the asset's code version).
    const ordersSql = artifacts.nodes['model.shop.orders']!.compiledSql!;
    expect(orders.checksum).toEqual(['TextMetadataValue', createHash('sha256').update(ordersSql).digest('hex')]);
    expect(orders.duration_seconds?.[0]).toBe('FloatMetadataValue');
    expect(orders.compiled_sql?.[0]).toBe('MarkdownMetadataValue');
    expect(Object.keys(events.checks).length).toBe(Object.values(artifacts.nodes).filter((n) => n.resourceType === 'test').length);
    expect(Object.entries(events.checks).filter(([, c]) => !c.passed)).toEqual([]);

    // The tables, against totals computed here from the seed CSVs.
    const seeds = join(project, 'seeds');
    const rawOrders = csv(join(seeds, 'raw_orders.csv'));
    const payments = csv(join(seeds, 'raw_payments.csv'));
    const paidByOrder = new Map<string, number>();
    for (const p of payments) paidByOrder.set(p.order_id!, (paidByOrder.get(p.order_id!) ?? 0) + Number(p.amount_cents));
    const expected = csv(join(seeds, 'raw_customers.csv')).map((c) => {
      const kept = rawOrders.filter((o) => o.customer_id === c.id && o.status !== 'returned');
      return { customer_id: Number(c.id), order_count: kept.length, lifetime_cents: kept.reduce((s, o) => s + (paidByOrder.get(o.id!) ?? 0), 0) };
    });
    const db = join(project, 'target', 'floe.duckdb');
    const customers = await query(db, 'select customer_id, order_count, round(lifetime_value * 100)::bigint as lifetime_cents from main.customers order by customer_id');
    expect(customers.map((c) => ({ customer_id: Number(c.customer_id), order_count: Number(c.order_count), lifetime_cents: Number(c.lifetime_cents) }))).toEqual(expected);
    const [totals] = await query(db, 'select count(*) as n, round(sum(amount) * 100)::bigint as cents, round(sum(card_amount) * 100)::bigint as card from main.orders');
    const cardCents = payments.filter((p) => p.method === 'card').reduce((s, p) => s + Number(p.amount_cents), 0);
    expect([Number(totals!.n), Number(totals!.cents), Number(totals!.card)]).toEqual([rawOrders.length, payments.reduce((s, p) => s + Number(p.amount_cents), 0), cardCents]);
    expect(expected.some((c) => c.lifetime_cents > 0)).toBe(true);
  }, 420_000);
});

/** Every seed and model of the artifacts, by name (what Dagster should have materialized). */
function inspectLike(a: CompiledArtifacts): Record<string, true> {
  return Object.fromEntries(Object.values(a.nodes).filter((n) => n.resourceType !== 'test').map((n) => [n.name, true]));
}

describe('examples/shop with a planted bad row', () => {
  it('a failing test is a failed ERROR asset check with its failing-row count; the run fails and the assets downstream are not built', () => {
    const project = shopCopy('shop-bad');
    appendFileSync(join(project, 'seeds', 'raw_payments.csv'), '1013,110,card,-100\n');
    const outDir = orchestrate(cli, project);
    const home = join(work, 'home-bad');
    const r = materializeAll(outDir, home);
    expect(r.status).not.toBe(0);
    const events = runEvents(venv, home);
    expect(events.status).toBe('FAILURE');
    expect(events.checks['stg_payments:assert_no_negative_payments']).toMatchObject({
      passed: false,
      severity: 'ERROR',
      metadata: { failures: ['IntMetadataValue', 1] },
    });
    expect(Object.entries(events.checks).filter(([, c]) => !c.passed).map(([k]) => k)).toEqual(['stg_payments:assert_no_negative_payments']);
    // stg_payments was built (the test ran on it); its dependants were skipped by floe build.
    expect(Object.keys(events.materializations)).toContain('stg_payments');
    expect(Object.keys(events.materializations)).not.toContain('orders');
    expect(Object.keys(events.materializations)).not.toContain('customers');
    expect(events.step_failures.join('\n')).toMatch(/floe-cli\.cjs build --select .* --project-dir .*shop-bad --env dev` exited with code 1/);
  }, 420_000);
});
