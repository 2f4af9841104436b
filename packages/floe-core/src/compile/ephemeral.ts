import type { WorkNode } from './work-nodes';

/**
 * Inlines ephemeral models as CTEs, the way dbt does: CTEs named
 * `__dbt__cte__<model>` are injected after a leading WITH, or a WITH is added.
 */
export function cteName(model: string): string {
  return `__dbt__cte__${model}`;
}

/**
 * Injects into every compiled node the ephemeral models it reaches through
 * ephemerals, in dependency order (`order` is the topological order). Sets
 * ownSql to the node's SQL before injection.
 */
export function inlineEphemerals(nodes: readonly WorkNode[], byKey: ReadonlyMap<string, WorkNode>, order: readonly string[]): void {
  // Most projects have none: then no position map and no per-node walk (17,000 Sets and closures at 10k models).
  if (!nodes.some(isEphemeral)) return;
  let position: Map<string, number> | undefined;
  const ephemeralDep = (id: string): WorkNode | undefined => {
    const n = byKey.get(id);
    return n && isEphemeral(n) ? n : undefined;
  };
  for (const node of nodes) {
    if (node.compiledSql === undefined) continue;
    let any = false;
    for (const dep of node.dependsOn) if (ephemeralDep(dep)) any = true;
    if (!any) continue;
    const ephemerals = new Set<string>();
    const visit = (id: string) => {
      if (ephemerals.has(id) || !ephemeralDep(id)) return;
      for (const dep of byKey.get(id)!.dependsOn) visit(dep);
      ephemerals.add(id);
    };
    for (const dep of node.dependsOn) visit(dep);
    const at = (position ??= new Map(order.map((id, i) => [id, i])));
    const ctes = [...ephemerals]
      .sort((a, b) => (at.get(a) ?? 0) - (at.get(b) ?? 0))
      .map((id) => {
        const e = byKey.get(id)!;
        return { name: cteName(e.name), sql: e.ownSql ?? e.compiledSql ?? '' };
      });
    node.ownSql = node.compiledSql;
    node.compiledSql = injectCtes(node.compiledSql, ctes);
    if (node.compiledIncrementalSql !== undefined) node.compiledIncrementalSql = injectCtes(node.compiledIncrementalSql, ctes);
  }
}

function isEphemeral(n: WorkNode): boolean {
  return n.config.materialized === 'ephemeral';
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
