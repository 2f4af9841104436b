import { carryIdentities, classifyChange, matchPlans, statefulNodes, type CompiledPlan, type DeployedRecord } from '../../src';

// Shapes as Flink 2.2's COMPILE PLAN writes them (trimmed to the fields Floe reads).
const src = (id: number) => ({ id, type: 'stream-exec-table-source-scan_1', scanTableSource: { table: { identifier: '`c`.`d`.`clicks`' }, abilities: [] }, outputType: 'ROW<`user_id` VARCHAR, `url` VARCHAR, `ts` TIMESTAMP(3)>' });
const local = (id: number, grouping: number[]) => ({ id, type: 'stream-exec-local-window-aggregate_1', grouping, outputType: 'ROW<`k` VARCHAR, `count1$0` BIGINT, `$slice_end` BIGINT>' });
const exchange = (id: number) => ({ id, type: 'stream-exec-exchange_1', outputType: 'ROW<`k` VARCHAR, `count1$0` BIGINT, `$slice_end` BIGINT>' });
const global = (id: number) => ({ id, type: 'stream-exec-global-window-aggregate_1', grouping: [0], aggCalls: [{ internalName: '$COUNT$1', type: 'BIGINT NOT NULL' }], windowing: { window: { type: 'TumblingWindow', size: 'PT1M' } }, outputType: 'ROW<...>' });
const calc = (id: number, n: number) => ({ id, type: 'stream-exec-calc_1', projection: Array.from({ length: n }, (_, i) => ({ kind: 'INPUT_REF', inputIndex: i })), outputType: `ROW<${n}>` });
const sink = (id: number) => ({ id, type: 'stream-exec-sink_1', dynamicTableSink: { table: { identifier: '`c`.`d`.`counts`' } }, inputChangelogMode: ['INSERT'], outputType: 'ROW<...>' });
const chain = (...nodes: Array<{ id: number; type: string; [k: string]: unknown }>): CompiledPlan => ({ nodes: nodes as CompiledPlan['nodes'], edges: nodes.slice(1).map((n, i) => ({ source: nodes[i]!.id, target: n.id })) });

const v1 = chain(src(1), local(2, [0]), exchange(3), global(4), calc(5, 4), sink(6));
const record: DeployedRecord = { model: 'counts', jobName: 'j', jobId: 'old', checksum: 'c1', planFile: 'p', deployedAt: '', prelude: [], properties: {} };
const classify = (newPlan: CompiledPlan, over: Partial<Parameters<typeof classifyChange>[0]> = {}) =>
  classifyChange({ model: 'counts', jobName: 'j', checksum: 'c2', newPlan, running: { jobId: 'old', checksum: 'c1' }, record, oldPlan: v1, ...over });

test('stateful nodes: source, window aggregate and sink; local aggregate, exchange and calc hold no state', () => {
  expect(statefulNodes(v1).map((n) => [n.id, n.role])).toEqual([[1, 'source'], [4, 'operator'], [6, 'sink']]);
});

test('new, unchanged, and a running job without a recorded plan', () => {
  expect(classify(v1, { running: undefined }).change).toBe('new');
  expect(classify(v1, { checksum: 'c1' }).change).toBe('unchanged');
  expect(classify(v1, { record: undefined })).toMatchObject({ change: 'state-incompatible', reason: expect.stringMatching(/no compiled plan recorded/) });
});

test('a projection after the aggregate (same ids) is state-compatible', () => {
  const r = classify(chain(src(1), local(2, [0]), exchange(3), global(4), calc(5, 5), sink(6)));
  expect(r).toMatchObject({ change: 'state-compatible', reason: expect.stringMatching(/^1 stateful operator unchanged \(global-window-aggregate\)/) });
});

test('a node inserted before the aggregate moves its id: the old ids are carried over into the new plan', () => {
  const v2 = chain(src(1), calc(2, 3), local(3, [0]), exchange(4), global(5), calc(6, 4), sink(7));
  const m = matchPlans(v1, v2);
  expect(m.lost).toEqual([]);
  expect(m.carried.map((c) => [c.from, c.to])).toEqual([[5, 4], [7, 6]]);
  const carried = carryIdentities(v2, m.idMap);
  expect(statefulNodes(carried).map((n) => n.id)).toEqual([1, 4, 6]);
  expect(new Set(carried.nodes.map((n) => n.id)).size).toBe(carried.nodes.length);
  for (const e of carried.edges) expect(carried.nodes.some((n) => n.id === e.source) && carried.nodes.some((n) => n.id === e.target)).toBe(true);
  expect(classify(v2)).toMatchObject({ change: 'state-compatible', reason: expect.stringMatching(/operator ids carried over/) });
});

test('a changed aggregate (regrouped: another input type) is state-incompatible with the reason', () => {
  const regrouped = chain({ ...src(1), outputType: 'ROW<`url` VARCHAR, `ts` TIMESTAMP(3)>' }, local(2, [0]), { ...exchange(3), outputType: 'ROW<`url` VARCHAR, `count1$0` BIGINT>' }, global(4), calc(5, 4), sink(6));
  expect(classify(regrouped)).toMatchObject({ change: 'state-incompatible', reason: expect.stringMatching(/global-window-aggregate .*node 4\) has no identical operator/) });
});

test('an unknown node type counts as stateful (unproven means incompatible); no operators means stateless', () => {
  const odd = chain(src(1), { id: 2, type: 'stream-exec-something-new_1' }, sink(3));
  expect(classify(odd, { oldPlan: chain(src(1), calc(2, 2), sink(3)) })).toMatchObject({ change: 'state-incompatible', reason: expect.stringMatching(/something-new .*would start empty/) });
  expect(classify(chain(src(1), calc(2, 3), sink(3)), { oldPlan: chain(src(1), calc(2, 2), sink(3)) }).change).toBe('stateless');
});
