import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry, runArtifacts, type CompiledArtifacts } from '@floe/core';
import { ArtifactsBuilder } from '@floe/target-conformance';
import { DuckDbConfigSchema, createDuckDbDialect, duckdbTarget } from '../src';

/**
 * dbt 1.9 snapshot options that change the table's shape; found missing by the
 * dbt-duckdb comparison (apps/floe-cli/test/e2e). Before, Floe ignored them silently.
 */
describe('DuckDB snapshots: snapshot_meta_column_names, dbt_valid_to_current, hard_deletes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-snapopts-'));
  const raw = { type: 'duckdb', path: join(dir, 'snap.duckdb') };
  const registry = new PluginRegistry([duckdbTarget]);

  function artifacts(rows: string, snapshotConfig: Record<string, unknown>): CompiledArtifacts {
    return new ArtifactsBuilder({ dialect: createDuckDbDialect(DuckDbConfigSchema.parse(raw)), targetType: 'duckdb', computeConfig: raw, mode: 'dbt' })
      .model('src', { materialized: 'table', sql: () => `select * from (values ${rows}) as t(id, plan)` })
      .snapshot('snap', { sql: (c) => `select id, plan from ${c.ref('src')}`, config: { unique_key: 'id', strategy: 'check', check_cols: ['plan'], ...snapshotConfig } })
      .build();
  }
  async function run(a: CompiledArtifacts) {
    const r = await runArtifacts({ artifacts: a, registry, projectDir: dir, nodeIds: Object.keys(a.nodes), threads: 1, failFast: false, fullRefresh: false });
    return r;
  }
  async function query(sql: string) {
    const c = await duckdbTarget.connect(DuckDbConfigSchema.parse(raw), { projectDir: dir, resolveSecret: () => '', logger: { debug() {}, info() {}, warn() {} } });
    try {
      return (await c.execute(sql)).rows;
    } finally {
      await c.close();
    }
  }

  it('renames the bookkeeping columns and keeps current versions at dbt_valid_to_current', async () => {
    const config = {
      dbt_valid_to_current: "cast('9999-12-31' as timestamp)",
      snapshot_meta_column_names: { dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to', dbt_scd_id: 'version_id', dbt_updated_at: 'captured_at' },
      hard_deletes: 'invalidate',
    };
    expect((await run(artifacts("(1, 'a'), (2, 'b'), (3, 'c')", config))).success).toBe(true);
    const cols = await query("select column_name from information_schema.columns where table_name = 'snap' order by ordinal_position");
    expect(cols.map((c) => c['column_name'])).toEqual(['id', 'plan', 'version_id', 'captured_at', 'valid_from', 'valid_to']);
    // Second run: 1 changes plan, 3 disappears (invalidated), 2 stays.
    expect((await run(artifacts("(1, 'z'), (2, 'b')", config))).success).toBe(true);
    const rows = await query("select id, plan, cast(valid_to as varchar) as valid_to from main.snap order by id, valid_from");
    expect(rows.map((r) => [r['id'], r['plan'], r['valid_to'] === '9999-12-31 00:00:00' ? 'current' : 'closed'])).toEqual([
      [1, 'a', 'closed'],
      [1, 'z', 'current'],
      [2, 'b', 'current'],
      [3, 'c', 'closed'],
    ]);
  });

  it("hard_deletes='new_record' closes a deleted key's version and opens one marked deleted; a returning key opens a fresh one", async () => {
    const config = { hard_deletes: 'new_record' };
    const rows = async () =>
      (await query('select id, plan, dbt_is_deleted as d, dbt_valid_to is null as cur from main.snap order by id, dbt_valid_from, dbt_is_deleted')).map((r) => [r['id'], r['plan'], r['d'], r['cur']]);
    await query('drop table if exists main.snap');
    expect((await run(artifacts("(1, 'a'), (2, 'b')", config))).success).toBe(true);
    expect(await rows()).toEqual([
      [1, 'a', 'False', true],
      [2, 'b', 'False', true],
    ]);
    expect((await run(artifacts("(1, 'a')", config))).success).toBe(true);
    expect((await run(artifacts("(1, 'a')", config))).success).toBe(true); // still deleted: no second marker
    expect(await rows()).toEqual([
      [1, 'a', 'False', true],
      [2, 'b', 'False', false],
      [2, 'b', 'True', true],
    ]);
    expect((await run(artifacts("(1, 'a'), (2, 'c')", config))).success).toBe(true);
    expect(await rows()).toEqual([
      [1, 'a', 'False', true],
      [2, 'b', 'False', false],
      [2, 'b', 'True', false],
      [2, 'c', 'False', true],
    ]);
  });

  it('refuses an unknown hard_deletes value', async () => {
    const r = await run(artifacts("(1, 'a')", { hard_deletes: 'purge' }));
    const snap = r.results.find((x) => x.uniqueId.endsWith('.snap'));
    expect(snap?.status).toBe('error');
    expect(snap?.message).toContain('hard_deletes must be ignore, invalidate or new_record');
  });
});
