import { PluginRegistry, compileProject } from '@floe/core';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bigquery, { Redactor, bigquerySql, mapType, parseClusterBy, parsePartitionBy, partitionExpression } from '../src';
import { readKeyFile } from '../src/client';
import { bigqueryConfigSchema } from '../src/config';

// Level 3 (golden SQL): what neither the emulator nor sqlglot→DuckDB can show —
// the exact partitioning/clustering clauses and compile-time checks.
const place = { project: 'p', dataset: 'd', identifier: 't' };

describe('partition_by and cluster_by', () => {
  it.each([
    [{ field: 'day', data_type: 'date' }, '`day`'],
    [{ field: 'day', data_type: 'date', granularity: 'month' }, 'DATE_TRUNC(`day`, MONTH)'],
    [{ field: 'ts', data_type: 'timestamp' }, 'TIMESTAMP_TRUNC(`ts`, DAY)'],
    [{ field: 'ts', data_type: 'timestamp', granularity: 'hour' }, 'TIMESTAMP_TRUNC(`ts`, HOUR)'],
    [{ field: 'dt', data_type: 'datetime', granularity: 'year' }, 'DATETIME_TRUNC(`dt`, YEAR)'],
    [{ field: 'id', data_type: 'int64', range: { start: 0, end: 100, interval: 10 } }, 'RANGE_BUCKET(`id`, GENERATE_ARRAY(0, 100, 10))'],
  ])('%j → %s', (raw, expr) => {
    const p = parsePartitionBy(raw);
    expect(p.problems).toEqual([]);
    expect(partitionExpression(p.value!)).toBe(expr);
  });

  it('CREATE OR REPLACE TABLE carries both clauses in BigQuery order', () => {
    const p = parsePartitionBy({ field: 'ts', data_type: 'timestamp' }).value!;
    expect(bigquerySql.createOrReplaceTable(place, 'select 1', { partitionBy: p, clusterBy: ['a', 'b'] })).toBe(
      'CREATE OR REPLACE TABLE `p`.`d`.`t`\nPARTITION BY TIMESTAMP_TRUNC(`ts`, DAY)\nCLUSTER BY `a`, `b`\nAS (\nselect 1\n)',
    );
  });

  it('insert_overwrite deletes the batch partitions (or a static list) inside one transaction', () => {
    const p = parsePartitionBy({ field: 'day', data_type: 'date' }).value!;
    const batch = { ...place, identifier: 't__floe_batch' };
    expect(bigquerySql.transaction([bigquerySql.deletePartitions(place, batch, p), bigquerySql.insertFrom(place, batch, ['day', 'v'])])).toBe(
      'BEGIN TRANSACTION;\nDELETE FROM `p`.`d`.`t` AS t\nWHERE t.`day` IN (SELECT DISTINCT s.`day` FROM `p`.`d`.`t__floe_batch` AS s);\nINSERT INTO `p`.`d`.`t` (`day`, `v`)\nSELECT `day`, `v` FROM `p`.`d`.`t__floe_batch`;\nCOMMIT TRANSACTION;',
    );
    expect(bigquerySql.deletePartitions(place, batch, p, ["DATE '2024-01-01'"])).toContain("IN (DATE '2024-01-01')");
  });

  it('rejects bad partition_by and cluster_by forms', () => {
    expect(parsePartitionBy({ field: 'x', data_type: 'string' }).problems[0]?.message).toMatch(/data_type/);
    expect(parsePartitionBy({ field: 'x', data_type: 'date', granularity: 'hour' }).problems[0]?.message).toMatch(/hour/);
    expect(parsePartitionBy({ field: 'x', data_type: 'int64' }).problems[0]?.message).toMatch(/range/);
    expect(parseClusterBy(['a', 'b', 'c', 'd', 'e']).problems[0]?.message).toMatch(/at most 4/);
    expect(parseClusterBy('a, b').value).toEqual(['a', 'b']);
  });
});

