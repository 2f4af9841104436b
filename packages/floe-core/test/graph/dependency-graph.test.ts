import { DependencyGraph, type GraphNode } from '../../src/graph';
import { isFloeError } from '../../src/errors';
import { generatedNodes, node, shopNodes } from './fixtures';

const m = (name: string, deps: string[] = []): GraphNode => node({ id: `model.p.${name}`, dependsOn: deps.map((d) => `model.p.${d}`) });

describe('DependencyGraph', () => {
  it('orders nodes topologically, breaking ties by id', () => {
    const g = new DependencyGraph([m('d', ['b', 'c']), m('c', ['a']), m('b', ['a']), m('a'), m('e')]);
    expect(g.topologicalOrder()).toEqual({ order: ['model.p.a', 'model.p.b', 'model.p.c', 'model.p.d', 'model.p.e'] });
    // a later-ready node with a smaller id still waits for its parents
    const g2 = new DependencyGraph([m('a', ['z']), m('z'), m('y')]);
    expect(g2.topologicalOrder()).toEqual({ order: ['model.p.y', 'model.p.z', 'model.p.a'] });
  });

  it('gives the same order whatever the input order', () => {
    const nodes = shopNodes();
    const a = new DependencyGraph(nodes).topologicalOrder();
    const b = new DependencyGraph([...nodes].reverse()).topologicalOrder();
    expect(a).toEqual(b);
    expect('order' in a && a.order.length).toBe(nodes.length);
  });

  it('computes levels for parallel scheduling', () => {
    const g = new DependencyGraph([m('d', ['b', 'c']), m('c', ['a']), m('b', ['a']), m('a'), m('e'), m('f', ['a', 'd'])]);
    expect(g.levels()).toEqual([['model.p.a', 'model.p.e'], ['model.p.b', 'model.p.c'], ['model.p.d'], ['model.p.f']]);
  });

  it('reports a cycle as a path in data-flow order, starting at its smallest id', () => {
    // b refs a, c refs b, a refs c: a feeds b feeds c feeds a; x hangs below the cycle
    const g = new DependencyGraph([m('b', ['a']), m('c', ['b']), m('a', ['c']), m('x', ['c']), m('ok')]);
    expect(g.topologicalOrder()).toEqual({ cycle: ['model.p.a', 'model.p.b', 'model.p.c', 'model.p.a'] });
    let err: unknown;
    try {
      g.levels();
    } catch (e) {
      err = e;
    }
    expect(isFloeError(err) && err.code).toBe('FLOE_DAG_CYCLE');
    expect((err as Error).message).toBe('Found a cycle: model.p.a -> model.p.b -> model.p.c -> model.p.a');
  });

  it('reports the cycle, not the nodes downstream of it', () => {
    const g = new DependencyGraph([m('a0'), m('k', ['a0', 'm']), m('m', ['k']), m('z', ['m'])]);
    expect(g.topologicalOrder()).toEqual({ cycle: ['model.p.k', 'model.p.m', 'model.p.k'] });
  });

  it('reports a self-reference as a one-node cycle', () => {
    expect(new DependencyGraph([m('a', ['a'])]).topologicalOrder()).toEqual({ cycle: ['model.p.a', 'model.p.a'] });
  });

  it('keeps unknown dependencies out of the graph and lists them', () => {
    const g = new DependencyGraph([m('a', ['ghost', 'b']), m('b', ['b2'])]);
    expect(g.missingDependencies()).toEqual([
      { node: 'model.p.a', missing: 'model.p.ghost' },
      { node: 'model.p.b', missing: 'model.p.b2' },
    ]);
    expect(g.parents('model.p.a')).toEqual(['model.p.b']);
    expect(g.topologicalOrder()).toEqual({ order: ['model.p.b', 'model.p.a'] });
  });

  it('deduplicates repeated dependencies', () => {
    const g = new DependencyGraph([m('a'), m('b', ['a', 'a'])]);
    expect(g.parents('model.p.b')).toEqual(['model.p.a']);
    expect(g.children('model.p.a')).toEqual(['model.p.b']);
  });

  it('rejects duplicate ids and unknown lookups with FLOE_INTERNAL', () => {
    expect(() => new DependencyGraph([m('a'), m('a')])).toThrow(/share the id "model.p.a"/);
    const g = new DependencyGraph([m('a')]);
    expect(g.get('model.p.nope')).toBeUndefined();
    expect(() => g.parents('model.p.nope')).toThrow(expect.objectContaining({ code: 'FLOE_INTERNAL' }));
  });

  it('finds ancestors and descendants, optionally bounded by depth', () => {
    const g = new DependencyGraph([m('a'), m('b', ['a']), m('c', ['b']), m('d', ['c']), m('e', ['a'])]);
    expect([...g.ancestors('model.p.d')]).toEqual(['model.p.a', 'model.p.b', 'model.p.c']);
    expect([...g.ancestors('model.p.d', 1)]).toEqual(['model.p.c']);
    expect([...g.ancestors('model.p.d', 2)]).toEqual(['model.p.b', 'model.p.c']);
    expect([...g.descendants('model.p.a')]).toEqual(['model.p.b', 'model.p.c', 'model.p.d', 'model.p.e']);
    expect([...g.descendants('model.p.a', 1)]).toEqual(['model.p.b', 'model.p.e']);
    expect(g.descendants('model.p.a', 0).size).toBe(0);
  });

  it('exposes sorted, deterministic parent and child maps', () => {
    const g = new DependencyGraph([m('c', ['b', 'a']), m('b', ['a']), m('a')]);
    expect(g.parentMap()).toEqual({ 'model.p.a': [], 'model.p.b': ['model.p.a'], 'model.p.c': ['model.p.a', 'model.p.b'] });
    expect(Object.keys(g.childMap())).toEqual(['model.p.a', 'model.p.b', 'model.p.c']);
    expect(g.childMap()['model.p.a']).toEqual(['model.p.b', 'model.p.c']);
  });

  it('handles a generated 10,000-node graph correctly', () => {
    const nodes = generatedNodes(10_000);
    const g = new DependencyGraph(nodes);
    const t = g.topologicalOrder();
    if (!('order' in t)) throw new Error(`unexpected cycle ${t.cycle.join(' -> ')}`);
    expect(t.order).toHaveLength(10_000);
    expect(new Set(t.order).size).toBe(10_000);
    const pos = new Map(t.order.map((id, i) => [id, i]));
    let edges = 0;
    const backwards: string[] = [];
    for (const n of nodes) {
      for (const p of n.dependsOn) {
        edges++;
        if (!(pos.get(p)! < pos.get(n.id)!)) backwards.push(`${p} -> ${n.id}`);
      }
    }
    expect(backwards).toEqual([]);
    expect(edges).toBeGreaterThan(15_000);
    const levels = g.levels();
    expect(levels.flat()).toHaveLength(10_000);
    const levelOf = new Map<string, number>();
    levels.forEach((ids, l) => ids.forEach((id) => levelOf.set(id, l)));
    const wrong = nodes.filter((n) => {
      const pl = n.dependsOn.map((p) => levelOf.get(p)!);
      return levelOf.get(n.id) !== (pl.length === 0 ? 0 : Math.max(...pl) + 1);
    });
    expect(wrong.map((n) => n.id)).toEqual([]);
  });

  it('finds a cycle closed deep inside a large graph', () => {
    const nodes = generatedNodes(5_000);
    const first = nodes.find((n) => n.id === 'model.big.m00003')!;
    // close a loop: m00003 now also depends on its deepest model descendant
    const below = [...new DependencyGraph(nodes).descendants(first.id)].filter((id) => id.startsWith('model.'));
    expect(below.length).toBeGreaterThan(100);
    const deepest = below.at(-1)!;
    const g = new DependencyGraph(nodes.map((n) => (n === first ? { ...n, dependsOn: [deepest] } : n)));
    const t = g.topologicalOrder();
    if (!('cycle' in t)) throw new Error('expected a cycle');
    const cyc = t.cycle;
    expect(cyc[0]).toBe(cyc.at(-1));
    expect(cyc).toContain(first.id);
    expect(cyc).toContain(deepest);
    const brokenLinks = cyc.slice(0, -1).filter((id, k) => !g.children(id).includes(cyc[k + 1]!));
    expect(brokenLinks).toEqual([]);
  });
});
