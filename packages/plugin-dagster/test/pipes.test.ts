import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FloeError } from '@floe/core';
import {
  PipesFloat,
  PipesMetadata,
  decodePipesParam,
  encodePipesParam,
  escapeAssetKey,
  deployMetadata,
  nodeRunMetadata,
  openPipesSession,
  parseAssetKey,
  readFloeExtras,
  toPipesJson,
  type PipesContextData,
} from '../src/pipes';

function context(extra: Partial<PipesContextData> = {}): PipesContextData {
  return {
    asset_keys: ['shop/orders', 'shop/stg_orders'],
    code_version_by_asset_key: null,
    provenance_by_asset_key: null,
    partition_key: null,
    partition_key_range: null,
    partition_time_window: null,
    run_id: 'run-1',
    job_name: 'floe_job',
    retry_number: 0,
    extras: {},
    ...extra,
  };
}

function fileSession(ctx: PipesContextData, inline = false) {
  const dir = mkdtempSync(join(tmpdir(), 'floe-pipes-'));
  const messages = join(dir, 'messages.jsonl');
  const contextFile = join(dir, 'context.json');
  writeFileSync(contextFile, JSON.stringify(ctx));
  const env = {
    DAGSTER_PIPES_CONTEXT: encodePipesParam(inline ? { data: ctx } : { path: contextFile }),
    DAGSTER_PIPES_MESSAGES: encodePipesParam({ path: messages }),
  };
  const session = openPipesSession(env);
  if (!session) throw new Error('expected a session');
  const lines = () =>
    readFileSync(messages, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { method: string; params: Record<string, unknown> });
  return { session, lines, raw: () => readFileSync(messages, 'utf8') };
}

describe('Pipes params', () => {
  it('round-trips base64(zlib(JSON))', () => {
    const value = { path: '/tmp/x', nested: { a: [1, 2, 'ü'] } };
    expect(decodePipesParam(encodePipesParam(value))).toEqual(value);
  });

  it('decodes what Python zlib.compress + base64 writes (fixed vector)', () => {
    // python3 -c 'import zlib,base64,json;print(base64.b64encode(zlib.compress(json.dumps({"stdio":"stderr"}).encode())).decode())'
    expect(decodePipesParam('eJyrViouScnMV7JSADFSi4qUagFBNAaS')).toEqual({ stdio: 'stderr' });
  });
});

describe('openPipesSession', () => {
  it('returns undefined outside Dagster', () => {
    expect(openPipesSession({})).toBeUndefined();
  });

  it('refuses a context without a messages variable', () => {
    expect(() => openPipesSession({ DAGSTER_PIPES_CONTEXT: encodePipesParam({ data: context() }) })).toThrow(FloeError);
  });

  it('refuses blob-store message params with a clear message', () => {
    const env = {
      DAGSTER_PIPES_CONTEXT: encodePipesParam({ data: context() }),
      DAGSTER_PIPES_MESSAGES: encodePipesParam({ bucket: 'b', key_prefix: 'k' }),
    };
    expect(() => openPipesSession(env)).toThrow(/bucket, key_prefix.*PipesTempFileMessageReader/);
  });

  it('writes opened, materialization, check, log and closed lines to the message file', () => {
    const { session, lines } = fileSession(context());
    session.reportMaterialization({
      assetKey: 'shop/orders',
      metadata: { ...nodeRunMetadata({ rowsAffected: 12, durationSeconds: 2, checksum: 'abc', compiledSql: 'select 1' }), raw: 3 },
      dataVersion: 'v1',
    });
    session.reportCheck({ assetKey: 'shop/orders', checkName: 'not_null_orders_id', passed: false, severity: 'WARN', metadata: { failures: PipesMetadata.int(3) } });
    session.log('INFO', 'hello');
    session.close();
    session.close(); // idempotent
    const msgs = lines();
    expect(msgs.map((m) => m.method)).toEqual(['opened', 'report_asset_materialization', 'report_asset_check', 'log', 'closed']);
    expect(msgs.every((m) => (m as Record<string, unknown>).__dagster_pipes_version === '0.1')).toBe(true);
    expect(msgs[0]?.params).toEqual({ extras: {} });
    const mat = msgs[1]?.params as { metadata: Record<string, { type: string; raw_value: unknown }>; data_version: string };
    expect(mat.data_version).toBe('v1');
    expect(mat.metadata.rows_affected).toEqual({ type: 'int', raw_value: 12 });
    expect(mat.metadata.duration_seconds?.type).toBe('float');
    expect(mat.metadata.checksum).toEqual({ type: 'text', raw_value: 'abc' });
    expect(mat.metadata.compiled_sql).toEqual({ type: 'md', raw_value: '```sql\nselect 1\n```' });
    expect(mat.metadata.raw).toEqual({ type: '__infer__', raw_value: 3 });
    expect(msgs[2]?.params).toEqual({
      asset_key: 'shop/orders',
      check_name: 'not_null_orders_id',
      passed: false,
      severity: 'WARN',
      metadata: { failures: { type: 'int', raw_value: 3 } },
    });
    expect(msgs[4]?.params).toEqual({});
    expect(() => session.log('INFO', 'late')).toThrow(/closed/);
  });

  it('keeps a decimal point on integral floats (Dagster refuses 2 as a float)', () => {
    const { session, raw } = fileSession(context({ asset_keys: ['a'] }));
    session.reportMaterialization({ metadata: { d: PipesMetadata.float(2), t: PipesMetadata.timestamp(1700000000) } });
    expect(raw()).toContain('"d":{"raw_value":2.0,"type":"float"}');
    expect(raw()).toContain('"t":{"raw_value":1700000000.0,"type":"timestamp"}');
    expect(toPipesJson({ x: PipesMetadata.float(Number.NaN) })).toBe('{"x":{"raw_value":NaN,"type":"float"}}');
  });

  it('checks asset keys against the context, like dagster_pipes', () => {
    const { session } = fileSession(context(), true);
    expect(() => session.reportMaterialization({ assetKey: 'shop/unknown' })).toThrow(/not selected/);
    expect(() => session.reportMaterialization()).toThrow(/targets 2 assets/);
    session.reportMaterialization({ assetKey: 'shop/orders' });
    expect(() => session.reportMaterialization({ assetKey: 'shop/orders' })).toThrow(/already reported/);
    const single = fileSession(context({ asset_keys: ['only'] }));
    single.session.reportCheck({ checkName: 'c', passed: true });
    expect(single.lines()[1]?.params.asset_key).toBe('only');
    const none = fileSession(context({ asset_keys: null }));
    expect(() => none.session.reportCheck({ checkName: 'c', passed: true })).toThrow(/no specific asset/);
    none.session.reportCheck({ assetKey: 'raw/orders', checkName: 'c', passed: true });
  });

  it('sends the error chain on close', () => {
    const { session, lines } = fileSession(context());
    session.close(new Error('outer', { cause: new TypeError('inner') }));
    const exc = lines()[1]?.params.exception as { message: string; name: string; cause: { name: string; message: string }; stack: string[] };
    expect(exc.message).toBe('outer');
    expect(exc.name).toBe('Error');
    expect(exc.cause).toMatchObject({ name: 'TypeError', message: 'inner' });
    expect(exc.stack.length).toBeGreaterThan(0);
  });

  it('writes to stdio and buffered stdio', () => {
    const out: string[] = [];
    const stdio = { stdout: (t: string) => void out.push(`out:${t}`), stderr: (t: string) => void out.push(`err:${t}`) };
    const base = { DAGSTER_PIPES_CONTEXT: encodePipesParam({ data: context() }) };
    const s1 = openPipesSession({ ...base, DAGSTER_PIPES_MESSAGES: encodePipesParam({ stdio: 'stderr' }) }, { stdio });
    s1?.close();
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^err:\{"__dagster_pipes_version":"0.1","method":"opened"/);
    out.length = 0;
    const s2 = openPipesSession({ ...base, DAGSTER_PIPES_MESSAGES: encodePipesParam({ buffered_stdio: 'stdout' }) }, { stdio });
    s2?.log('WARNING', 'w');
    expect(out).toHaveLength(0);
    s2?.close();
    expect(out).toHaveLength(1);
    expect(out[0]?.split('\n').filter(Boolean)).toHaveLength(3);
  });
});

