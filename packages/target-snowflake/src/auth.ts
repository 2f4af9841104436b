import { FloeError, type SecretRef } from '@floe/core';
import { createPrivateKey } from 'node:crypto';
import type { SnowflakeConfig } from './config';
import type { SdkConnectionOptions } from './sdk';

/** A config value: a plain string, or a reference not yet resolved (only when a caller skipped floe-core's resolution). */
type Value = string | SecretRef | undefined;

export interface AuthMaterial {
  options: SdkConnectionOptions;
  /** Every secret value used, so error messages can be scrubbed of them. */
  secrets: string[];
  method: 'password' | 'key pair' | 'OAuth token';
}

function value(v: Value, resolve: (r: SecretRef) => string): string | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : resolve(v);
}

/** Parses `https://host:port` / `http://127.0.0.1:8080` into the driver's accessUrl (+ host/port/protocol). */
function endpoint(accessUrl: string | undefined): Partial<SdkConnectionOptions> {
  if (!accessUrl) return {};
  const u = new URL(accessUrl);
  const protocol = u.protocol.replace(':', '');
  const port = u.port ? Number(u.port) : protocol === 'http' ? 80 : 443;
  return { accessUrl: `${protocol}://${u.hostname}:${port}`, host: u.hostname, port, protocol } as Partial<SdkConnectionOptions>;
}

/** Builds the driver's connection options for password, key-pair or OAuth auth. */
export function connectionOptions(config: SnowflakeConfig, resolve: (r: SecretRef) => string): AuthMaterial {
  const account = value(config.account, resolve) as string;
  const username = value(config.user, resolve) as string;
  const base: SdkConnectionOptions = {
    account,
    username,
    database: config.database,
    schema: config.schema,
    application: 'floe',
    ...(config.role ? { role: value(config.role, resolve) as string } : {}),
    ...(config.warehouse ? { warehouse: value(config.warehouse, resolve) as string } : {}),
    ...(config.query_tag ? { queryTag: config.query_tag } : {}),
    // Bounded login: one retry, and the socket gives up after the connect timeout.
    sfRetryMaxLoginRetries: 1,
    timeout: config.connect_timeout_seconds * 1000,
    // Snowflake's server default, set explicitly: seed chunks stay below it and travel inline as array binds.
    arrayBindingThreshold: 65_280,
    ...endpoint(config.access_url),
  } as SdkConnectionOptions;
  const password = value(config.password, resolve);
  if (password !== undefined) return { options: { ...base, password, authenticator: 'SNOWFLAKE' }, secrets: [password], method: 'password' };
  const token = value(config.oauth_token, resolve);
  if (token !== undefined) return { options: { ...base, token, authenticator: 'OAUTH' }, secrets: [token], method: 'OAuth token' };
  const pem = value(config.private_key, resolve);
  if (pem !== undefined) {
    const passphrase = value(config.private_key_passphrase, resolve);
    let privateKey: string;
    try {
      // Normalised to unencrypted PKCS#8 PEM, which is what the driver signs its JWT with.
      privateKey = createPrivateKey(passphrase ? { key: pem, format: 'pem', passphrase } : { key: pem, format: 'pem' })
        .export({ format: 'pem', type: 'pkcs8' })
        .toString();
    } catch {
      // The parser's message may quote the key; say only what to check.
      throw new FloeError('FLOE_CONNECTION_FAILED', 'snowflake: private_key is not a readable PEM private key (or private_key_passphrase is wrong)', {
        hint: 'Check the secret holds the whole PEM text (-----BEGIN PRIVATE KEY----- ...) and the passphrase, if the key is encrypted.',
      });
    }
    return { options: { ...base, privateKey, authenticator: 'SNOWFLAKE_JWT' }, secrets: [pem, privateKey, ...(passphrase ? [passphrase] : [])], method: 'key pair' };
  }
  throw new FloeError('FLOE_TARGET_CONFIG_INVALID', 'snowflake: give exactly one of password, private_key or oauth_token');
}
