import { snowflakeSql } from '../src';
import { inferType } from '../src/materialize/seed';

const place = { database: 'analytics', schema: 'marts', identifier: 'orders' };

test('seed type inference', () => {
  expect(inferType(['1', '-2', ''])).toBe('NUMBER(38,0)');
  expect(inferType(['1.5', '2.25'])).toBe('NUMBER(38,2)');
  expect(inferType(['true', 'FALSE'])).toBe('BOOLEAN');
  expect(inferType(['2024-01-01'])).toBe('DATE');
  expect(inferType(['2024-01-01 10:00:00', '2024-01-02'])).toBe('TIMESTAMP_NTZ');
  expect(inferType(['007', 'x'])).toBe('VARCHAR');
  expect(inferType(['', ''])).toBe('VARCHAR');
});

// Golden SQL (level 3): the exact text of the run-time statements.
test('run-time statements', () => {
  expect(snowflakeSql.createTableAs(place, 'select 1 as id;', true)).toBe('CREATE OR REPLACE TRANSIENT TABLE "ANALYTICS"."MARTS"."ORDERS" AS (\nselect 1 as id\n)');
  expect(snowflakeSql.createTableAs(place, 'select 1', false)).toMatch(/^CREATE OR REPLACE TABLE /);
  expect(snowflakeSql.merge(place, '"B"', ['id'], ['id', 'amount'])).toBe(
    'MERGE INTO "ANALYTICS"."MARTS"."ORDERS" AS DBT_INTERNAL_DEST USING "B" AS DBT_INTERNAL_SOURCE ON DBT_INTERNAL_DEST."ID" = DBT_INTERNAL_SOURCE."ID"\n' +
      'WHEN MATCHED THEN UPDATE SET "AMOUNT" = DBT_INTERNAL_SOURCE."AMOUNT"\n' +
      'WHEN NOT MATCHED THEN INSERT ("ID", "AMOUNT") VALUES (DBT_INTERNAL_SOURCE."ID", DBT_INTERNAL_SOURCE."AMOUNT")',
  );
  expect(snowflakeSql.deleteMatching(place, '"B"', ['id', 'k2'])).toBe(
    'DELETE FROM "ANALYTICS"."MARTS"."ORDERS" AS DBT_INTERNAL_DEST USING "B" AS DBT_INTERNAL_SOURCE WHERE DBT_INTERNAL_DEST."ID" = DBT_INTERNAL_SOURCE."ID" AND DBT_INTERNAL_DEST."K2" = DBT_INTERNAL_SOURCE."K2"',
  );
  expect(snowflakeSql.addColumn(place, { name: 'note', type: 'VARCHAR' })).toBe('ALTER TABLE "ANALYTICS"."MARTS"."ORDERS" ADD COLUMN "NOTE" VARCHAR');
  expect(snowflakeSql.dropColumn(place, 'note')).toBe('ALTER TABLE "ANALYTICS"."MARTS"."ORDERS" DROP COLUMN "NOTE"');
  expect(snowflakeSql.insertValues(place, ['id', 'note'])).toBe('INSERT INTO "ANALYTICS"."MARTS"."ORDERS" ("ID", "NOTE") VALUES (?, ?)');
});
