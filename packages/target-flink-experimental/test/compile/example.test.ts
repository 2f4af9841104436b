import path from 'node:path';
import { PluginRegistry, compileProject } from '@floe/core';
import duckdb from '@floe/target-duckdb';
import flink from '../../src';

const example = path.resolve(__dirname, '../../../../examples/clickstream');

test('examples/clickstream compiles: source DDL with watermark, upsert sink keyed by unique_key, INSERT job', async () => {
  const r = await compileProject({ projectDir: example, registry: new PluginRegistry([duckdb, flink]), env: {} });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const node = Object.values(r.artifacts!.nodes).find((n) => n.name === 'clicks_per_minute')!;
  const ddl = node.target!.statements!.join(';\n');
  expect(ddl).toContain("WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND");
  expect(ddl).toContain("'scan.startup.mode' = 'earliest-offset'");
  expect(ddl).toContain("'connector' = 'upsert-kafka'");
  expect(ddl).toContain('PRIMARY KEY (`user_id`, `window_start`) NOT ENFORCED');
  expect(ddl).toContain("'properties.group.id' = 'floe.clickstream.dev.clicks_per_minute'");
  expect(node.target!.statements!.at(-1)).toMatch(/^INSERT INTO `default_catalog`\.`default_database`\.`clicks_per_minute`\nSELECT `user_id`, `window_start`, `window_end`, `clicks` FROM \(/);
});
