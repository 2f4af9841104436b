/** Trims whitespace and trailing semicolons so a model's SELECT can be wrapped. */
export function selectBody(sql: string): string {
  return sql.trim().replace(/;+\s*$/, '').trim();
}

/** `( <select> )` with the closing parenthesis on its own line, so a trailing `-- comment` cannot swallow it. */
export function wrapped(sql: string): string {
  return `(\n${selectBody(sql)}\n)`;
}
