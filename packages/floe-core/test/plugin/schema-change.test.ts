import { planSchemaChange } from '../../src';

const t = [{ name: 'id', type: 'INTEGER' }, { name: 'Amount', type: 'INTEGER' }, { name: 'old', type: 'VARCHAR' }];
const b = [{ name: 'ID', type: 'INTEGER' }, { name: 'amount', type: 'DOUBLE' }, { name: 'new', type: 'VARCHAR' }];

test('each on_schema_change mode plans its columns; names compare case-insensitively', () => {
  expect(planSchemaChange(t, b, 'ignore', 'm')).toEqual({ add: [], drop: [], retype: [], insert: ['id', 'Amount'] });
  expect(planSchemaChange(t, b, 'append_new_columns', 'm')).toEqual({ add: [b[2]], drop: [], retype: [], insert: ['id', 'Amount', 'new'] });
  expect(planSchemaChange(t, b, 'sync_all_columns', 'm')).toEqual({ add: [b[2]], drop: [t[2]], retype: [b[1]], insert: ['id', 'Amount', 'new'] });
});

test('fail with a changed column set throws FLOE_SCHEMA_CHANGE naming both sides; an unchanged set passes', () => {
  expect(() => planSchemaChange(t, b, 'fail', 'orders')).toThrow(expect.objectContaining({ code: 'FLOE_SCHEMA_CHANGE', message: 'orders: the columns changed (added new; removed old) and on_schema_change is fail' }));
  expect(planSchemaChange(t.slice(0, 2), b.slice(0, 2), 'fail', 'orders').insert).toEqual(['id', 'Amount']);
});
