import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { portableSql } from '../src/portable-sql';
import { mapType, renderRelation } from '../src/dialect';

describe('portableSql', () => {
  test('rewrites date casts and typed date literals', () => {
    expect(portableSql(`select cast(ordered_at as date) as d from t where cast(x as DATE) >= date '2024-01-01'`)).toBe(
      `select date(ordered_at) as d from t where date(x) >= '2024-01-01'`,
    );
    expect(portableSql('select cast(coalesce(a, b) as timestamp) from t')).toBe('select datetime(coalesce(a, b)) from t');
  });

  test('leaves other casts, strings, identifiers and comments alone', () => {
    const sql = `select cast(n as integer), 'cast(x as date)', "date '2024-01-01'" -- cast(y as date)\nfrom t /* date '2020-01-01' */`;
    expect(portableSql(sql)).toBe(sql);
    expect(portableSql('select update_date from t')).toBe('select update_date from t');
  });
});

describe('dialect', () => {
  test('schemas other than main become a table-name prefix', () => {
    expect(renderRelation({ schema: 'main', identifier: 'orders' })).toBe('"main"."orders"');
    expect(renderRelation({ schema: 'staging', identifier: 'o"x' })).toBe('"main"."staging__o""x"');
  });

  test('maps logical types to SQLite storage classes', () => {
    expect(['bigint', 'decimal(10,2)', 'timestamp(3)', 'string', 'boolean', 'double'].map(mapType)).toEqual(['INTEGER', 'NUMERIC', 'TEXT', 'TEXT', 'INTEGER', 'REAL']);
  });
});

describe('written only against the public API', () => {
  test('src imports @floe/core (never a subpath), zod, node-sqlite3-wasm, node: modules and itself', () => {
    const src = join(__dirname, '../src');
    const imports = readdirSync(src).flatMap((f) => [...readFileSync(join(src, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] as string));
    const outside = imports.filter((i) => !i.startsWith('./') && !i.startsWith('node:'));
    expect([...new Set(outside)].sort()).toEqual(['@floe/core', 'node-sqlite3-wasm', 'zod']);
  });
});
