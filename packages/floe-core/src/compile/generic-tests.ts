import type { Dialect } from '../plugin/dialect';

/** The SQL of dbt's four built-in generic tests: each returns the failing rows. */
export const BUILTIN_TESTS = ['unique', 'not_null', 'accepted_values', 'relationships'] as const;
export type BuiltinTest = (typeof BUILTIN_TESTS)[number];

export function isBuiltinTest(name: string): name is BuiltinTest {
  return (BUILTIN_TESTS as readonly string[]).includes(name);
}

export interface GenericTestInput {
  test: BuiltinTest;
  /** The tested relation (already rendered/quoted), or a placeholder token. */
  model: string;
  column?: string;
  args: Record<string, unknown>;
  where?: string;
  dialect: Dialect;
}

/** Returns the SQL, or an error message naming the missing argument. */
export function genericTestSql(input: GenericTestInput): { sql: string } | { error: string } {
  const { column, args, dialect } = input;
  const model = input.where ? `(select * from ${input.model} where ${input.where}) dbt_subquery` : input.model;
  const col = column ?? (typeof args.column_name === 'string' ? args.column_name : undefined);
  if (!col) return { error: `test "${input.test}" needs a column (declare it under a column, or pass column_name)` };
  switch (input.test) {
    case 'not_null':
      return { sql: `select ${col}\nfrom ${model}\nwhere ${col} is null` };
    case 'unique':
      return {
        sql: `select\n    ${col} as unique_field,\n    count(*) as n_records\nfrom ${model}\nwhere ${col} is not null\ngroup by ${col}\nhaving count(*) > 1`,
      };
    case 'accepted_values': {
      const values = args.values;
      if (!Array.isArray(values) || values.length === 0) return { error: 'accepted_values needs a non-empty `values` list' };
      const quote = args.quote !== false;
      const list = values.map((v) => (quote ? dialect.quoteLiteral(String(v)) : String(v))).join(', ');
      return {
        sql:
          `with all_values as (\n    select\n        ${col} as value_field,\n        count(*) as n_records\n    from ${model}\n    group by ${col}\n)\n` +
          `select *\nfrom all_values\nwhere value_field not in (${list})`,
      };
    }
    case 'relationships': {
      const to = args.to;
      const field = args.field;
      if (typeof to !== 'string' || !to) return { error: 'relationships needs `to` (e.g. ref(\'customers\'))' };
      if (typeof field !== 'string' || !field) return { error: 'relationships needs `field`' };
      return {
        sql:
          `with child as (\n    select ${col} as from_field\n    from ${model}\n    where ${col} is not null\n),\n` +
          `parent as (\n    select ${field} as to_field\n    from ${to}\n)\n` +
          `select\n    from_field\nfrom child\nleft join parent\n    on child.from_field = parent.to_field\nwhere parent.to_field is null`,
      };
    }
  }
}
