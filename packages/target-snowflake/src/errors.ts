import { FloeError, isFloeError } from '@floe/core';

/** Replaces every known secret value (and long fragments of it) in a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) {
    if (!s) continue;
    out = out.split(s).join('[REDACTED]');
    // PEM bodies can be echoed line by line.
    for (const line of s.split(/\r?\n/)) if (line.length >= 16) out = out.split(line).join('[REDACTED]');
  }
  return out;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A login that failed or timed out: exit 3, naming what to check, never a credential. */
export function connectionError(err: unknown, where: { account: string; user: string; url: string; method: string; timeoutSeconds: number }, secrets: readonly string[]): FloeError {
  if (isFloeError(err)) return err;
  const raw = scrub(messageOf(err), secrets);
  const timedOut = /timed? ?out|timeout/i.test(raw);
  const auth = /incorrect username or password|authenticat|jwt|oauth|token|390100|390144|390318|390303/i.test(raw);
  const network = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket hang up|network|getaddrinfo|Request to Snowflake failed/i.test(raw);
  const what = timedOut
    ? `no answer within ${where.timeoutSeconds}s`
    : auth
      ? `the ${where.method} was refused`
      : network
        ? 'the service could not be reached'
        : 'the login failed';
  const hint = auth
    ? `Check user "${where.user}" and the ${where.method} reference in platform.yaml (the secret's value, its expiry, the user's default role).`
    : `Check account "${where.account}" (org-account identifier), the network path to ${where.url}, proxies and connect_timeout_seconds.`;
  // The cause is dropped on purpose: the driver's error object can carry request options.
  return new FloeError('FLOE_CONNECTION_FAILED', `snowflake: could not connect to ${where.url} as ${where.user}: ${what} (${raw})`, { hint });
}

/** Maps an error raised while building a node. */
export function nodeError(err: unknown, nodeName: string, signal: AbortSignal | undefined, secrets: readonly string[]): FloeError {
  if (isFloeError(err)) return err;
  if (signal?.aborted) return new FloeError('FLOE_RUN_CANCELLED', `${nodeName}: cancelled; its relation is unchanged`);
  return new FloeError('FLOE_NODE_FAILED', `${nodeName}: ${scrub(messageOf(err), secrets)}`);
}
