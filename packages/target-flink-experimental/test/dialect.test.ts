import flink from '../src';

test('is experimental and streaming', () => {
  expect(flink.stability).toBe('experimental');
  expect(flink.capabilities.executionModel).toBe('streaming');
  expect(flink.capabilities.materializations).toContain('streaming_table');
  expect(flink.capabilities.materializations).not.toContain('incremental');
});

test('dialect quotes with backticks and maps logical types', () => {
  const d = flink.createDialect(flink.configSchema.parse({ type: 'flink', kafka: { brokers: ['127.0.0.1:9092'] } }));
  expect(d.renderRelation({ schema: 'default_database', identifier: 'clicks' })).toBe('`default_catalog`.`default_database`.`clicks`');
  expect(d.mapType('timestamp(3)')).toBe('TIMESTAMP(3)');
  expect(d.mapType('string')).toBe('STRING');
});
