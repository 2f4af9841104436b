import type { CompiledNode } from '../../src/artifacts/schema';
import { stableStringify } from '../../src/artifacts/serialize';
import { dbtManifestNode, dbtManifestNodeJson } from '../../src/compile/dbt-manifest';

/** A node in sortKeys form (keys sorted at every depth), as toArtifacts makes them. */
function node(columns: CompiledNode['columns'], extra: Partial<CompiledNode> = {}): CompiledNode {
  return {
    checksum: 'abc',
    columns,
    compiledSql: 'select 1',
    compute: 'default',
    config: { materialized: 'view', tags: ['x'] },
    dependsOn: ['model.p.a'],
    description: 'd',
    fqn: ['p', 'm'],
    id: 'model.p.m',
    location: { column: 1, file: 'models/m.sql', line: 1 },
    materialized: 'view',
    meta: {},
    name: 'm',
    path: 'models/m.sql',
    rawCode: 'select 1',
    relation: { identifier: 'm', rendered: '"main"."m"', schema: 'main' },
    resourceType: 'model',
    tags: [],
    targetType: 'duckdb',
    ...extra,
  } as CompiledNode;
}

describe('dbtManifestNodeJson', () => {
  it('is the text of dbtManifestNode for columns out of order, duplicated, with and without meta and tags', () => {
    const n = node([
      { name: 'zeta', description: 'z' },
      { dataType: 'int', name: 'alpha', meta: { b: 1 }, tags: ['t'] },
      { name: 'zeta', description: 'later wins' },
      { name: 'Beta' },
    ]);
    const text = dbtManifestNodeJson(n, 'p');
    expect(text).toBe(stableStringify(dbtManifestNode(n, 'p')));
    expect(Object.keys((JSON.parse(text) as { columns: object }).columns)).toEqual(['Beta', 'alpha', 'zeta']);
    expect(text).toContain('"description":"later wins"');
  });

  it('keeps the object order of dbtManifestNode for column names that are array indexes or __proto__', () => {
    const n = node([{ name: 'b' }, { name: '10' }, { name: '9' }, { name: '__proto__' }, { name: 'a' }]);
    expect(dbtManifestNodeJson(n, 'p')).toBe(JSON.stringify(dbtManifestNode(n, 'p')));
  });

  it('writes the test fields of a generic test and leaves them out otherwise', () => {
    const test = node([], {
      id: 'test.p.not_null_m_id',
      resourceType: 'test',
      test: { attachedTo: 'model.p.m', column: 'id', kind: 'generic', kwargs: { model: "{{ ref('m') }}" }, severity: 'error', storeFailures: false, testName: 'not_null' },
    });
    const text = dbtManifestNodeJson(test, 'p');
    expect(text).toBe(stableStringify(dbtManifestNode(test, 'p')));
    expect(text).toContain('"test_metadata":{"kwargs":{"column_name":"id","model":');
    expect(dbtManifestNodeJson(node([]), 'p')).not.toContain('attached_node');
  });
});
