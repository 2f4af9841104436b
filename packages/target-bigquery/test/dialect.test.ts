import bigquery from '../src';

test('dialect renders project.dataset.table with backticks and maps types', () => {
  const d = bigquery.createDialect(bigquery.configSchema.parse({ type: 'bigquery', project: 'acme-prod', dataset: 'analytics' }));
  expect(d.renderRelation({ schema: 'analytics', identifier: 'orders' })).toBe('`acme-prod`.`analytics`.`orders`');
  expect(d.mapType('bigint')).toBe('INT64');
  expect(d.mapType('timestamp')).toBe('TIMESTAMP');
  expect(d.quoteLiteral("it's")).toBe("'it\\'s'");
});

test('config refuses unknown keys', () => {
  expect(bigquery.configSchema.safeParse({ type: 'bigquery', project: 'p', dataset: 'd', datset: 'x' }).success).toBe(false);
});
