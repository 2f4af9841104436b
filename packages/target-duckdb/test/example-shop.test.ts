import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PluginRegistry, compileProject, runArtifacts, writeRunResults } from '@floe/core';
import { duckdbTarget } from '../src';

/** End to end with the real compiler: the example project compiles and builds on DuckDB. */
describe('examples/shop on DuckDB', () => {
  it('compiles with compileProject and builds every node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-shop-'));
    cpSync(resolve(__dirname, '../../../examples/shop'), dir, { recursive: true });
    const registry = new PluginRegistry([duckdbTarget]);
    const compiled = await compileProject({ projectDir: dir, registry });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const artifacts = compiled.artifacts!;
    const r = await runArtifacts({ artifacts, registry, projectDir: dir, nodeIds: Object.keys(artifacts.nodes), threads: 4, failFast: false, fullRefresh: false });
    const bad = r.results.filter((x) => !['success', 'pass'].includes(x.status));
    expect(bad).toEqual([]);
    expect(r.results.length).toBe(Object.values(artifacts.nodes).filter((n) => n.materialized !== 'ephemeral').length);
    expect(existsSync(join(dir, 'target/floe.duckdb'))).toBe(true);
    writeRunResults(join(dir, 'target/run_results.json'), r);
    expect(JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')).results.length).toBe(r.results.length);
  });
});
