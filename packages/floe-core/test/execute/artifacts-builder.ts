import { ARTIFACTS_VERSION, type CompiledArtifacts, type CompiledNode } from '../../src';

/** Test-only: fills the artifacts schema with small nodes. */
export function node(id: string, partial: Partial<CompiledNode> = {}): CompiledNode {
  const name = id.split('.').pop() as string;
  return {
    id,
    resourceType: 'model',
    name,
    path: `models/${name}.sql`,
    fqn: ['p', name],
    description: '',
    tags: [],
    meta: {},
    compute: 'default',
    targetType: 'fake',
    materialized: 'table',
    relation: { schema: 'main', identifier: name, rendered: `"main"."${name}"` },
    dependsOn: [],
    config: {},
    columns: [],
    rawCode: `select 1`,
    compiledSql: `select 1`,
    checksum: `c-${id}`,
    ...partial,
  };
}

export function artifacts(nodes: CompiledNode[], computeConfig: Record<string, unknown> = {}): CompiledArtifacts {
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const n of nodes) {
    parentMap[n.id] = [...n.dependsOn];
    childMap[n.id] ??= [];
    for (const p of n.dependsOn) (childMap[p] ??= []).push(n.id);
  }
  return {
    artifactsVersion: ARTIFACTS_VERSION,
    generator: { name: 'floe', version: '0.1.0' },
    project: { name: 'p', version: '1.0.0', mode: 'native' },
    environment: 'dev',
    computes: { default: { type: 'fake', stability: 'stable', executionModel: 'batch', config: computeConfig as never } },
    vars: {},
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    sources: {},
    schedules: [],
    parentMap,
    childMap,
  };
}
