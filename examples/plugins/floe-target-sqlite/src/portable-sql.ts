/**
 * SQLite has no DATE type. Two common spellings in model SQL written for
 * DuckDB/Postgres are rewritten before a statement runs, so such projects
 * (like examples/shop) build unchanged:
 *
 * - `cast(x as date)` becomes `date(x)` and `cast(x as timestamp)` becomes
 *   `datetime(x)` (ISO-8601 text, which compares and sorts correctly);
 * - a typed literal `date '2024-01-01'` becomes the text `'2024-01-01'`.
 *
 * String literals, quoted identifiers and comments are left untouched.
 */
export function portableSql(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipOpaque(sql, i);
    if (skipped > i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const rest = sql.slice(i);
    const lit = /^date\s+'(\d{4}-\d{2}-\d{2})'/i.exec(rest);
    if (lit && !isWordChar(sql[i - 1])) {
      out += `'${lit[1]}'`;
      i += lit[0].length;
      continue;
    }
    const cast = /^cast\s*\(/i.exec(rest);
    if (cast && !isWordChar(sql[i - 1])) {
      const open = i + cast[0].length - 1;
      const close = matchingParen(sql, open);
      if (close > 0) {
        const inner = sql.slice(open + 1, close);
        const m = /^([\s\S]*)\s+as\s+(date|timestamp|datetime)\s*$/i.exec(inner);
        if (m && topLevel(m[1] as string)) {
          const fn = (m[2] as string).toLowerCase() === 'date' ? 'date' : 'datetime';
          out += `${fn}(${portableSql(m[1] as string)})`;
          i = close + 1;
          continue;
        }
      }
    }
    out += sql[i];
    i++;
  }
  return out;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** End of a string literal, quoted identifier or comment starting at i (i itself when none starts there). */
function skipOpaque(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"' || c === '`') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c) {
        if (sql[j + 1] === c) j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const nl = sql.indexOf('\n', i);
    return nl < 0 ? sql.length : nl;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return i;
}

function matchingParen(sql: string, open: number): number {
  let depth = 0;
  for (let j = open; j < sql.length; ) {
    const skipped = skipOpaque(sql, j);
    if (skipped > j) {
      j = skipped;
      continue;
    }
    if (sql[j] === '(') depth++;
    else if (sql[j] === ')' && --depth === 0) return j;
    j++;
  }
  return -1;
}

/** The expression has balanced parentheses (so ` as date` belonged to this cast). */
function topLevel(expr: string): boolean {
  let depth = 0;
  for (const ch of expr) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}
