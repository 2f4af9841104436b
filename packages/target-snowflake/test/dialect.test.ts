import snowflake from '../src';

const config = snowflake.configSchema.parse({ type: 'snowflake', account: 'acme', user: 'u', password: { secret: 'SF_PW' }, database: 'analytics' });

test('config refuses a literal password and needs exactly one credential', () => {
  expect(snowflake.configSchema.safeParse({ type: 'snowflake', account: 'a', user: 'u', password: 'hunter2', database: 'd' }).success).toBe(false);
  expect(snowflake.configSchema.safeParse({ type: 'snowflake', account: 'a', user: 'u', database: 'd' }).success).toBe(false);
});

test('dialect folds unquoted names to upper case and quotes them', () => {
  const d = snowflake.createDialect(config);
  expect(d.renderRelation({ schema: 'staging', identifier: 'stg_orders' })).toBe('"ANALYTICS"."STAGING"."STG_ORDERS"');
  expect(d.quoteIdentifier('Mixed Case')).toBe('"Mixed Case"');
  expect(d.mapType('decimal(10,2)')).toBe('NUMBER(10,2)');
  expect(d.quoteLiteral("it's")).toBe("'it''s'");
});