describe('asset keys and floe extras', () => {
  it('escapes and parses like AssetKey.to_escaped_user_string', () => {
    const parts = ['a/b', 'c\\d', 'e'];
    expect(escapeAssetKey(parts)).toBe('a\\/b/c\\\\d/e');
    expect(parseAssetKey(escapeAssetKey(parts))).toEqual(parts);
  });

  it('reads the floe extras the code location sends', () => {
    const extras = readFloeExtras(
      context({
        extras: {
          floe: {
            artifacts_version: '1.0.0',
            environment: 'dev',
            asset_keys: { 'model.shop.orders': 'shop/orders', bad: 3 },
            checks: { 'test.shop.t': { asset_key: 'shop/orders', check_name: 't' } },
          },
        },
      }),
    );
    expect(extras).toEqual({
      artifactsVersion: '1.0.0',
      environment: 'dev',
      assetKeys: { 'model.shop.orders': 'shop/orders' },
      checks: { 'test.shop.t': { assetKey: 'shop/orders', checkName: 't' } },
    });
    expect(readFloeExtras(context())).toBeUndefined();
  });

  it('fences SQL that itself contains backticks', () => {
    const md = nodeRunMetadata({ compiledSql: 'select 1 as "```"' }).compiled_sql?.raw_value;
    expect(md).toBe('````sql\nselect 1 as "```"\n````');
  });

  it('describes a deployed streaming model by its Flink job, with Dagster metadata types', () => {
    const m = deployMetadata({ jobName: 'floe.clicks.dev.cpm', jobId: 'ab12', action: 'adopted', topic: 'clicks.cpm', checksum: 'c1', jobUrl: 'http://jm:8081/#/job/running/ab12/overview', durationSeconds: 1.5 });
    expect(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, [v.type, v.raw_value]]))).toEqual({
      materialized: ['text', 'streaming_table'],
      flink_job_name: ['text', 'floe.clicks.dev.cpm'],
      flink_job_id: ['text', 'ab12'],
      deploy_action: ['text', 'adopted'],
      flink_job_url: ['url', 'http://jm:8081/#/job/running/ab12/overview'],
      topic: ['text', 'clicks.cpm'],
      checksum: ['text', 'c1'],
      duration_seconds: ['float', new PipesFloat(1.5)],
    });
    expect(Object.keys(deployMetadata({ jobName: 'j', jobId: 'i', action: 'started' })).sort()).toEqual(['deploy_action', 'flink_job_id', 'flink_job_name', 'materialized']);
  });
});
