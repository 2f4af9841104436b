import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { FloeError, type ConnectContext } from '@floe/core';
import type { BigQuery, BigQueryOptions } from '@google-cloud/bigquery';
import type { BigQueryConfig } from './config';
import { Redactor } from './redact';

/** The client module is loaded only when a connection opens: `floe compile` never needs it. */
export async function loadClientModule(): Promise<typeof import('@google-cloud/bigquery')> {
  try {
    return await import('@google-cloud/bigquery');
  } catch (err) {
    throw new FloeError('FLOE_CONNECTION_FAILED', 'the BigQuery client library @google-cloud/bigquery could not be loaded', {
      cause: err,
      hint: 'Install it next to @floe/target-bigquery: npm install @google-cloud/bigquery@8.3.1',
    });
  }
}

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  project_id?: string;
}

/**
 * Reads the key file reference: its value is either the service-account JSON
 * itself or a path to it. Every secret part is registered with the redactor
 * before anything can fail, and errors never quote the value.
 */
export function readKeyFile(config: BigQueryConfig, ctx: ConnectContext, redactor: Redactor): ServiceAccountKey | undefined {
  if (!config.keyfile) return undefined;
  const ref = config.keyfile;
  // Core resolves references before connect; a direct caller may still pass one.
  const refName = typeof ref === 'string' ? 'reference' : 'secret' in ref ? `{ secret: ${ref.secret} }` : `{ env: ${ref.env} }`;
  const value = typeof ref === 'string' ? ref : ctx.resolveSecret(ref);
  redactor.add(value);
  let text = value.trim();
  if (!text.startsWith('{')) {
    const path = isAbsolute(text) ? text : resolve(ctx.projectDir, text);
    if (!existsSync(path)) {
      throw new FloeError('FLOE_CONNECTION_FAILED', `BigQuery keyfile ${refName}: the value is neither service-account JSON nor the path of an existing file`, {
        hint: 'Point the reference at the JSON key file downloaded for the service account (or at its contents), or remove keyfile to use Application Default Credentials.',
      });
    }
    text = readFileSync(path, 'utf8');
    redactor.add(text);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse quotes the input in its message: never pass it on.
    throw new FloeError('FLOE_CONNECTION_FAILED', `BigQuery keyfile ${refName}: the key file is not valid JSON`, {
      hint: 'Use the JSON key file exactly as Google Cloud downloaded it.',
    });
  }
  const key = parsed as Partial<ServiceAccountKey> & Record<string, unknown>;
  for (const v of Object.values(key)) if (typeof v === 'string') redactor.add(v);
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new FloeError('FLOE_CONNECTION_FAILED', `BigQuery keyfile ${refName}: the key file lacks client_email or private_key`, {
      hint: 'Use a service-account key (type: service_account); user credentials are picked up through Application Default Credentials.',
    });
  }
  return { client_email: key.client_email, private_key: key.private_key, ...(typeof key.project_id === 'string' ? { project_id: key.project_id } : {}) };
}

/** Builds the official client. With no keyfile, google-auth-library finds Application Default Credentials. */
export async function createClient(config: BigQueryConfig, project: string, key: ServiceAccountKey | undefined): Promise<BigQuery> {
  const mod = await loadClientModule();
  const options: BigQueryOptions = {
    projectId: project,
    ...(config.location ? { location: config.location } : {}),
    ...(config.api_endpoint ? { apiEndpoint: config.api_endpoint.replace(/\/+$/, '') } : {}),
    ...(key ? { credentials: { client_email: key.client_email, private_key: key.private_key } } : {}),
    userAgent: 'floe',
    // Retries are bounded, so a dead endpoint fails within the connect timeout.
    autoRetry: true,
    maxRetries: 2,
  };
  return new mod.BigQuery(options);
}
