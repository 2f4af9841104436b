import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers';

// BigQuery through the CLI without any BigQuery: compile needs no credentials, and a
// connection failure exits 3 with FLOE_CONNECTION_FAILED, in bounded time, without the secret.
const CANARY = 'CANARY-19b2-cli-bq-keyfile';
const SHOP = join(__dirname, '..', '..', '..', 'examples', 'shop');

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function project(endpoint: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-cli-bq-'));
  cpSync(SHOP, dir, { recursive: true });
  writeFileSync(
    join(dir, 'platform.yaml'),
    `apiVersion: floe.dev/v1\nkind: Platform\nenvironments:\n  bq:\n    compute:\n      default: { type: bigquery, project: acme-analytics, dataset: shop, api_endpoint: "${endpoint}", connect_timeout_seconds: 5, keyfile: { secret: FLOE_CLI_BQ_KEY } }\n`,
  );
  return dir;
}

function filesText(dir: string): string {
  let out = '';
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    if (statSync(p).isFile()) out += readFileSync(p, 'utf8');
  }
  return out;
}

describe('bigquery target via the CLI', () => {
  beforeAll(() => {
    // Not valid JSON on purpose: Node's JSON.parse would quote it in its message.
    process.env['FLOE_CLI_BQ_KEY'] = `{"type": "service_account", "private_key": "${CANARY}" oops`;
  });

  it('compiles for BigQuery with no credentials and no network', async () => {
    const dir = project('http://127.0.0.1:9');
    const r = await runCli(['compile', '--project-dir', dir, '--env', 'bq']);
    expect(r.code).toBe(0);
    const artifacts = readFileSync(join(dir, 'target', 'compiled_artifacts.json'), 'utf8');
    expect(artifacts).toContain('CREATE OR REPLACE TABLE `acme-analytics`.`shop`.`customers`');
    expect(artifacts).toContain('"secret":"FLOE_CLI_BQ_KEY"');
    expect(artifacts).not.toContain(CANARY);
  });

  it('a broken key file fails with exit 3, says what to check, and never quotes the key', async () => {
    const dir = project(`http://127.0.0.1:${await closedPort()}`);
    const r = await runCli(['run', '--project-dir', dir, '--env', 'bq', '--log-format', 'json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('FLOE_CONNECTION_FAILED');
    expect(r.stderr).toMatch(/key file is not valid JSON/);
    expect(r.stdout + r.stderr + filesText(dir)).not.toContain(CANARY);
  }, 30_000);

  it('an unreachable endpoint fails with exit 3 within the connect timeout, naming the endpoint to check', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    process.env['FLOE_CLI_BQ_KEY'] = JSON.stringify({ type: 'service_account', client_email: 'x@acme-analytics.iam.gserviceaccount.com', private_key: pem, private_key_id: CANARY });
    const port = await closedPort();
    const dir = project(`http://127.0.0.1:${port}`);
    for (const cmd of ['run', 'plan']) {
      const t0 = Date.now();
      const r = await runCli([cmd, '--project-dir', dir, '--env', 'bq']);
      const ms = Date.now() - t0;
      expect(r.code).toBe(3);
      expect(ms).toBeLessThan(15_000);
      expect(r.stderr).toContain('FLOE_CONNECTION_FAILED');
      expect(r.stderr).toMatch(/acme-analytics/);
      expect(r.stderr).toMatch(/Check/);
      const all = r.stdout + r.stderr + filesText(dir);
      expect(all).not.toContain(CANARY);
      expect(all).not.toContain(pem.split('\n')[1] as string);
    }
  }, 60_000);
});
