import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PluginRegistry, compileProject, type Diagnostic } from '@floe/core';
import duckdb from '@floe/target-duckdb';
import flink from '../../src';

const example = path.resolve(__dirname, '../../../../examples/clickstream');
const MODEL = 'models/streaming/clicks_per_minute.sql';

/** The example project with some files replaced, compiled; returns diagnostics and the artifacts. */
async function compileWith(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'floe-flink-'));
  try {
    cpSync(example, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}target`) });
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    return await compileProject({ projectDir: dir, registry: new PluginRegistry([duckdb, flink]), env: {} });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const where = (d: Diagnostic | undefined) => d && `${d.file}:${d.line}:${d.column}`;

test('an updating query (regular GROUP BY) into an append-only topic is FLOE_STREAMING_CHANGELOG at the config() call', async () => {
  const r = await compileWith({
    [MODEL]: "-- totals\n{{ config(materialized='streaming_table', topic='totals', state_ttl='1h') }}\nselect user_id, window_start, window_end, count(*) as clicks\nfrom {{ source('events', 'clicks') }}, (select 1) as x(one)\ngroup by user_id\n",
  });
  const d = r.diagnostics.find((x) => x.code === 'FLOE_STREAMING_CHANGELOG');
  expect(d?.severity).toBe('error');
  expect(d?.message).toMatch(/updating result \(a GROUP BY without window_start\/window_end is a regular aggregation\).*append-only topic "totals"/);
  expect(d?.hint).toMatch(/unique_key/);
  expect(where(d)).toBe(`${MODEL}:2:4`);
  expect(r.artifacts).toBeUndefined();
});

test('the same query with unique_key compiles to an upsert-kafka sink', async () => {
  const r = await compileWith({
    [MODEL]: "{{ config(materialized='streaming_table', topic='totals', unique_key='user_id', state_ttl='1h') }}\nselect user_id, cast(null as timestamp(3)) as window_start, cast(null as timestamp(3)) as window_end, count(*) as clicks\nfrom {{ source('events', 'clicks') }}\ngroup by user_id\n",
  });
  expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
  const n = Object.values(r.artifacts!.nodes).find((x) => x.name === 'clicks_per_minute')!;
  expect(n.target?.statements?.join('\n')).toContain("'connector' = 'upsert-kafka'");
  expect(n.target?.statements?.join('\n')).toContain('PRIMARY KEY (`user_id`) NOT ENFORCED');
  expect(n.target?.statements?.join('\n')).toContain("'table.exec.state.ttl'".slice(0, 0)); // properties live in data.flink.job
  expect((n.target?.data?.flink as { job: { properties: Record<string, string> } }).job.properties['table.exec.state.ttl']).toBe('3600000 ms');
});

test('a window over a column without a watermark is FLOE_STREAMING_WATERMARK_MISSING at DESCRIPTOR(...)', async () => {
  const r = await compileWith({
    'floe.yaml': require('node:fs').readFileSync(path.join(example, 'floe.yaml'), 'utf8').replace('          watermark: { column: ts, delay: 5s }\n', ''),
  });
  const d = r.diagnostics.find((x) => x.code === 'FLOE_STREAMING_WATERMARK_MISSING');
  expect(d?.message).toMatch(/TUMBLE over ts, but ts has no watermark/);
  expect(where(d)).toBe(`${MODEL}:6:59`);
});

test('a regular join without state_ttl warns with the file and line; with state_ttl it does not', async () => {
  const sql = (ttl: string) =>
    `{{ config(materialized='streaming_table', unique_key=['user_id', 'window_start']${ttl}) }}\nselect a.user_id, a.ts as window_start, b.ts as window_end, cast(1 as bigint) as clicks\nfrom {{ source('events', 'clicks') }} a\njoin {{ source('events', 'clicks') }} b on a.user_id = b.user_id\n`;
  const warned = await compileWith({ [MODEL]: sql('') });
  const w = warned.diagnostics.find((x) => x.code === 'FLOE_STREAMING_STATE_UNBOUNDED');
  expect(w?.severity).toBe('warning');
  expect(w?.message).toMatch(/a regular join over a stream keeps state/);
  expect(where(w)).toBe(`${MODEL}:4:1`);
  expect(warned.artifacts).toBeDefined();
  const quiet = await compileWith({ [MODEL]: sql(", state_ttl='30 min'") });
  expect(quiet.diagnostics.map((x) => x.code)).not.toContain('FLOE_STREAMING_STATE_UNBOUNDED');
});

test('incremental and snapshot on Flink are refused naming the alternative; table (build-and-rename) too', async () => {
  const inc = await compileWith({ [MODEL]: "{{ config(materialized='incremental', unique_key='user_id') }}\nselect user_id from {{ source('events', 'clicks') }}\n" });
  const d = inc.diagnostics.find((x) => x.code === 'FLOE_CAPABILITY_MISSING');
  expect(d?.message).toMatch(/target "flink" does not support materialized='incremental'/);
  expect(d?.hint).toMatch(/streaming_table' with unique_key/);
  const snap = await compileWith({ [MODEL]: "{{ config(materialized='snapshot', unique_key='user_id', strategy='timestamp', updated_at='ts') }}\nselect * from {{ source('events', 'clicks') }}\n" });
  expect(snap.diagnostics.find((x) => x.code === 'FLOE_CAPABILITY_MISSING')?.hint).toMatch(/batch compute/);
  const table = await compileWith({ [MODEL]: "{{ config(materialized='table') }}\nselect * from {{ source('events', 'clicks') }}\n" });
  expect(table.diagnostics.find((x) => x.code === 'FLOE_CAPABILITY_MISSING')?.hint).toMatch(/streaming_table/);
});

test('a streaming_table without declared column types is FLOE_CONFIG_REQUIRED', async () => {
  const r = await compileWith({ 'models/streaming/schema.yml': 'version: 2\nmodels:\n  - name: clicks_per_minute\n' });
  expect(r.diagnostics.find((x) => x.code === 'FLOE_CONFIG_REQUIRED')?.message).toMatch(/needs the output columns with their types/);
});

test('a view between source and streaming_table passes watermarks and objects through; an ephemeral model is inlined', async () => {
  const r = await compileWith({
    'models/streaming/clean_clicks.sql': "{{ config(materialized='view') }}\nselect user_id, url, ts from {{ source('events', 'clicks') }} where user_id is not null\n",
    'models/streaming/eph.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('clean_clicks') }}\n",
    [MODEL]: "{{ config(materialized='streaming_table', topic='clicks_per_minute', unique_key=['user_id', 'window_start']) }}\nselect user_id, window_start, window_end, count(*) as clicks\nfrom table(tumble(table {{ ref('eph') }}, descriptor(ts), interval '1' minute))\ngroup by user_id, window_start, window_end\n",
  });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const n = Object.values(r.artifacts!.nodes).find((x) => x.name === 'clicks_per_minute')!;
  const ddl = n.target!.statements!.join('\n');
  expect(ddl).toContain('CREATE TEMPORARY VIEW IF NOT EXISTS `default_catalog`.`default_database`.`clean_clicks`');
  expect(ddl.indexOf('`events`.`clicks` (')).toBeLessThan(ddl.indexOf('VIEW IF NOT EXISTS'));
  expect(ddl).toMatch(/WITH __dbt__cte__eph AS|with __dbt__cte__eph as/i);
});

test('job names and topics are deterministic: floe.<project>.<env>.<model>; the default topic is <project>.<model>', async () => {
  const r = await compileWith({ [MODEL]: require('node:fs').readFileSync(path.join(example, MODEL), 'utf8').replace("topic='clicks_per_minute',", '') });
  const n = Object.values(r.artifacts!.nodes).find((x) => x.name === 'clicks_per_minute')!;
  const job = (n.target?.data?.flink as { job: { name: string; topic: string } }).job;
  expect(job).toMatchObject({ name: 'floe.clickstream.dev.clicks_per_minute', topic: 'clickstream.clicks_per_minute' });
});

test('a batch model that ref()s a streaming model is FLOE_CROSS_COMPUTE_REF naming the topic to read through a source', async () => {
  const r = await compileWith({ 'models/marts/bad.sql': "select * from {{ ref('clicks_per_minute') }}\n" });
  const d = r.diagnostics.find((x) => x.code === 'FLOE_CROSS_COMPUTE_REF');
  expect(d?.message).toMatch(/model "bad" \(compute "warehouse"\) refs streaming model "clicks_per_minute"/);
  expect(d?.hint).toMatch(/topic: clicks_per_minute/);
});
