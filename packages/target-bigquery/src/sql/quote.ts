/** BigQuery quoted identifier: backticks, with backslash escapes inside. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** BigQuery string literal with backslash escapes (GoogleSQL does not double quotes). */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** Where a relation lives: project (catalog), dataset (schema) and table. */
export interface Place {
  project: string;
  dataset: string;
  identifier: string;
}

export function render(p: Place): string {
  return [p.project, p.dataset, p.identifier].map(quoteIdentifier).join('.');
}

export function sibling(p: Place, suffix: string): Place {
  return { ...p, identifier: `${p.identifier}${suffix}` };
}

/** Trims whitespace and trailing semicolons so a model's SELECT can be wrapped. */
export function selectBody(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '').trim();
}

/** `( <select> )` with the closing parenthesis on its own line, so a trailing `-- comment` cannot swallow it. */
export function wrapped(sql: string): string {
  return `(\n${selectBody(sql)}\n)`;
}
