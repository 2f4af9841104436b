#!/usr/bin/env node
// Overhead baseline: runs a data-heavy project's rendered SQL (direct.sql,
// written by generate.mjs --data-heavy) straight on DuckDB through
// @duckdb/node-api, the same engine build that @floe/target-duckdb embeds.
//
//   node bench/direct-duckdb.mjs PROJECT_DIR
//
// Statements run one by one in file order on one connection, like a
// single-threaded runner would; DuckDB itself uses all cores for each query.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/direct-duckdb.mjs PROJECT_DIR');
  process.exit(2);
}
const { DuckDBInstance } = await import('@duckdb/node-api');
const text = readFileSync(join(dir, 'direct.sql'), 'utf8');
const statements = text
  .split(/;\s*\n/)
  .map((s) => s.replace(/^--.*$/gm, '').trim())
  .filter(Boolean);
const instance = await DuckDBInstance.create(join(dir, 'bench.duckdb'));
const conn = await instance.connect();
for (const sql of statements) await conn.run(sql);
conn.closeSync?.();
console.log(`direct-duckdb: ran ${statements.length} statements`);
