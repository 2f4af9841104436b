import { selectNodes, DependencyGraph } from '@floe/core/internal';
import { layoutGraph, NODE_W } from '../src/browser/layout';
import { buildModel, reach, searchNodes } from '../src/browser/model';
import { Selector } from '../src/browser/selection';
import { inflateSiteNodes, type DocsNodeSummary, type DocsSiteIndex } from '../src/data/types';
import { buildDocsData } from '../src';
import { splitDocsData } from '../src/site/write-site';
import { compileShop, copyShop } from './helpers';

function index(summaries: DocsNodeSummary[]): DocsSiteIndex {
  const pos = new Map(summaries.map((n, i) => [n.id, i]));
  const nodes = summaries.map(({ dependsOn, ...rest }) => ({ ...rest, deps: dependsOn.map((id) => pos.get(id)!) }));
  return {
    docsDataVersion: 1,
    project: { name: 'p', version: '1', mode: 'native' },
    environment: 'dev',
    generator: 'floe test',
    generatedAt: '',
    catalog: { computes: [], notes: [] },
    chunkSize: 500,
    chunks: 0,
    nodes,
  };
}

const node = (id: string, deps: string[] = [], type: DocsNodeSummary['resourceType'] = 'model'): DocsNodeSummary => ({
  id: `${type}.p.${id}`,
  resourceType: type,
  name: id,
  path: `models/${id}.sql`,
  fqn: ['p', id],
  packageName: 'p',
  tags: [],
  materialized: 'view',
  dependsOn: deps.map((d) => `model.p.${d}`),
  config: {},
});

/** A synthetic DAG: `width` roots, then layers where each node reads 1-3 nodes of earlier layers. */
function bigProject(count: number): DocsNodeSummary[] {
  const out: DocsNodeSummary[] = [];
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    const deps: string[] = [];
    if (i >= 200) for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) deps.push(`m${Math.floor(rand() * i)}`);
    out.push(node(`m${i}`, [...new Set(deps)]));
  }
  return out;
}

describe('page logic (the browser modules, run in Node)', () => {
  it('lays out parents left of children and positions every member', () => {
    const model = buildModel(index(bigProject(2000)));
    const member = new Uint8Array(model.nodes.length).fill(1);
    const l = layoutGraph(model, member);
    expect(l.count).toBe(2000);
    for (let v = 0; v < model.nodes.length; v++) {
      expect(Number.isNaN(l.x[v]!)).toBe(false);
      for (let k = model.upOff[v]!; k < model.upOff[v + 1]!; k++) {
        const p = model.upEdges[k]!;
        expect(l.layerOf[p]!).toBeLessThan(l.layerOf[v]!);
        expect(l.x[p]! + NODE_W).toBeLessThan(l.x[v]!);
      }
    }
    // columns are sorted by x, and each column by y (the spatial index relies on it)
    for (let c = 1; c < l.columns.length; c++) expect(l.columns[c]!.x).toBeGreaterThan(l.columns[c - 1]!.x);
    for (const col of l.columns) for (let k = 1; k < col.nodes.length; k++) expect(l.y[col.nodes[k]!]!).toBeGreaterThan(l.y[col.nodes[k - 1]!]!);
    // wrapped: the picture is not a thin line
    const b = l.bounds;
    expect((b.maxX - b.minX) / (b.maxY - b.minY)).toBeGreaterThan(0.5);
  });

  // Placement only: how long it takes is measured in the browser (docs/docs-site.md), not
  // asserted here, since a unit test's wall time says more about the machine than the code.
  it('lays out 10,000 models, every one placed', () => {
    const model = buildModel(index(bigProject(10000)));
    const member = new Uint8Array(model.nodes.length).fill(1);
    const l = layoutGraph(model, member);
    expect(l.count).toBe(10000);
    let unplaced = 0;
    for (let v = 0; v < 10000; v++) if (Number.isNaN(l.x[v]!) || Number.isNaN(l.y[v]!)) unplaced++;
    expect(unplaced).toBe(0);
  });

  it('leaves nodes outside the subset unplaced', () => {
    const model = buildModel(index([node('a'), node('b', ['a']), node('c', ['b'])]));
    const l = layoutGraph(model, Uint8Array.from([1, 0, 1]));
    expect(Number.isNaN(l.x[1]!)).toBe(true);
    expect(l.count).toBe(2);
  });

  it('finds upstream and downstream, and searches by name prefix first', () => {
    const model = buildModel(index([node('a'), node('b', ['a']), node('c', ['b']), node('xa'), node('d', ['a'])]));
    const ids = (s: Set<number>) => [...s].map((i) => model.nodes[i]!.name).sort();
    expect(ids(reach(model, 1, true))).toEqual(['a']);
    expect(ids(reach(model, 1, false))).toEqual(['c']);
    expect(ids(reach(model, 0, false))).toEqual(['b', 'c', 'd']);
    expect(searchNodes(model, 'a').map((i) => model.nodes[i]!.name)).toEqual(['a', 'xa']);
    expect(searchNodes(model, 'zz')).toEqual([]);
  });

  it('data.js round-trips: compacted summaries inflate back to the full ones', async () => {
    const artifacts = await compileShop(copyShop());
    const data = buildDocsData(artifacts);
    const { index: site } = splitDocsData(data);
    expect(site.nodes.every((n) => n.fqn === undefined && n.packageName === undefined)).toBe(true);
    const full = inflateSiteNodes(site);
    expect(full.map((n) => [n.id, n.fqn, n.packageName, n.dependsOn])).toEqual(data.nodes.map((n) => [n.id, n.fqn, n.packageName, n.dependsOn]));
  });

  it('selects in the page exactly what floe-core selects for the CLI', async () => {
    const artifacts = await compileShop(copyShop());
    const { index: site } = splitDocsData(buildDocsData(artifacts));
    const model = buildModel(site);
    const selector = new Selector(model);
    // floe-core on the same nodes, as the CLI's `floe ls` resolves them
    const coreGraph = new DependencyGraph(
      model.nodes.map((n) => ({ id: n.id, resourceType: n.resourceType, name: n.name, dependsOn: n.dependsOn, tags: n.tags, path: n.path, fqn: n.fqn, packageName: n.packageName, config: n.config, ...(n.sourceName ? { sourceName: n.sourceName } : {}), ...(n.test ? { testMeta: { kind: n.test.kind, ...(n.test.testName ? { testName: n.test.testName } : {}) } } : {}) })),
    );
    for (const expr of ['+orders', 'orders+', 'tag:daily', 'path:models/staging', 'resource_type:seed', '+customers,resource_type:model', 'config.materialized:table', 'test_name:unique']) {
      const r = selector.select(expr);
      if ('error' in r) throw new Error(r.error);
      const picked = model.nodes.filter((_, i) => r.mask[i]).map((n) => n.id).sort();
      expect(picked).toEqual(selectNodes(coreGraph, { select: [expr] }).sort());
      expect(picked.length).toBeGreaterThan(0);
    }
    const bad = selector.select('tagg:daily');
    expect('error' in bad && bad.error).toMatch(/unknown selector method "tagg".*Did you mean "tag"/s);
  });
});
