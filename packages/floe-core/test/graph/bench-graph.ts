/**
 * Not a test: times graph construction, ordering and typical selections on a
 * generated 10,000-node graph. Run from packages/floe-core:
 *   npx esbuild test/graph/bench-graph.ts --bundle --platform=node --log-level=warning | node
 */
import { DependencyGraph, selectNodes } from '../../src/graph';
import { generatedNodes } from './fixtures';

/** Wall time can be inflated by other processes on a shared machine; CPU time (user+system of this process) much less. */
function time<T>(label: string, fn: () => T, runs = 15): T {
  let result!: T;
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = fn();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const extra = Array.isArray(result) ? ` (${result.length} items)` : '';
  console.log(`${label.padEnd(58)} wall min ${fmt(Math.min(...ms))} median ${fmt(med(ms))} | cpu median ${fmt(med(cpu))}${extra}`);
  return result;
}
const fmt = (x: number) => `${x.toFixed(1).padStart(6)} ms`;

const nodes = generatedNodes(10_000);
const edges = nodes.reduce((s, n) => s + n.dependsOn.length, 0);
console.log(`nodes ${nodes.length}, edges ${edges}`);

// cold: the first construction + order + selection, as one compile would do it
const c0 = process.cpuUsage();
const t0 = performance.now();
const cold = new DependencyGraph(nodes);
cold.topologicalOrder();
cold.levels();
selectNodes(cold, { select: ['tag:daily+'], resourceTypes: ['model'] });
const cc = process.cpuUsage(c0);
console.log(`cold (first call, unoptimized JIT): construct + topo + levels + 'tag:daily+'  wall ${fmt(performance.now() - t0)} | cpu ${fmt((cc.user + cc.system) / 1000)}`);

const g = time('construct DependencyGraph', () => new DependencyGraph(nodes));
time('topologicalOrder (fresh graph each run, incl. construct)', () => new DependencyGraph(nodes).topologicalOrder());
time('levels', () => g.levels());
time('select (none = everything)', () => selectNodes(g, {}));
time("select 'm05000+'", () => selectNodes(g, { select: ['m05000+'] }));
time("select '+m08999'", () => selectNodes(g, { select: ['+m08999'] }));
time("select '@m04000'", () => selectNodes(g, { select: ['@m04000'] }));
time("select 'tag:daily+' models only", () => selectNodes(g, { select: ['tag:daily+'], resourceTypes: ['model'] }));
time("select 'path:models/f3 tag:daily,config.materialized:table'", () => selectNodes(g, { select: ['path:models/f3 tag:daily,config.materialized:table'] }));
time("select 'big.f1.*' exclude 'm08*+' cautious", () => selectNodes(g, { select: ['big.f1.*'], exclude: ['m08*+'], indirectSelection: 'cautious' }));
const state = { nodes: Object.fromEntries(nodes.map((n, i) => [n.id, { checksum: i % 50 === 0 ? 'old' : (n.checksum ?? '') }])) };
time("select 'state:modified+' (2% changed)", () => selectNodes(g, { select: ['state:modified+'], state }));
