import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry, runArtifacts, writeRunResults, type RunEvent, type RunResults } from '../../src';
import { artifacts, node } from './artifacts-builder';
import { fakeTarget, newLog } from './fake-target';

const status = (r: RunResults) => Object.fromEntries(r.results.map((x) => [x.uniqueId, x.status]));

function setup(nodes: Parameters<typeof artifacts>[0], computeConfig: Record<string, unknown> = {}) {
  const log = newLog();
  const registry = new PluginRegistry([fakeTarget(log)]);
  const a = artifacts(nodes, computeConfig);
  const base = { artifacts: a, registry, projectDir: '/tmp', threads: 4, failFast: false, fullRefresh: false, nodeIds: Object.keys(a.nodes) };
  return { log, a, base };
}

describe('runArtifacts', () => {
  it('runs in dependency order within the thread bound and connects once', async () => {
    // a → b → d ; a → c → d ; e, f, g independent
    const nodes = [
      node('model.p.a'),
      node('model.p.b', { dependsOn: ['model.p.a'], config: { sleep: 30 } }),
      node('model.p.c', { dependsOn: ['model.p.a'], config: { sleep: 30 } }),
      node('model.p.d', { dependsOn: ['model.p.b', 'model.p.c'] }),
      node('model.p.e', { config: { sleep: 30 } }),
      node('model.p.f', { config: { sleep: 30 } }),
      node('model.p.g', { config: { sleep: 30 } }),
    ];
    const { log, base } = setup(nodes);
    const r = await runArtifacts({ ...base, threads: 2 });
    expect(r.success).toBe(true);
    expect(Object.values(status(r)).every((s) => s === 'success')).toBe(true);
    expect(log.maxConcurrent).toBe(2);
    expect(log.configs).toHaveLength(1);
    expect(log.closed).toBe(1);
    const at = (id: string) => log.started.indexOf(id);
    const fin = (id: string) => log.finished.indexOf(id);
    expect(at('model.p.b')).toBeGreaterThan(fin('model.p.a'));
    expect(at('model.p.d')).toBeGreaterThan(fin('model.p.b'));
    expect(at('model.p.d')).toBeGreaterThan(fin('model.p.c'));
  });

  it('lets 16 running statements (--threads 16) listen for cancellation without a MaxListenersExceededWarning', async () => {
    // Found by building jaffle_shop_duckdb (threads: 24 in its profile): Node warns once
    // more than getMaxListeners(signal) listeners (default 10) wait on one AbortSignal.
    const nodes = Array.from({ length: 16 }, (_, i) => node(`model.p.m${i}`, { config: { sleep: 40 } }));
    const { log, base } = setup(nodes);
    const r = await runArtifacts({ ...base, threads: 16 });
    expect(r.success).toBe(true);
    expect(log.maxConcurrent).toBe(16);
    expect(log.signalMaxListeners).toBeGreaterThanOrEqual(16 * 2);
  });

  it('a failure skips only its selected descendants', async () => {
    const nodes = [
      node('model.p.a'),
      node('model.p.bad', { dependsOn: ['model.p.a'], config: { fail: true } }),
      node('model.p.child', { dependsOn: ['model.p.bad'] }),
      node('model.p.grandchild', { dependsOn: ['model.p.child', 'model.p.a'] }),
      node('model.p.sibling', { dependsOn: ['model.p.a'] }),
      node('model.p.other'),
    ];
    const { base } = setup(nodes);
    const r = await runArtifacts(base);
    expect(status(r)).toEqual({
      'model.p.a': 'success',
      'model.p.bad': 'error',
      'model.p.child': 'skipped',
      'model.p.grandchild': 'skipped',
      'model.p.sibling': 'success',
      'model.p.other': 'success',
    });
    expect(r.success).toBe(false);
    expect(r.results.find((x) => x.uniqueId === 'model.p.bad')?.message).toContain('boom');
  });

  it('an error-severity test failure skips the tested node\'s children; warn does not', async () => {
    const test = (id: string, parent: string, severity: 'error' | 'warn', failures: number) =>
      node(id, {
        resourceType: 'test',
        materialized: 'test',
        relation: null,
        dependsOn: [parent],
        config: { failures, severity },
        test: { kind: 'generic', testName: 'unique', attachedTo: parent, severity, storeFailures: false, kwargs: {} },
      });
    const nodes = [
      node('model.p.a'),
      node('model.p.b'),
      test('test.p.a_fails', 'model.p.a', 'error', 3),
      test('test.p.b_warns', 'model.p.b', 'warn', 2),
      test('test.p.b_passes', 'model.p.b', 'error', 0),
      node('model.p.a_child', { dependsOn: ['model.p.a'] }),
      node('model.p.b_child', { dependsOn: ['model.p.b'] }),
    ];
    const { base } = setup(nodes);
    const r = await runArtifacts(base);
    expect(status(r)).toEqual({
      'model.p.a': 'success',
      'model.p.b': 'success',
      'test.p.a_fails': 'fail',
      'test.p.b_warns': 'warn',
      'test.p.b_passes': 'pass',
      'model.p.a_child': 'skipped',
      'model.p.b_child': 'success',
    });
    expect(r.results.find((x) => x.uniqueId === 'test.p.a_fails')?.failures).toBe(3);
  });

  it('does not execute ephemeral models but keeps the edges through them', async () => {
    const nodes = [
      node('model.p.a', { config: { sleep: 30 } }),
      node('model.p.eph', { materialized: 'ephemeral', relation: null, dependsOn: ['model.p.a'] }),
      node('model.p.b', { dependsOn: ['model.p.eph'] }),
    ];
    const { log, base } = setup(nodes);
    const r = await runArtifacts(base);
    expect(log.started).toEqual(['model.p.a', 'model.p.b']);
    expect(r.results.map((x) => x.uniqueId).sort()).toEqual(['model.p.a', 'model.p.b']);
  });

  it('failFast stops scheduling and cancels running nodes', async () => {
    const nodes = [
      node('model.p.bad', { config: { fail: true, sleep: 10 } }),
      node('model.p.slow', { config: { sleep: 5000 } }),
      ...Array.from({ length: 5 }, (_, i) => node(`model.p.later${i}`, { dependsOn: ['model.p.slow'] })),
    ];
    const { base } = setup(nodes);
    const t0 = Date.now();
    const r = await runArtifacts({ ...base, threads: 2, failFast: true });
    expect(Date.now() - t0).toBeLessThan(2000);
    const s = status(r);
    expect(s['model.p.bad']).toBe('error');
    expect(s['model.p.slow']).toBe('error');
    expect(r.results.find((x) => x.uniqueId === 'model.p.slow')?.message).toMatch(/cancelled/);
    for (let i = 0; i < 5; i++) expect(s[`model.p.later${i}`]).toBe('skipped');
  });

  it('the abort signal cancels running nodes, skips the rest and still returns results', async () => {
    const nodes = [node('model.p.slow', { config: { sleep: 5000 } }), node('model.p.after', { dependsOn: ['model.p.slow'] }), node('model.p.fast', { config: { sleep: 1 } })];
    const { base } = setup(nodes);
    const ac = new AbortController();
    const events: RunEvent[] = [];
    setTimeout(() => ac.abort(), 100);
    const r = await runArtifacts({ ...base, threads: 2, signal: ac.signal, onEvent: (e) => events.push(e) });
    expect(r.cancelled).toBe(true);
    expect(r.success).toBe(false);
    expect(status(r)).toEqual({ 'model.p.slow': 'error', 'model.p.after': 'skipped', 'model.p.fast': 'success' });
    expect(events[0]?.type).toBe('run_started');
    expect(events.at(-1)?.type).toBe('run_finished');
    expect(events.filter((e) => e.type === 'node_finished')).toHaveLength(3);
  });

  it('resolves env and secret references at connect time only, and never leaks them', async () => {
    process.env['FLOE_TEST_TOKEN'] = 's3cr3t-value';
    process.env['FLOE_TEST_PW'] = 'pw-value-xyz';
    const { log, base } = setup([node('model.p.a')], { token: { env: 'FLOE_TEST_TOKEN' }, nested: { pw: { secret: 'FLOE_TEST_PW' } } });
    const events: RunEvent[] = [];
    const r = await runArtifacts({ ...base, onEvent: (e) => events.push(e) });
    expect(log.configs[0]).toEqual({ type: 'fake', token: 's3cr3t-value', nested: { pw: 'pw-value-xyz' } });
    const dump = JSON.stringify({ r, events });
    expect(dump).not.toContain('s3cr3t-value');
    expect(dump).not.toContain('pw-value-xyz');
    delete process.env['FLOE_TEST_PW'];
    await expect(runArtifacts(base)).rejects.toMatchObject({ code: 'FLOE_SECRET_MISSING', message: expect.stringContaining('FLOE_TEST_PW') });
  });

  it('refuses an invalid compute config without echoing values', async () => {
    const { base } = setup([node('model.p.a')], { token: 12345678 });
    await expect(runArtifacts(base)).rejects.toMatchObject({ code: 'FLOE_TARGET_CONFIG_INVALID' });
    await expect(runArtifacts(base)).rejects.not.toMatchObject({ message: expect.stringContaining('12345678') });
  });

  it('writes run_results.json deterministically with dbt-like fields', async () => {
    const { base } = setup([node('model.p.b'), node('model.p.a')]);
    const r = await runArtifacts(base);
    const dir = mkdtempSync(join(tmpdir(), 'floe-rr-'));
    writeRunResults(join(dir, 'target/run_results.json'), r, { args: { which: 'run' } });
    const text = readFileSync(join(dir, 'target/run_results.json'), 'utf8');
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['args', 'cancelled', 'elapsed_time', 'metadata', 'results', 'success']);
    expect(doc.results.map((x: { unique_id: string }) => x.unique_id)).toEqual(['model.p.a', 'model.p.b']);
    expect(doc.results[0]).toMatchObject({ status: 'success', adapter_response: { rows_affected: 1 }, compiled_sql_checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    writeRunResults(join(dir, 'again.json'), r, { args: { which: 'run' } });
    expect(readFileSync(join(dir, 'again.json'), 'utf8')).toBe(text);
  });
});
