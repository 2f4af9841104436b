/**
 * Inlines ephemeral models as CTEs, the way dbt does: CTEs named
 * `__dbt__cte__<model>` are injected after a leading WITH, or a WITH is added.
 */
export function cteName(model: string): string {
  return `__dbt__cte__${model}`;
}

export function injectCtes(sql: string, ctes: readonly { name: string; sql: string }[]): string {
  if (ctes.length === 0) return sql;
  const defs = ctes.map((c) => `${c.name} as (\n${c.sql}\n)`).join(',\n');
  const lead = leadingWith(sql);
  if (lead !== undefined) {
    const rest = sql.slice(lead.end);
    const recursive = /^\s*recursive\b/i.test(rest);
    if (recursive) return sql; // recursive CTE lists can't take a prefix safely; rare, left as written
    return `${sql.slice(0, lead.start)}with ${defs},\n${rest.replace(/^\s*/, '')}`;
  }
  return `with ${defs}\n${sql}`;
}

/** Finds a WITH keyword at the start of the statement, after whitespace and comments. */
function leadingWith(sql: string): { start: number; end: number } | undefined {
  let i = 0;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      continue;
    }
    break;
  }
  const m = /^with\b/i.exec(sql.slice(i, i + 5));
  return m ? { start: i, end: i + 4 } : undefined;
}
