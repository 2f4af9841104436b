import type { BigQuery } from '@google-cloud/bigquery';
import type { Place } from './sql/quote';

export interface ColumnInfo {
  name: string;
  type: string;
}

export interface RelationInfo {
  kind: 'table' | 'view';
  columns: ColumnInfo[];
  numRows?: number;
  /** Partitioning and clustering as one comparable string. */
  layout: string;
}

interface ApiField {
  name: string;
  type: string;
  mode?: string;
  fields?: ApiField[];
}

const LEGACY: Record<string, string> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL', RECORD: 'STRUCT' };

/** A field of the tables API as a GoogleSQL type (for ALTER TABLE ADD COLUMN). */
export function sqlType(f: ApiField): string {
  const base = LEGACY[f.type] ?? f.type;
  const t = base === 'STRUCT' ? `STRUCT<${(f.fields ?? []).map((x) => `${x.name} ${sqlType(x)}`).join(', ')}>` : base;
  return f.mode === 'REPEATED' ? `ARRAY<${t}>` : t;
}

export function columnsOfSchema(fields: readonly ApiField[] | undefined): ColumnInfo[] {
  return (fields ?? []).map((f) => ({ name: f.name, type: sqlType(f) }));
}

/** Table or view metadata through the tables API (no query cost); null when absent. */
export async function describeRelation(client: BigQuery, p: Place): Promise<RelationInfo | null> {
  try {
    const [meta] = await client.dataset(p.dataset, { projectId: p.project }).table(p.identifier).getMetadata();
    const m = meta as {
      type?: string;
      numRows?: string;
      schema?: { fields?: ApiField[] };
      timePartitioning?: { type?: string; field?: string };
      rangePartitioning?: { field?: string; range?: unknown };
      clustering?: { fields?: string[] };
    };
    return {
      kind: m.type === 'VIEW' || m.type === 'MATERIALIZED_VIEW' ? 'view' : 'table',
      columns: columnsOfSchema(m.schema?.fields),
      ...(m.numRows !== undefined ? { numRows: Number(m.numRows) } : {}),
      layout: layoutKey(m.timePartitioning?.field ?? m.rangePartitioning?.field, m.clustering?.fields ?? []),
    };
  } catch (err) {
    if ((err as { code?: unknown }).code === 404) return null;
    throw err;
  }
}

export function layoutKey(partitionField: string | undefined, cluster: readonly string[]): string {
  return `${(partitionField ?? '').toLowerCase()}|${cluster.map((c) => c.toLowerCase()).join(',')}`;
}
