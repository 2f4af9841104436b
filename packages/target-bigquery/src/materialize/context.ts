import type { BigQuery } from '@google-cloud/bigquery';
import type { Session } from '../session';

/** What a materialization needs: the job runner for this node and the client for metadata calls. */
export interface NodeContext {
  session: Session;
  client: BigQuery;
}

/** Staging tables live beside the target and expire on their own if a run dies before dropping them. */
export const STAGING_EXPIRE_HOURS = 12;
