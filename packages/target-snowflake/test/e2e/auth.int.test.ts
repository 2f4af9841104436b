import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { isBatchConnection } from '@floe/core';
import snowflake from '../../src';
import { startFakesnow, type Emulator } from './fakesnow';

/**
 * Each auth method drives the official driver through a full login and a
 * query against the emulator. fakesnow accepts any credentials, so this
 * proves the client side (option building, PEM handling, JWT signing, OAuth
 * authenticator) — not Snowflake's verification of them.
 */
let emu: Emulator;
beforeAll(async () => {
  emu = await startFakesnow();
}, 600_000);
afterAll(async () => {
  await emu?.stop();
});

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const plainPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const encryptedPem = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pass-canary-77' }).toString();

const secrets: Record<string, string> = { PW: 'pw-canary-11', KEY: plainPem, KEY_ENC: encryptedPem, KEY_PASS: 'pass-canary-77', TOKEN: 'oauth-canary-33' };

it.each([
  ['password', { password: { secret: 'PW' } }],
  ['key pair', { private_key: { secret: 'KEY' } }],
  ['encrypted key pair', { private_key: { secret: 'KEY_ENC' }, private_key_passphrase: { secret: 'KEY_PASS' } }],
  ['OAuth token', { oauth_token: { env: 'TOKEN' } }],
])('%s: logs in and runs a query', async (_label, creds) => {
  const config = snowflake.configSchema.parse({
    type: 'snowflake',
    account: 'acme',
    user: 'floe_ci',
    role: 'TRANSFORMER',
    warehouse: 'WH_XS',
    query_tag: 'floe-e2e',
    database: 'AUTHDB',
    access_url: emu.url,
    ...creds,
  });
  const conn = await snowflake.connect(config, {
    projectDir: tmpdir(),
    resolveSecret: (ref) => secrets['env' in ref ? ref.env : ref.secret] ?? '',
    logger: { debug() {}, info() {}, warn() {} },
  });
  try {
    if (!isBatchConnection(conn)) throw new Error('not a batch connection');
    const r = await conn.execute('select 41 + 1 as answer');
    expect(r.rows).toEqual([{ ANSWER: 42 }]);
  } finally {
    await conn.close();
  }
}, 60_000);
