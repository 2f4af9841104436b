import { createHash } from 'node:crypto';

/**
 * Flink's compiled plan (the JSON `COMPILE PLAN` writes) and what Floe reads from
 * it to decide whether a new version of a job can restore the old one's state.
 *
 * Flink names each operator's state by a uid `<node id>_<transformation>` taken
 * from the plan when a job runs through `EXECUTE PLAN`. So state restores when
 * every stateful node of the old plan has a node in the new plan with the same
 * id, the same type and the same state shape (keys, aggregates, window, input
 * row type). When the shape matches but the id moved (a node was inserted
 * before it), Floe carries the old id over into the new plan.
 */
export interface CompiledPlanNode {
  id: number;
  type: string;
  [field: string]: unknown;
}

export interface CompiledPlan {
  flinkVersion?: string;
  nodes: CompiledPlanNode[];
  edges: Array<{ source: number; target: number; [field: string]: unknown }>;
}

export function isCompiledPlan(v: unknown): v is CompiledPlan {
  const p = v as Partial<CompiledPlan> | undefined;
  return !!p && Array.isArray(p.nodes) && Array.isArray(p.edges) && p.nodes.every((n) => typeof n?.id === 'number' && typeof n?.type === 'string');
}

/** Node types known to keep no state; anything else is treated as stateful (unknown means unproven). */
const STATELESS = /^stream-exec-(calc|exchange|union|values|expand|correlate|python-calc|window-table-function|watermark-assigner|mini-batch-assigner|drop-update-before|local-group-aggregate|local-window-aggregate|lookup-join)_\d+$/;

export type StateRole = 'source' | 'sink' | 'operator';

export interface StatefulNode {
  id: number;
  type: string;
  role: StateRole;
  /** What the node's state depends on, canonical JSON. */
  signature: string;
  /** A short human description: type and its keys. */
  label: string;
}

const baseType = (t: string) => t.replace(/^stream-exec-/, '').replace(/_\d+$/, '');

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function tableIdentifier(v: unknown): string {
  const t = (v as { table?: { identifier?: unknown } } | undefined)?.table?.identifier;
  return typeof t === 'string' ? t : canonical(v);
}

/** The plan's stateful nodes with their state signatures, in id order. */
export function statefulNodes(plan: CompiledPlan): StatefulNode[] {
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const inputs = (id: number) => plan.edges.filter((e) => e.target === id).map((e) => byId.get(e.source)?.outputType ?? null);
  const out: StatefulNode[] = [];
  for (const n of [...plan.nodes].sort((a, b) => a.id - b.id)) {
    if (STATELESS.test(n.type)) continue;
    const type = baseType(n.type);
    if (/table-source-scan/.test(type)) {
      // Kafka source state is the split offsets: it depends on the table, not on pushed-down projections.
      const table = tableIdentifier(n.scanTableSource);
      out.push({ id: n.id, type: n.type, role: 'source', signature: canonical({ type: n.type, table }), label: `source ${table}` });
    } else if (/sink/.test(type)) {
      const table = tableIdentifier(n.dynamicTableSink);
      // Without an upsert materializer the sink's state is the Kafka writer's; with one (a `state` entry) it holds rows.
      const rows = n.state ? { state: n.state, input: inputs(n.id) } : {};
      out.push({ id: n.id, type: n.type, role: 'sink', signature: canonical({ type: n.type, table, changelog: n.inputChangelogMode, ...rows }), label: `sink ${table}` });
    } else {
      const { id: _id, description: _d, inputProperties: _ip, ...rest } = n;
      const keys = ['grouping', 'partitionKeys', 'uniqueKeys', 'leftUpsertKeys', 'rightUpsertKeys', 'partitionSpec']
        .filter((k) => rest[k] !== undefined)
        .map((k) => `${k}=${JSON.stringify(rest[k]).slice(0, 80)}`);
      out.push({ id: n.id, type: n.type, role: 'operator', signature: canonical({ ...rest, inputs: inputs(n.id) }), label: `${type}${keys.length ? ` (${keys.join(', ')})` : ''}` });
    }
  }
  return out;
}

export interface PlanMatch {
  /** new node id -> old node id, for every matched stateful node. */
  idMap: Map<number, number>;
  /** Stateful nodes of the old plan whose state nothing in the new plan can take. */
  lost: StatefulNode[];
  /** Stateful nodes of the new plan with no state to restore. */
  added: StatefulNode[];
  /** Matched nodes whose id moved (carried over). */
  carried: Array<{ from: number; to: number; label: string }>;
}

/** Pairs each old stateful node with a new one of identical signature, preferring the same id. */
export function matchPlans(oldPlan: CompiledPlan, newPlan: CompiledPlan): PlanMatch {
  const olds = statefulNodes(oldPlan);
  const news = statefulNodes(newPlan);
  const idMap = new Map<number, number>();
  const usedNew = new Set<number>();
  const lost: StatefulNode[] = [];
  const pending: StatefulNode[] = [];
  for (const o of olds) {
    const same = news.find((n) => n.id === o.id && n.signature === o.signature);
    if (same) {
      idMap.set(same.id, o.id);
      usedNew.add(same.id);
    } else pending.push(o);
  }
  const carried: PlanMatch['carried'] = [];
  for (const o of pending) {
    const n = news.find((x) => !usedNew.has(x.id) && x.signature === o.signature);
    if (n) {
      idMap.set(n.id, o.id);
      usedNew.add(n.id);
      carried.push({ from: n.id, to: o.id, label: o.label });
    } else lost.push(o);
  }
  return { idMap, lost, added: news.filter((n) => !usedNew.has(n.id)), carried };
}

/** The new plan with matched stateful nodes renumbered to their old ids; other nodes get fresh ids that collide with none. */
export function carryIdentities(plan: CompiledPlan, idMap: ReadonlyMap<number, number>): CompiledPlan {
  if ([...idMap].every(([a, b]) => a === b)) return plan;
  const taken = new Set(idMap.values());
  let next = Math.max(0, ...plan.nodes.map((n) => n.id), ...idMap.values()) + 1;
  const remap = new Map<number, number>();
  for (const n of plan.nodes) {
    const mapped = idMap.get(n.id);
    if (mapped !== undefined) remap.set(n.id, mapped);
    else if (!taken.has(n.id)) {
      remap.set(n.id, n.id);
      taken.add(n.id);
    } else remap.set(n.id, next++);
  }
  return {
    ...plan,
    nodes: plan.nodes.map((n) => ({ ...n, id: remap.get(n.id)! })),
    edges: plan.edges.map((e) => ({ ...e, source: remap.get(e.source)!, target: remap.get(e.target)! })),
  };
}

export function planHash(plan: CompiledPlan): string {
  return createHash('sha256').update(canonical(plan)).digest('hex').slice(0, 16);
}