describe('types and quoting', () => {
  it('maps logical types to GoogleSQL', () => {
    expect(['bigint', 'decimal(10,2)', 'varchar(20)', 'timestamp(3)', 'array<int>', 'boolean', 'json', 'timestamp_ntz'].map(mapType)).toEqual([
      'INT64', 'NUMERIC(10,2)', 'STRING', 'TIMESTAMP', 'ARRAY<INT64>', 'BOOL', 'JSON', 'DATETIME',
    ]);
    const d = bigquery.createDialect(bigqueryConfigSchema.parse({ type: 'bigquery', project: 'p', dataset: 'd' }));
    expect(d.quoteIdentifier('we`ird')).toBe('`we\\`ird`');
    expect(d.quoteLiteral("a'b\\c\n")).toBe("'a\\'b\\\\c\\n'");
  });
});

describe('compile-time checks (no credentials, no network)', () => {
  function project(config: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'floe-bq-compile-'));
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'floe.yaml'), 'apiVersion: floe.dev/v1\nkind: Project\nmetadata:\n  name: p\n  version: 1.0.0\n');
    writeFileSync(join(dir, 'platform.yaml'), 'apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  prod:\n    compute:\n      default: { type: bigquery, project: acme, dataset: analytics }\n');
    writeFileSync(join(dir, 'models', 'm.sql'), `{{ config(${config}) }}\nselect 1 as id, current_date() as day`);
    return dir;
  }

  it('a bad partition_by and insert_overwrite without partition_by are compile errors naming the model', async () => {
    const r1 = await compileProject({ projectDir: project(`materialized='table', partition_by={'field': 'day', 'data_type': 'text'}`), registry: new PluginRegistry([bigquery]), environment: 'prod' });
    expect(r1.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.file])).toEqual([['FLOE_CONFIG_INVALID', 'models/m.sql']]);
    const r2 = await compileProject({ projectDir: project(`materialized='incremental', incremental_strategy='insert_overwrite'`), registry: new PluginRegistry([bigquery]), environment: 'prod' });
    expect(r2.diagnostics.find((d) => d.severity === 'error')?.message).toMatch(/m: incremental_strategy insert_overwrite needs partition_by/);
    const r3 = await compileProject({ projectDir: project(`materialized='table', partition_by={'field': 'day', 'data_type': 'date'}, cluster_by=['id']`), registry: new PluginRegistry([bigquery]), environment: 'prod' });
    expect(r3.artifacts?.nodes['model.p.m']?.target?.statements).toEqual(['CREATE OR REPLACE TABLE `acme`.`analytics`.`m`\nPARTITION BY `day`\nCLUSTER BY `id`\nAS (\nselect 1 as id, current_date() as day\n)']);
  });
});

describe('secrets', () => {
  const CANARY = 'CANARY-unit-0c1d';
  const ctx = (value: string) => ({ projectDir: tmpdir(), resolveSecret: () => value, logger: { debug() {}, info() {}, warn() {} } });
  const cfg = bigqueryConfigSchema.parse({ type: 'bigquery', project: 'p', dataset: 'd', keyfile: { secret: 'K' } });

  it('key file errors never quote the value', () => {
    for (const value of [`{"private_key": "${CANARY}"`, `/no/such/dir/${CANARY}.json`, JSON.stringify({ private_key_id: CANARY })]) {
      let msg = '';
      try {
        readKeyFile(cfg, ctx(value), new Redactor());
      } catch (e) {
        msg = `${(e as Error).message} ${(e as { hint?: string }).hint}`;
      }
      expect(msg).toMatch(/keyfile \{ secret: K \}/);
      expect(msg).not.toContain(CANARY);
    }
  });

  it('the redactor masks values, their lines and their JSON-escaped form', () => {
    const r = new Redactor();
    r.add(`-----BEGIN-----\n${CANARY}\n-----END-----`);
    expect(r.redact(`failed: "-----BEGIN-----\\n${CANARY}\\n-----END-----" and ${CANARY}`)).not.toContain(CANARY);
    expect(r.redact('nothing secret here')).toBe('nothing secret here');
  });
});
