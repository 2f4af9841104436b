import { FloeError, isFloeError } from '@floe/core';
import type { Redactor } from './redact';

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}

/** Google API errors carry an HTTP code (and a reason in `errors[0].reason`). */
function httpCode(err: unknown): number | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'number' ? c : undefined;
}

const NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|socket hang up|network/i;
const AUTH = /Could not load the default credentials|invalid_grant|unauthorized|Request had invalid authentication|Permission|denied|401|403/i;

/** What to check when the first call to BigQuery fails, by the kind of failure. */
export function mapConnectError(err: unknown, where: { project: string; dataset: string; endpoint: string; auth: string }, redactor: Redactor): FloeError {
  if (isFloeError(err)) return err;
  const raw = redactor.redact(messageOf(err));
  const code = httpCode(err);
  const base = `could not reach BigQuery project "${where.project}" (dataset "${where.dataset}") at ${where.endpoint} using ${where.auth}`;
  let hint: string;
  if (/timed out after/.test(raw) || NETWORK.test(raw)) {
    hint = `Check that ${where.endpoint} is reachable from this machine (network, proxy, firewall; for an emulator, that it is running).`;
  } else if (/default credentials/i.test(raw)) {
    hint = 'No Application Default Credentials were found: run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, or set keyfile to a { secret: } reference.';
  } else if (code === 401 || code === 403 || AUTH.test(raw)) {
    hint = `Check that the credentials (${where.auth}) are valid and may run jobs in project "${where.project}" (roles/bigquery.jobUser and dataset access).`;
  } else if (code === 404) {
    hint = `Check the project id "${where.project}" and the location.`;
  } else {
    hint = `Check the project id, the location and the credentials (${where.auth}).`;
  }
  return new FloeError('FLOE_CONNECTION_FAILED', `${base}: ${raw}`, { hint });
}

/** Maps an error raised while building a node; the message is redacted and names the node. */
export function mapNodeError(err: unknown, nodeName: string, redactor: Redactor, signal?: AbortSignal): FloeError {
  if (isFloeError(err)) return err;
  const message = redactor.redact(messageOf(err));
  if (signal?.aborted) {
    return new FloeError('FLOE_RUN_CANCELLED', `${nodeName}: cancelled; its relation is unchanged`);
  }
  return new FloeError('FLOE_NODE_FAILED', `${nodeName}: ${message}`);
}
