import { CompiledArtifactsSchema, type Dialect } from '@floe/core';
import { ArtifactsBuilder } from '../src/artifacts-builder';

const dialect: Dialect = {
  name: 'test',
  defaultSchema: 'main',
  quoteIdentifier: (s) => `"${s}"`,
  quoteLiteral: (s) => `'${s}'`,
  renderRelation: (r) => `"${r.schema}"."${r.identifier}"`,
  mapType: (t) => t,
};

describe('ArtifactsBuilder', () => {
  it('builds schema-valid artifacts with refs, inlined ephemerals and test nodes', () => {
    const a = new ArtifactsBuilder({ dialect, targetType: 'test', computeConfig: { type: 'test' } })
      .seed('s', { file: 'seeds/s.csv' })
      .model('e', { materialized: 'ephemeral', sql: (c) => `select * from ${c.ref('s')}` })
      .model('m', { materialized: 'incremental', sql: (c) => `select * from ${c.ref('e')}`, incrementalSql: (c) => `select * from ${c.ref('e')} where x > (select max(x) from ${c.this})` })
      .test('t', { sql: (c) => `select * from ${c.ref('m')} where x is null`, attachedTo: 'model.conformance.m', severity: 'warn', storeFailures: true })
      .build();
    expect(() => CompiledArtifactsSchema.parse(a)).not.toThrow();
    const m = a.nodes['model.conformance.m']!;
    expect(m.dependsOn).toEqual(['model.conformance.e']);
    expect(m.compiledSql).toBe('WITH __floe_cte__e AS (\nselect * from "main"."s"\n)\nselect * from __floe_cte__e');
    expect(m.compiledIncrementalSql).toContain('(select max(x) from "main"."m")');
    expect(a.nodes['model.conformance.e']!.relation).toBeNull();
    expect(a.nodes['test.conformance.t']!.relation?.schema).toBe('main_dbt_test__audit');
    expect(a.childMap['model.conformance.m']).toEqual(['test.conformance.t']);
  });
});
