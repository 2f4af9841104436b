import { PipesMetadata, type PipesMetadataValue } from './metadata';

export interface NodeRunMetadataInput {
  rowsAffected?: number;
  durationSeconds?: number;
  checksum?: string;
  compiledSql?: string | null;
  relation?: string;
  message?: string;
  materialized?: string;
}

/** The metadata Floe attaches to a materialization, with Dagster types (int rows, float seconds, md SQL). */
export function nodeRunMetadata(input: NodeRunMetadataInput): Record<string, PipesMetadataValue> {
  const out: Record<string, PipesMetadataValue> = {};
  if (input.rowsAffected !== undefined && Number.isSafeInteger(input.rowsAffected)) {
    out['dagster/row_count'] = PipesMetadata.int(input.rowsAffected);
    out.rows_affected = PipesMetadata.int(input.rowsAffected);
  }
  if (input.durationSeconds !== undefined) out.duration_seconds = PipesMetadata.float(input.durationSeconds);
  if (input.checksum) out.checksum = PipesMetadata.text(input.checksum);
  if (input.relation) out.relation = PipesMetadata.text(input.relation);
  if (input.materialized) out.materialized = PipesMetadata.text(input.materialized);
  if (input.message) out.message = PipesMetadata.text(input.message);
  if (input.compiledSql) out.compiled_sql = PipesMetadata.md(sqlBlock(input.compiledSql));
  return out;
}

export interface DeployMetadataInput {
  jobName: string;
  jobId: string;
  /** `started` (a new Flink job) or `adopted` (the running job already runs this version). */
  action: string;
  checksum?: string;
  topic?: string;
  /** The Flink web UI's page for the job, when the JobManager URL is known. */
  jobUrl?: string;
  durationSeconds?: number;
  compiledSql?: string | null;
}

/** The metadata of a deployed streaming model's materialization: which Flink job runs it. */
export function deployMetadata(input: DeployMetadataInput): Record<string, PipesMetadataValue> {
  const out: Record<string, PipesMetadataValue> = {
    materialized: PipesMetadata.text('streaming_table'),
    flink_job_name: PipesMetadata.text(input.jobName),
    flink_job_id: PipesMetadata.text(input.jobId),
    deploy_action: PipesMetadata.text(input.action),
  };
  if (input.jobUrl) out.flink_job_url = PipesMetadata.url(input.jobUrl);
  if (input.topic) out.topic = PipesMetadata.text(input.topic);
  if (input.checksum) out.checksum = PipesMetadata.text(input.checksum);
  if (input.durationSeconds !== undefined) out.duration_seconds = PipesMetadata.float(input.durationSeconds);
  if (input.compiledSql) out.compiled_sql = PipesMetadata.md(sqlBlock(input.compiledSql));
  return out;
}

export interface TestRunMetadataInput {
  failures: number;
  durationSeconds?: number;
  compiledSql?: string | null;
  message?: string;
}

export function testRunMetadata(input: TestRunMetadataInput): Record<string, PipesMetadataValue> {
  const out: Record<string, PipesMetadataValue> = { failures: PipesMetadata.int(input.failures) };
  if (input.durationSeconds !== undefined) out.duration_seconds = PipesMetadata.float(input.durationSeconds);
  if (input.message) out.message = PipesMetadata.text(input.message);
  if (input.compiledSql) out.compiled_sql = PipesMetadata.md(sqlBlock(input.compiledSql));
  return out;
}

/** A fenced SQL block whose fence is longer than any backtick run inside the SQL. */
function sqlBlock(sql: string): string {
  const longest = Math.max(0, ...(sql.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}sql\n${sql}\n${fence}`;
}
