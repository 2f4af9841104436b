import { createFlinkDialect, flinkConfigSchema, foldChangelog, planDeployment, snapshotTableSql, tableFromRecords, type ClusterState, type JobSummary, type KafkaRecord, type StreamingModel } from '../../src';
import { analyzeSql } from '../../src/compile/sql-shape';
import duckdb from '@floe/target-duckdb';

const sink = (topic: string, upsert = true) => ({ kind: 'kafka-table' as const, id: `model.p.${topic}`, relation: `\`c\`.\`d\`.\`${topic}\``, database: '`c`.`d`', connector: upsert ? ('upsert-kafka' as const) : ('kafka' as const), topic, format: 'json', columns: [], partitions: 2, owned: true });
const source = (topic: string) => ({ ...sink(topic, false), id: `source.p.e.${topic}`, owned: false, partitions: 1 });
const model = (name: string, checksum: string, prelude: StreamingModel['prelude']): StreamingModel => ({
  id: `model.p.${name}`, name, compute: 'stream', checksum, prelude, upstreamModels: [],
  job: { name: `floe.p.dev.${name}`, sinkId: `model.p.${name}`, topic: name, upsert: true, insert: 'INSERT ...', properties: {} },
});
const job = (name: string, id: string, state: JobSummary['state'] = 'RUNNING'): JobSummary => ({ id, name, state, startTime: 1, endTime: undefined, durationMs: 1 });
const state = (topics: string[], jobs: JobSummary[], checksums: Record<string, string>): ClusterState => ({ topics: new Set(topics), jobs, checksums: new Map(Object.entries(checksums)) });

test('plan: missing sink topics are created (compacted for upsert), new jobs started, matching jobs adopted, in model order', () => {
  const a = model('a', 'sum-a', [source('clicks'), sink('a')]);
  const b = model('b', 'sum-b', [sink('a'), sink('b', false)]);
  const p = planDeployment([a, b], state(['clicks'], [job('floe.p.dev.a', 'j1'), job('floe.p.dev.b', 'old', 'CANCELED')], { j1: 'sum-a' }));
  expect(p.problems).toEqual([]);
  expect(p.steps).toEqual([
    { kind: 'create-topic', topic: 'a', partitions: 2, compact: true, model: 'a' },
    { kind: 'create-topic', topic: 'b', partitions: 2, compact: false, model: 'b' },
    { kind: 'adopt-job', model: 'a', jobName: 'floe.p.dev.a', jobId: 'j1' },
    { kind: 'start-job', model: 'b', jobName: 'floe.p.dev.b' },
  ]);
});

test('plan: a running job of another version and a missing source topic are problems; nothing is planned around them silently', () => {
  const a = model('a', 'new', [source('clicks'), sink('a')]);
  const p = planDeployment([a], state(['a'], [job('floe.p.dev.a', 'j1')], { j1: 'old' }));
  expect(p.problems.map((x) => x.message)).toEqual(['source topic "clicks" (read by a) does not exist', 'job "floe.p.dev.a" (j1) is RUNNING with a different version of a']);
  expect(p.problems[1]!.hint).toMatch(/state-safe upgrade/);
  // What floe deploy plans: the running job of another version becomes an upgrade step (classified and applied by the upgrader).
  const u = planDeployment([a], state(['a', 'clicks'], [job('floe.p.dev.a', 'j1')], { j1: 'old' }), { upgrades: true });
  expect(u.problems).toEqual([]);
  expect(u.steps).toEqual([{ kind: 'upgrade-job', model: 'a', jobName: 'floe.p.dev.a', jobId: 'j1' }]);
});

test('foldChangelog keeps the final rows of a retract stream', () => {
  expect(foldChangelog([
    { kind: 'INSERT', fields: [1] },
    { kind: 'UPDATE_BEFORE', fields: [1] },
    { kind: 'UPDATE_AFTER', fields: [2] },
    { kind: 'INSERT', fields: ['x'] },
    { kind: 'DELETE', fields: ['x'] },
  ])).toEqual([[2]]);
});

const rec = (key: string | null, value: object | null): KafkaRecord => ({ topic: 't', partition: 0, offset: '0', timestamp: 0, headers: {}, key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(JSON.stringify(value)) });

test('topic snapshots: upsert topics keep the last value per key and drop tombstones; append topics keep every record', () => {
  const records = [rec('k1', { a: 1 }), rec('k2', { a: 2 }), rec('k1', { a: 3 }), rec('k2', null)];
  expect(tableFromRecords(records, ['a'])).toEqual([{ a: 3 }]);
  expect(tableFromRecords(records, undefined)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  const d = duckdb.createDialect(duckdb.configSchema.parse({ type: 'duckdb', path: ':memory:' }));
  const sql = snapshotTableSql(d, { schema: 'streams', identifier: 'x' }, { topic: 't', columns: [{ name: 'a', dataType: 'bigint' }, { name: 'b', dataType: 'string' }] }, [{ a: 1, b: "it's" }]);
  expect(sql[1]).toContain("CAST('1' AS BIGINT) AS \"a\", CAST('it''s' AS VARCHAR) AS \"b\"");
  expect(snapshotTableSql(d, { schema: 'streams', identifier: 'x' }, { topic: 't', columns: [{ name: 'a', dataType: 'bigint' }] }, [])[1]).toMatch(/WHERE 1 = 0$/);
});

test('sql shape: window aggregations are append-only; regular GROUP BY, outer joins and Top-N are not; comments and strings are ignored', () => {
  const w = analyzeSql("select a, window_start, count(*) from table(tumble(table t, descriptor(ts), interval '1' minute)) group by a, window_start, window_end");
  expect(w.windows).toMatchObject([{ fn: 'TUMBLE', table: 't', timeColumn: 'ts' }]);
  expect([w.windowGroupBy.length, w.regularGroupBy.length]).toEqual([1, 0]);
  const g = analyzeSql("select a, count(*) from t -- group by window_start\nwhere b = 'join x' group by a");
  expect([g.windowGroupBy.length, g.regularGroupBy.length, g.regularJoins.length]).toEqual([0, 1, 0]);
  expect(analyzeSql('select * from a left join b on a.id = b.id').regularJoins).toMatchObject([{ outer: true }]);
  expect(analyzeSql('select * from a join b on a.id = b.id and a.ts between b.ts - interval \'1\' hour and b.ts').regularJoins).toEqual([]);
  expect(analyzeSql('select * from o join r for system_time as of o.ts on o.c = r.c').regularJoins).toEqual([]);
  expect(analyzeSql('select * from (select *, row_number() over (partition by a order by ts) rn from t) where rn = 1').topN).toHaveLength(1);
});

test('the dialect config carries the heartbeat interval default', () => {
  const c = flinkConfigSchema.parse({ type: 'flink', kafka: { brokers: ['127.0.0.1:9092'] } });
  expect(c.heartbeat_interval).toBe('2s');
  expect(createFlinkDialect(c).compileNode).toBeDefined();
});
