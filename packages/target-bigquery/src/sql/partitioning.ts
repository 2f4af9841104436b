import { quoteIdentifier } from './quote';

/** dbt-bigquery's `partition_by` config: a column, its type, and a granularity or an integer range. */
export interface PartitionBy {
  field: string;
  dataType: 'date' | 'timestamp' | 'datetime' | 'int64';
  granularity: 'hour' | 'day' | 'month' | 'year';
  range?: { start: number; end: number; interval: number };
}

export type ConfigProblem = { key: string; message: string };

const DATA_TYPES = ['date', 'timestamp', 'datetime', 'int64'] as const;
const GRANULARITIES = ['hour', 'day', 'month', 'year'] as const;

/** Reads `partition_by` from a node config; returns problems instead of throwing (compile collects them). */
export function parsePartitionBy(raw: unknown): { value?: PartitionBy; problems: ConfigProblem[] } {
  if (raw === undefined || raw === null) return { problems: [] };
  const problems: ConfigProblem[] = [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ key: 'partition_by', message: 'partition_by must be a mapping like {field: created_at, data_type: timestamp, granularity: day}' }] };
  }
  const o = raw as Record<string, unknown>;
  const field = o['field'];
  if (typeof field !== 'string' || field === '') problems.push({ key: 'partition_by.field', message: 'partition_by.field must name a column' });
  const dataType = String(o['data_type'] ?? 'date').toLowerCase();
  if (!(DATA_TYPES as readonly string[]).includes(dataType)) problems.push({ key: 'partition_by.data_type', message: `partition_by.data_type must be one of ${DATA_TYPES.join(', ')}` });
  const granularity = String(o['granularity'] ?? 'day').toLowerCase();
  if (!(GRANULARITIES as readonly string[]).includes(granularity)) problems.push({ key: 'partition_by.granularity', message: `partition_by.granularity must be one of ${GRANULARITIES.join(', ')}` });
  if (dataType === 'date' && granularity === 'hour') problems.push({ key: 'partition_by.granularity', message: 'a date column cannot be partitioned by hour' });
  let range: PartitionBy['range'];
  if (dataType === 'int64') {
    const r = o['range'] as Record<string, unknown> | undefined;
    const nums = r && ['start', 'end', 'interval'].map((k) => r[k]);
    if (!nums || !nums.every((n) => typeof n === 'number' && Number.isInteger(n))) {
      problems.push({ key: 'partition_by.range', message: 'an int64 partition needs range: {start, end, interval} (whole numbers)' });
    } else {
      range = { start: nums[0] as number, end: nums[1] as number, interval: nums[2] as number };
    }
  }
  if (problems.length) return { problems };
  return { value: { field: field as string, dataType: dataType as PartitionBy['dataType'], granularity: granularity as PartitionBy['granularity'], ...(range ? { range } : {}) }, problems };
}

/** The expression after PARTITION BY. `alias` prefixes the column (for filters over a batch). */
export function partitionExpression(p: PartitionBy, alias?: string): string {
  const col = (alias ? `${alias}.` : '') + quoteIdentifier(p.field);
  const unit = p.granularity.toUpperCase();
  switch (p.dataType) {
    case 'date':
      return p.granularity === 'day' ? col : `DATE_TRUNC(${col}, ${unit})`;
    case 'timestamp':
      return `TIMESTAMP_TRUNC(${col}, ${unit})`;
    case 'datetime':
      return `DATETIME_TRUNC(${col}, ${unit})`;
    case 'int64': {
      const r = p.range as NonNullable<PartitionBy['range']>;
      return `RANGE_BUCKET(${col}, GENERATE_ARRAY(${r.start}, ${r.end}, ${r.interval}))`;
    }
  }
}

/** `cluster_by`: one column name or a list of up to four. */
export function parseClusterBy(raw: unknown): { value: string[]; problems: ConfigProblem[] } {
  if (raw === undefined || raw === null) return { value: [], problems: [] };
  const cols = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : Array.isArray(raw) ? raw : null;
  if (!cols || !cols.every((c) => typeof c === 'string' && c !== '')) {
    return { value: [], problems: [{ key: 'cluster_by', message: 'cluster_by must be a column name or a list of column names' }] };
  }
  if (cols.length > 4) return { value: [], problems: [{ key: 'cluster_by', message: `BigQuery clusters by at most 4 columns; cluster_by lists ${cols.length}` }] };
  return { value: cols as string[], problems: [] };
}

/** `PARTITION BY … CLUSTER BY …` clause (empty when neither is set). */
export function tableLayoutClause(partition: PartitionBy | undefined, cluster: readonly string[]): string {
  const parts: string[] = [];
  if (partition) parts.push(`PARTITION BY ${partitionExpression(partition)}`);
  if (cluster.length) parts.push(`CLUSTER BY ${cluster.map(quoteIdentifier).join(', ')}`);
  return parts.join('\n');
}
