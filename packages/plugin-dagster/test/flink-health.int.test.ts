/**
 * The generated Flink health sensor against a fake JobManager REST API on
 * 127.0.0.1 (same endpoints and fields as Flink's /jobs/overview,
 * /jobs/<id>/checkpoints and /jobs/<id>/metrics). Runs with FLOE_E2E=1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shopArtifacts } from './helpers/artifacts-builder';
import { emitProject, ensureDagsterVenv, PACKAGE_ROOT, runAsync } from './helpers/python-env';

interface FakeJob {
  state: string;
  checkpointAgeSeconds: number | null;
  restarts: number;
}

let venv = '';
let server: Server;
let url = '';
const jobs: Record<string, FakeJob> = {};
const requests: string[] = [];

beforeAll(async () => {
  venv = ensureDagsterVenv();
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const now = Date.now();
    const entries = Object.entries(jobs);
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path === '/jobs/overview') {
      return send({
        jobs: [
          // An old cancelled run of the same job must not hide the running one.
          { jid: 'old', name: 'shop.dev.clicks_per_minute', state: 'CANCELED', 'start-time': now - 9_000_000 },
          ...entries.map(([name, j], i) => ({ jid: `j${i}`, name, state: j.state, 'start-time': now - 3_600_000 })),
        ],
      });
    }
    const m = /^\/jobs\/j(\d+)\/(checkpoints|metrics)$/.exec(path);
    const job = m ? entries[Number(m[1])]?.[1] : undefined;
    if (m && job) {
      if (m[2] === 'metrics') return send([{ id: 'numRestarts', value: String(job.restarts) }]);
      const completed = job.checkpointAgeSeconds === null ? null : { id: 7, latest_ack_timestamp: now - job.checkpointAgeSeconds * 1000 };
      return send({ counts: { completed: 7, failed: 1 }, latest: { completed } });
    }
    res.writeHead(404);
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 600_000);

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

async function evaluate(outDir: string) {
  const r = await runAsync(join(venv, 'bin', 'python'), [join(PACKAGE_ROOT, 'test', 'fixtures', 'flink_health.py'), 'definitions.py'], {
    cwd: outDir,
    env: { FLOE_FLINK_JOBMANAGER_URL: url },
  });
  if (r.status !== 0) throw new Error(`flink_health.py exited ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout) as {
    first: { asset_key: string; check_name: string; passed: boolean; description: string; metadata: Record<string, unknown> }[];
    second: unknown[];
  };
}

it('reports a running job with a fresh checkpoint as healthy, once, with state, age and restarts', async () => {
  const outDir = await emitProject(mkdtempSync(join(tmpdir(), 'floe-flink-')), shopArtifacts());
  jobs['shop.dev.clicks_per_minute'] = { state: 'RUNNING', checkpointAgeSeconds: 30, restarts: 2 };
  const out = await evaluate(outDir);
  expect(out.first).toHaveLength(1);
  const ev = out.first[0]!;
  expect(ev).toMatchObject({ asset_key: 'clicks_per_minute', check_name: 'flink_job_health', passed: true });
  expect(ev.metadata).toMatchObject({ state: 'RUNNING', job_id: 'j0', restarts: 2, failed_checkpoints: 1, job_name: 'shop.dev.clicks_per_minute' });
  expect(ev.metadata.last_checkpoint_age_seconds as number).toBeGreaterThanOrEqual(29);
  expect(ev.metadata.last_checkpoint_age_seconds as number).toBeLessThan(120);
  // Unchanged state: the second tick reports nothing (the cursor remembers it).
  expect(out.second).toEqual([]);
  expect(requests).toContain('/jobs/j0/metrics?get=numRestarts');
}, 180_000);

it('reports a stale checkpoint and a failing job as unhealthy', async () => {
  const outDir = await emitProject(mkdtempSync(join(tmpdir(), 'floe-flink-')), shopArtifacts(), { flink: { maxCheckpointAgeSeconds: 60 } });
  jobs['shop.dev.clicks_per_minute'] = { state: 'RUNNING', checkpointAgeSeconds: 600, restarts: 0 };
  let out = await evaluate(outDir);
  expect(out.first[0]).toMatchObject({ passed: false });
  expect(out.first[0]?.description).toMatch(/last checkpoint \d+s ago \(limit 60s\)/);
  jobs['shop.dev.clicks_per_minute'] = { state: 'RESTARTING', checkpointAgeSeconds: 5, restarts: 9 };
  out = await evaluate(outDir);
  expect(out.first[0]).toMatchObject({ passed: false, description: 'job shop.dev.clicks_per_minute is RESTARTING' });
  expect(out.first[0]?.metadata).toMatchObject({ state: 'RESTARTING', restarts: 9 });
  delete jobs['shop.dev.clicks_per_minute'];
  out = await evaluate(outDir);
  // Only the old cancelled run is left (its checkpoint endpoints answer 404).
  expect(out.first[0]).toMatchObject({ passed: false, metadata: { state: 'CANCELED', job_id: 'old' } });
}, 180_000);
