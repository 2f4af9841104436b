import { describe, expect } from '@jest/globals';
import { genericTestSql } from '../artifacts-builder';
import { suiteContext } from '../define';
import type { ConformanceOptions, Harness } from '../harness';
import { statusOf } from '../harness';

function project(h: Harness, extra: (b: ReturnType<Harness['builder']>, q: (s: string) => string, lit: (s: string) => string) => void) {
  h.write('seeds/customers.csv', 'id,status\n1,active\n2,active\n3,gone\n');
  h.write('seeds/orders.csv', 'order_id,customer_id,status\n10,1,placed\n11,1,shipped\n12,2,placed\n12,9,\n');
  const b = h.builder().seed('customers', { file: 'seeds/customers.csv' }).seed('orders', { file: 'seeds/orders.csv' });
  extra(b, (s) => h.dialect.quoteIdentifier(s), (s) => h.dialect.quoteLiteral(s));
  return b;
}

export function dataTestSuite(options: ConformanceOptions): void {
  describe('data tests', () => {
    const t = suiteContext(options, 'data tests');

    t.test('each generic test kind passes and fails with the right failure count', async (h) => {
      const b = project(h, (b, q, lit) => {
        const rel = (n: string) => h.rel(n);
        b.test('unique_customers_id', { testName: 'unique', attachedTo: 'seed.conformance.customers', sql: (x) => (x.ref('customers'), genericTestSql.unique(rel('customers'), 'id', q)) })
          .test('unique_orders_order_id', { testName: 'unique', attachedTo: 'seed.conformance.orders', sql: (x) => (x.ref('orders'), genericTestSql.unique(rel('orders'), 'order_id', q)) })
          .test('not_null_customers_status', { testName: 'not_null', attachedTo: 'seed.conformance.customers', sql: (x) => (x.ref('customers'), genericTestSql.not_null(rel('customers'), 'status', q)) })
          .test('not_null_orders_status', { testName: 'not_null', attachedTo: 'seed.conformance.orders', sql: (x) => (x.ref('orders'), genericTestSql.not_null(rel('orders'), 'status', q)) })
          .test('accepted_values_customers_status', {
            testName: 'accepted_values',
            attachedTo: 'seed.conformance.customers',
            sql: (x) => (x.ref('customers'), genericTestSql.accepted_values(rel('customers'), 'status', ['active', 'gone'], q, lit)),
          })
          .test('accepted_values_orders_status', {
            testName: 'accepted_values',
            attachedTo: 'seed.conformance.orders',
            sql: (x) => (x.ref('orders'), genericTestSql.accepted_values(rel('orders'), 'status', ['placed'], q, lit)),
          })
          .test('relationships_orders_customer_id_ok', {
            testName: 'relationships',
            attachedTo: 'seed.conformance.orders',
            sql: (x) => (x.ref('orders'), x.ref('customers'), `${genericTestSql.relationships(rel('orders'), 'customer_id', rel('customers'), 'id', q)} and child.${q('customer_id')} <> 9`),
          })
          .test('relationships_orders_customer_id', {
            testName: 'relationships',
            attachedTo: 'seed.conformance.orders',
            sql: (x) => (x.ref('orders'), x.ref('customers'), genericTestSql.relationships(rel('orders'), 'customer_id', rel('customers'), 'id', q)),
          });
      });
      const r = await h.run(b.build());
      const s = statusOf(r);
      const failures = Object.fromEntries(r.results.map((x) => [x.uniqueId.split('.').pop(), x.failures]));
      expect(s).toMatchObject({
        unique_customers_id: 'pass',
        unique_orders_order_id: 'fail',
        not_null_customers_status: 'pass',
        not_null_orders_status: 'fail',
        accepted_values_customers_status: 'pass',
        accepted_values_orders_status: 'fail',
        relationships_orders_customer_id_ok: 'pass',
        relationships_orders_customer_id: 'fail',
      });
      expect(failures).toMatchObject({
        unique_customers_id: 0,
        unique_orders_order_id: 1,
        not_null_orders_status: 1,
        // 'shipped'; a null status passes accepted_values, as in dbt
        accepted_values_orders_status: 1,
        relationships_orders_customer_id: 1,
      });
    });

    t.test('warn severity reports warn and fails nothing', async (h) => {
      const b = project(h, (b, q) => {
        b.test('not_null_orders_status', {
          testName: 'not_null',
          attachedTo: 'seed.conformance.orders',
          severity: 'warn',
          sql: (x) => (x.ref('orders'), genericTestSql.not_null(h.rel('orders'), 'status', q)),
        }).model('order_count', { materialized: 'table', sql: (x) => `select count(*) as n from ${x.ref('orders')}` });
      });
      const r = await h.run(b.build());
      expect(statusOf(r)).toMatchObject({ not_null_orders_status: 'warn', order_count: 'success' });
      expect(r.success).toBe(true);
    });

    t.test('an error-severity failure skips the tested node\'s dependants', async (h) => {
      const b = project(h, (b, q) => {
        b.test('unique_orders_order_id', { testName: 'unique', attachedTo: 'seed.conformance.orders', sql: (x) => (x.ref('orders'), genericTestSql.unique(h.rel('orders'), 'order_id', q)) })
          .model('order_count', { materialized: 'table', sql: (x) => `select count(*) as n from ${x.ref('orders')}` })
          .model('customer_count', { materialized: 'table', sql: (x) => `select count(*) as n from ${x.ref('customers')}` });
      });
      const r = await h.run(b.build());
      expect(statusOf(r)).toMatchObject({ unique_orders_order_id: 'fail', order_count: 'skipped', customer_count: 'success' });
    });

    t.test('store_failures writes the failing rows to the audit schema', async (h) => {
      const b = project(h, (b, q) => {
        b.test('not_null_orders_status', {
          testName: 'not_null',
          attachedTo: 'seed.conformance.orders',
          storeFailures: true,
          sql: (x) => (x.ref('orders'), genericTestSql.not_null(h.rel('orders'), 'status', q)),
        });
      });
      const r = await h.run(b.build());
      expect(statusOf(r)).toMatchObject({ not_null_orders_status: 'fail' });
      const audit = h.dialect.renderRelation({ schema: `${h.dialect.defaultSchema}_dbt_test__audit`, identifier: 'not_null_orders_status' });
      expect(await h.query(`select order_id, customer_id from ${audit}`)).toEqual([{ order_id: 12, customer_id: 9 }]);
    });
  });
}
