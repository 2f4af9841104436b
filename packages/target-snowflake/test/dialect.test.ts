import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PluginRegistry, compileProject } from '@floe/core';
import snowflake, { mapType } from '../src';

const config = snowflake.configSchema.parse({ type: 'snowflake', account: 'acme', user: 'u', password: { secret: 'SF_PW' }, database: 'analytics' });

function shopWith(platform: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-sf-dialect-'));
  cpSync(resolve(__dirname, '../../../examples/shop'), dir, { recursive: true });
  writeFileSync(join(dir, 'platform.yaml'), platform);
  return dir;
}

test('config needs exactly one credential', () => {
  expect(snowflake.configSchema.safeParse({ type: 'snowflake', account: 'a', user: 'u', database: 'd' }).success).toBe(false);
  expect(
    snowflake.configSchema.safeParse({ type: 'snowflake', account: 'a', user: 'u', database: 'd', password: { secret: 'A' }, oauth_token: { env: 'B' } }).success,
  ).toBe(false);
});

test('a literal password in platform.yaml is refused at load, naming the key but not the value', async () => {
  const dir = shopWith(`apiVersion: floe.dev/v1
kind: Platform
environments:
  dev:
    compute:
      default: { type: snowflake, account: acme, user: u, password: hunter2-literal, database: analytics }
`);
  const r = await compileProject({ projectDir: dir, registry: new PluginRegistry([snowflake]), environment: 'dev' });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);
  expect(JSON.stringify(errors)).toContain('password');
  expect(JSON.stringify(errors)).not.toContain('hunter2-literal');
});

test('dialect folds plain names to upper case and quotes them', () => {
  const d = snowflake.createDialect(config);
  expect(d.renderRelation({ schema: 'staging', identifier: 'stg_orders' })).toBe('"ANALYTICS"."STAGING"."STG_ORDERS"');
  expect(d.renderRelation({ database: 'raw', schema: 'Sales Data', identifier: 'order' })).toBe('"RAW"."Sales Data"."ORDER"');
  expect(d.quoteIdentifier('Mixed Case')).toBe('"Mixed Case"');
  expect(d.quoteLiteral("it's a \\ path")).toBe("'it''s a \\\\ path'");
  expect(d.defaultSchema).toBe('PUBLIC');
});

test('type mapping', () => {
  expect(mapType('decimal(10,2)')).toBe('NUMBER(10,2)');
  expect(mapType('bigint')).toBe('NUMBER(38,0)');
  expect(mapType('timestamp')).toBe('TIMESTAMP_NTZ');
  expect(mapType('timestamptz')).toBe('TIMESTAMP_TZ');
  expect(mapType('json')).toBe('VARIANT');
  expect(mapType('varchar(20)')).toBe('VARCHAR(20)');
  expect(mapType('array<int>')).toBe('ARRAY');
  expect(mapType('double')).toBe('FLOAT');
});

test('compile needs no credentials or driver and stores the full-build statements', async () => {
  delete process.env['SF_NOT_SET'];
  const dir = shopWith(`apiVersion: floe.dev/v1
kind: Platform
environments:
  prod:
    compute:
      default: { type: snowflake, account: { env: SF_NOT_SET }, user: { env: SF_NOT_SET }, password: { secret: SF_NOT_SET }, database: analytics, schema: marts }
`);
  const r = await compileProject({ projectDir: dir, registry: new PluginRegistry([snowflake]), environment: 'prod' });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const nodes = Object.values(r.artifacts!.nodes);
  const statements = nodes.flatMap((n) => n.target?.statements ?? []);
  expect(statements.some((s) => s.startsWith('CREATE OR REPLACE VIEW "ANALYTICS".'))).toBe(true);
  expect(statements.some((s) => s.startsWith('CREATE OR REPLACE TRANSIENT TABLE "ANALYTICS".'))).toBe(true);
  expect(Object.keys(require.cache).some((k) => k.includes('/snowflake-sdk/'))).toBe(false);
});
