/**
 * A light scan of a compiled Flink SELECT: enough to derive its changelog mode
 * and find window TVFs, regular joins and group aggregations. Not a parser:
 * comments and string literals are blanked first (keeping offsets), so
 * keywords inside them are never matched.
 */
export interface WindowUse {
  fn: 'TUMBLE' | 'HOP' | 'CUMULATE' | 'SESSION';
  /** The table argument as written (a relation, a CTE name). */
  table: string;
  timeColumn: string;
  offset: number;
}

export interface SqlShape {
  windows: WindowUse[];
  /** GROUP BY clauses that do not group by window_start/window_end. */
  regularGroupBy: number[];
  /** Window aggregations (GROUP BY window_start, window_end ...). */
  windowGroupBy: number[];
  /** JOINs that are neither window joins, interval joins (BETWEEN) nor temporal joins (FOR SYSTEM_TIME AS OF). */
  regularJoins: { offset: number; outer: boolean }[];
  /** SELECT DISTINCT outside a window. */
  distinct: number[];
  /** ROW_NUMBER() OVER (...) filtered to a Top-N or deduplication. */
  topN: number[];
}

/** Replaces comments and quoted strings with spaces, keeping length and line breaks. */
export function blankCommentsAndStrings(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, (m) => m.replace(/[^\n]/g, ' '));
}

const WINDOW_RE = /\b(TUMBLE|HOP|CUMULATE|SESSION)\s*\(\s*(?:DATA\s*=>\s*)?TABLE\s+([^,()]+?)\s*(?:PARTITION\s+BY\s+[^,]+)?,\s*(?:TIMECOL\s*=>\s*)?DESCRIPTOR\s*\(\s*`?([A-Za-z_][A-Za-z0-9_]*)`?\s*\)/gi;

export function analyzeSql(sql: string): SqlShape {
  const text = blankCommentsAndStrings(sql);
  const shape: SqlShape = { windows: [], regularGroupBy: [], windowGroupBy: [], regularJoins: [], distinct: [], topN: [] };
  for (const m of text.matchAll(WINDOW_RE)) {
    shape.windows.push({ fn: m[1]!.toUpperCase() as WindowUse['fn'], table: m[2]!.trim(), timeColumn: m[3]!, offset: m.index ?? 0 });
  }
  for (const m of text.matchAll(/\bGROUP\s+BY\b/gi)) {
    const from = (m.index ?? 0) + m[0].length;
    const keys = clauseUntilClose(text, from);
    if (/\bwindow_(start|end)\b/i.test(keys)) shape.windowGroupBy.push(m.index ?? 0);
    else shape.regularGroupBy.push(m.index ?? 0);
  }
  for (const m of text.matchAll(/\b(?:(LEFT|RIGHT|FULL)\s+(?:OUTER\s+)?|INNER\s+)?JOIN\b([\s\S]*?)(?=\bWHERE\b|\bGROUP\b|\bJOIN\b|\bLEFT\b|\bRIGHT\b|\bFULL\b|\bINNER\b|\bUNION\b|$)/gi)) {
    const rest = m[2] ?? '';
    if (/\bFOR\s+SYSTEM_TIME\s+AS\s+OF\b/i.test(rest)) continue; // temporal join: state bounded by the watermark
    if (/\bBETWEEN\b/i.test(rest.split(/\bON\b/i)[1] ?? '')) continue; // interval join
    if (/\bwindow_start\b[\s\S]*=[\s\S]*\bwindow_start\b/i.test(rest)) continue; // window join
    if (/^\s*LATERAL\s+TABLE\b|^\s*UNNEST\b/i.test(rest)) continue; // table function / unnest
    shape.regularJoins.push({ offset: m.index ?? 0, outer: !!m[1] });
  }
  for (const m of text.matchAll(/\bSELECT\s+DISTINCT\b/gi)) shape.distinct.push(m.index ?? 0);
  for (const m of text.matchAll(/\bROW_NUMBER\s*\(\s*\)\s*OVER\b/gi)) shape.topN.push(m.index ?? 0);
  return shape;
}

/** 1-based line and column of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The text from `from` to the closing parenthesis of the enclosing level, or to a clause keyword, or the end. */
function clauseUntilClose(text: string, from: number): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return text.slice(from, i);
      depth--;
    } else if (depth === 0 && /^\s(HAVING|ORDER\s+BY|UNION|LIMIT|WINDOW)\b/i.test(text.slice(i, i + 12))) return text.slice(from, i);
  }
  return text.slice(from);
}
