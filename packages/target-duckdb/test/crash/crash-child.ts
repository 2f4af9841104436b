/**
 * Child process of the crash test: builds ~30 table/incremental models whose
 * rows carry a `version` marker, on a file database. Usage:
 *   node crash-child.js <projectDir> <dbPath> <version>
 * Prints `started` once connected and `done` when the run completed.
 */
import { PluginRegistry, runArtifacts } from '@floe/core';
// The builder file directly: the package index pulls in jest, which a plain child process cannot load.
import { ArtifactsBuilder } from '../../../target-conformance/src/artifacts-builder';
import { DuckDbConfigSchema, createDuckDbDialect, duckdbTarget } from '../../src';

export const TABLES = 20;
export const INCREMENTALS = 10;
export const ROWS = 10_000;
export const APPEND_ROWS = 500;

export function crashArtifacts(dbPath: string, version: number) {
  const raw = { type: 'duckdb', path: dbPath, threads: 2 };
  const b = new ArtifactsBuilder({ dialect: createDuckDbDialect(DuckDbConfigSchema.parse(raw)), targetType: 'duckdb', computeConfig: raw });
  for (let i = 0; i < TABLES; i++) {
    // Every fifth table reads the previous one, so the DAG has chains as well as width.
    const from = i % 5 === 0 || i === 0 ? `range(${ROWS}) as r(id)` : null;
    b.model(`t${i}`, {
      materialized: 'table',
      sql: (c) =>
        from
          ? `select ${version} as version, id, md5(cast(id * ${i + 1} as varchar)) as h from ${from}`
          : `select ${version} as version, id, md5(h) as h from ${c.ref(`t${i - 1}`)}`,
    });
  }
  for (let i = 0; i < INCREMENTALS; i++) {
    const append = i % 2 === 0;
    b.model(`inc${i}`, {
      materialized: 'incremental',
      config: append ? { incremental_strategy: 'append' } : { incremental_strategy: 'merge', unique_key: 'id' },
      sql: (c) =>
        append
          ? `select ${version} as version, id from range(${APPEND_ROWS}) as r(id), (select count(*) from ${c.ref(`t${i}`)}) as dep`
          : `select ${version} as version, id, h from ${c.ref(`t${i}`)}`,
    });
  }
  return b.build();
}

async function main(): Promise<void> {
  const [projectDir, dbPath, v] = process.argv.slice(2);
  const artifacts = crashArtifacts(dbPath as string, Number(v));
  const r = await runArtifacts({
    artifacts,
    registry: new PluginRegistry([duckdbTarget]),
    projectDir: projectDir as string,
    nodeIds: Object.keys(artifacts.nodes),
    threads: 4,
    failFast: false,
    fullRefresh: false,
    onEvent: (e) => {
      if (e.type === 'run_started') process.stdout.write('started\n');
    },
  });
  const bad = r.results.filter((x) => x.status !== 'success');
  if (bad.length) {
    process.stderr.write(JSON.stringify(bad) + '\n');
    process.exit(1);
  }
  process.stdout.write('done\n');
}

if (require.main === module) void main();
