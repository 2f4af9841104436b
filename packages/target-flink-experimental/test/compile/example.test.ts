import path from 'node:path';
import { PluginRegistry, compileProject } from '@floe/core';
import duckdb from '@floe/target-duckdb';
import flink from '../../src';

const example = path.resolve(__dirname, '../../../../examples/clickstream');

test('examples/clickstream compiles: source DDL with watermark, upsert sink keyed by unique_key, INSERT job', async () => {
  const r = await compileProject({ projectDir: example, registry: new PluginRegistry([duckdb, flink]), env: {} });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const node = Object.values(r.artifacts!.nodes).find((n) => n.name === 'clicks_per_minute')!;
  console.log(node.target?.statements?.join(';\n\n'));
  expect(node.target?.statements).toBeDefined();
});
