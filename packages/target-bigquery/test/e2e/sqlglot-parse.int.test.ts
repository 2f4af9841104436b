import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { NATIVE_SCD_COLUMNS, PluginRegistry, compileProject, type CompiledArtifacts } from '@floe/core';
import { FIXTURES_DIR } from '@floe/target-conformance';
import bigquery, { bigquerySql } from '../../src';
import { createOrReplaceTable, dropTable } from '../../src/sql/statements';
import { snapshotApply, snapshotInitialSelect } from '../../src/sql/snapshot';
import { seedSelect } from '../../src/sql/seed';

// Every statement compiled for BigQuery (and the statements the target wraps around it)
// parses with sqlglot's bigquery dialect — an independent GoogleSQL parser.
const ROOT = join(__dirname, '..', '..', '..', '..');
const PLATFORM = `apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  bq:\n    compute:\n      default: { type: bigquery, project: acme-analytics, dataset: shop, location: EU, keyfile: { secret: BQ_KEY } }\n      warehouse: { type: bigquery, project: acme-analytics, dataset: shop, location: EU, keyfile: { secret: BQ_KEY } }\n`;

async function compileFor(project: string): Promise<CompiledArtifacts> {
  const dir = mkdtempSync(join(tmpdir(), 'floe-bq-sqlglot-'));
  cpSync(project, dir, { recursive: true });
  writeFileSync(join(dir, 'platform.yaml'), PLATFORM);
  const r = await compileProject({ projectDir: dir, registry: new PluginRegistry([bigquery]), environment: 'bq' });
  if (!r.artifacts) throw new Error(JSON.stringify(r.diagnostics, null, 1));
  return r.artifacts;
}

/** The statements to check for one project: compiled SELECTs, stored DDL, and what the target sends around them. */
function statementsOf(a: CompiledArtifacts): { id: string; sql: string }[] {
  const out: { id: string; sql: string }[] = [];
  const place = { project: 'acme-analytics', dataset: 'shop', identifier: 'x' };
  for (const n of Object.values(a.nodes)) {
    if (n.compiledSql) out.push({ id: n.id, sql: n.compiledSql });
    if (n.compiledIncrementalSql) out.push({ id: `${n.id}#incremental`, sql: n.compiledIncrementalSql });
    for (const [i, s] of (n.target?.statements ?? []).entries()) out.push({ id: `${n.id}#ddl${i}`, sql: s });
    if (n.resourceType === 'test' && n.compiledSql) out.push({ id: `${n.id}#count`, sql: bigquerySql.countFailures(n.compiledSql) });
  }
  const batch = { ...place, identifier: 'x__floe_batch' };
  const part = { field: 'day', dataType: 'timestamp' as const, granularity: 'day' as const };
  const spec = { keys: ['id'], strategy: 'timestamp' as const, updatedAt: 'updated_at', scd: NATIVE_SCD_COLUMNS };
  out.push(
    { id: 'staging', sql: createOrReplaceTable(place, 'select 1 as a', { partitionBy: part, clusterBy: ['a', 'b'] }, { expireHours: 12 }) },
    { id: 'drop', sql: dropTable(place) },
    { id: 'merge', sql: bigquerySql.mergeInto(place, batch, ['id', 'v'], ['id']) },
    { id: 'delete+insert', sql: bigquerySql.transaction([bigquerySql.deleteMatchingKeys(place, batch, ['id']), bigquerySql.insertFrom(place, batch, ['id', 'v'])]) },
    { id: 'insert_overwrite', sql: bigquerySql.transaction([bigquerySql.deletePartitions(place, batch, part), bigquerySql.insertFrom(place, batch, ['day', 'v'])]) },
    { id: 'snapshot-initial', sql: snapshotInitialSelect(spec, 'select 1 as id, current_timestamp() as updated_at') },
    { id: 'snapshot-apply', sql: bigquerySql.transaction(snapshotApply(spec, place, batch, batch, ['id', 'updated_at'], true)) },
    { id: 'seed', sql: seedSelect(['code', 'amount'], ['STRING', 'FLOAT64'], [['007', '1.5'], ['it\'s', '']]) },
  );
  return out;
}

function sqlglotFailures(stmts: { id: string; sql: string }[]): { id: string; error: string }[] {
  const venv = execFileSync('bash', [join(ROOT, 'tools/python/ensure-venv.sh'), 'bigquery', join(ROOT, 'tools/python/requirements-bigquery.txt')], { encoding: 'utf8', timeout: 600_000 }).trim();
  const script = `
import json, sys, sqlglot
from sqlglot.errors import ErrorLevel
bad = []
for s in json.load(sys.stdin):
    try:
        trees = sqlglot.parse(s["sql"], read="bigquery", error_level=ErrorLevel.RAISE)
        if not trees or any(t is None for t in trees): bad.append({"id": s["id"], "error": "empty parse"})
    except Exception as e:
        bad.append({"id": s["id"], "error": str(e)[:300]})
print(json.dumps(bad))
`;
  const out = execFileSync(join(venv, 'bin', 'python'), ['-c', script], { input: JSON.stringify(stmts), encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out) as { id: string; error: string }[];
}

describe('sqlglot (bigquery dialect) parses every compiled statement', () => {
  it.each([
    ['examples/shop', join(ROOT, 'examples', 'shop')],
    ['conformance fixture compiled-basic', join(FIXTURES_DIR, 'compiled-basic')],
  ])('%s', async (_name, dir) => {
    const stmts = statementsOf(await compileFor(dir));
    expect(stmts.length).toBeGreaterThan(10);
    expect(stmts.filter((s) => s.id.includes('#ddl')).length).toBeGreaterThan(2);
    expect(sqlglotFailures(stmts)).toEqual([]);
  }, 660_000);

  it('a statement that is not GoogleSQL is refused (the check can fail)', () => {
    expect(sqlglotFailures([{ id: 'bad', sql: 'SELECT FROM WHERE (' }])).toHaveLength(1);
  }, 660_000);
});
