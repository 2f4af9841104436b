import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileProject } from '@floe/core';
import { builtinRegistry } from '../../../../apps/floe-cli/src/registry';
import { snowflakeSql } from '../../src';
import { firstSnapshotSelect } from '../../src/materialize/snapshot';
import { parseWithSqlglot } from './sqlglot';

/**
 * Every statement the Snowflake target compiles for the example project —
 * the stored full-build statements, each model's SQL, each test's count
 * query, and the run-time forms (MERGE, DELETE … USING, INSERT, ALTER TABLE,
 * snapshot SELECT) built over the example's own nodes — parses with sqlglot's
 * snowflake dialect.
 */
const SF = '{ type: snowflake, account: acme, user: u, password: { secret: SF_PW }, database: analytics, schema: marts }';
/** platform.yaml per example: its batch compute on Snowflake, anything else (the Flink stream) as the example has it. */
const EXAMPLES: [string, string][] = [
  ['shop', `      default: ${SF}\n`],
  ['clickstream', `      warehouse: ${SF}\n      stream: { type: flink, gateway: 'http://127.0.0.1:8083', jobmanager: 'http://127.0.0.1:8081', kafka: { brokers: ['127.0.0.1:9092'] } }\n`],
];

describe.each(EXAMPLES)('examples/%s compiled for Snowflake', (example, computes) => {
  it('every statement parses with sqlglot (snowflake)', async () => {
    const dir = mkdtempSync(join(tmpdir(), `floe-sf-${example}-`));
    cpSync(resolve(__dirname, '../../../../examples', example), dir, { recursive: true });
    writeFileSync(
      join(dir, 'platform.yaml'),
      `apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  prod:\n    compute:\n${computes}`,
    );
    const r = await compileProject({ projectDir: dir, registry: builtinRegistry(), environment: 'prod' });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const statements: string[] = [];
    const sfNodes = Object.values(r.artifacts!.nodes).filter((n) => n.targetType === 'snowflake');
    expect(sfNodes.length).toBeGreaterThan(0);
    for (const n of sfNodes) {
      statements.push(...(n.target?.statements ?? []));
      if (n.compiledSql) statements.push(n.compiledSql);
      if (n.compiledIncrementalSql) statements.push(n.compiledIncrementalSql);
      if (n.resourceType === 'test' && n.compiledSql) statements.push(snowflakeSql.countFailures(n.compiledSql));
      if (n.relation && n.resourceType !== 'test') {
        const place = { database: n.relation.database ?? 'analytics', schema: n.relation.schema, identifier: n.relation.identifier };
        const cols = ['id', 'name', 'updated_at'];
        statements.push(
          snowflakeSql.merge(place, '"B"', ['id'], cols),
          snowflakeSql.deleteMatching(place, '"B"', ['id', 'name']),
          snowflakeSql.insertSelect(place, cols, '"B"'),
          snowflakeSql.insertValues(place, cols),
          snowflakeSql.addColumn(place, { name: 'new_col', type: 'NUMBER(38,0)' }),
          snowflakeSql.dropColumn(place, 'old_col'),
          snowflakeSql.createTable(place, [{ name: 'id', type: 'NUMBER(38,0)' }, { name: 'note', type: 'VARCHAR' }], true),
          snowflakeSql.createSchema(place),
        );
      }
      if (n.resourceType === 'snapshot' && n.compiledSql) statements.push(firstSnapshotSelect(n, 'native', ['id']));
    }
    expect(statements.length).toBeGreaterThan(sfNodes.length);
    const report = parseWithSqlglot(statements);
    // eslint-disable-next-line no-console
    console.info(`[sqlglot ${report.sqlglot}] examples/${example}: ${report.parsed}/${statements.length} Snowflake statements parse`);
    expect(report.failures).toEqual([]);
    expect(report.commands).toEqual([]);
  });
});
