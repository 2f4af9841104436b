import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { DuckDbConfigSchema, duckdbTarget } from '../../src';
import { APPEND_ROWS, INCREMENTALS, ROWS, TABLES } from './crash-child';

const ROOT = resolve(__dirname, '../../../..');
const KILLS = 20;

/**
 * kill -9 at 20 moments spread over a run of ~30 models; after each kill every
 * relation must be at its previous or its new version, and the database must
 * open and finish the next run.
 */
describe('DuckDB crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-crash-'));
  const db = join(dir, 'crash.duckdb');
  const bundle = join(dir, 'crash-child.js');

  beforeAll(() => {
    buildSync({
      entryPoints: [join(__dirname, 'crash-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: bundle,
      external: ['@duckdb/node-api'],
      // The connection loads @duckdb/node-api with import(); as require() it resolves through NODE_PATH from /tmp.
      supported: { 'dynamic-import': false },
      tsconfig: join(ROOT, 'tsconfig.base.json'),
      logLevel: 'error',
    });
  });

  function child(version: number, killAfterMs?: number): Promise<{ completed: boolean; ms: number }> {
    return new Promise((resolvePromise, reject) => {
      const p = spawn(process.execPath, [bundle, dir, db, String(version)], {
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let startedAt = 0;
      const guard = setTimeout(() => p.kill('SIGKILL'), 30_000);
      p.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (!startedAt && out.includes('started')) {
          startedAt = Date.now();
          if (killAfterMs !== undefined) setTimeout(() => p.kill('SIGKILL'), killAfterMs);
        }
      });
      p.stderr.on('data', (b: Buffer) => (err += b.toString()));
      p.on('exit', (code, signal) => {
        clearTimeout(guard);
        const ms = startedAt ? Date.now() - startedAt : 0;
        if (out.includes('done')) resolvePromise({ completed: true, ms });
        else if (signal === 'SIGKILL' && killAfterMs !== undefined) resolvePromise({ completed: false, ms });
        else reject(new Error(`child exited with ${code ?? signal}: ${err.slice(0, 2000)}`));
      });
    });
  }

  async function versions(): Promise<{ tables: Map<string, number[]>; incrementals: Map<string, { version: number; n: number }[]> }> {
    const conn = await duckdbTarget.connect(DuckDbConfigSchema.parse({ type: 'duckdb', path: db }), {
      projectDir: dir,
      resolveSecret: () => '',
      logger: { debug() {}, info() {}, warn() {} },
    });
    try {
      const tables = new Map<string, number[]>();
      for (let i = 0; i < TABLES; i++) {
        const r = await conn.execute(`select version, count(*) as n from main.t${i} group by version`);
        expect(r.rows).toHaveLength(1);
        expect(Number(r.rows[0]?.['n'])).toBe(ROWS);
        tables.set(`t${i}`, r.rows.map((x) => Number(x['version'])));
      }
      const incrementals = new Map<string, { version: number; n: number }[]>();
      for (let i = 0; i < INCREMENTALS; i++) {
        const r = await conn.execute(`select version, count(*) as n from main.inc${i} group by version order by version`);
        incrementals.set(
          `inc${i}`,
          r.rows.map((x) => ({ version: Number(x['version']), n: Number(x['n']) })),
        );
      }
      // No staging relation survives a crash.
      const leftovers = await conn.execute(`select table_name from information_schema.tables where table_name like '%__floe_new'`);
      expect(leftovers.rows).toEqual([]);
      return { tables, incrementals };
    } finally {
      await conn.close();
    }
  }

  it('leaves every relation at its old or new version after SIGKILL at 20 moments', async () => {
    const t0 = Date.now();
    const first = await child(1);
    expect(first.completed).toBe(true);
    const runMs = Math.max(first.ms, 200);
    let previous = 1;
    const seenNew = { tables: 0, kept: 0 };
    // Per append model: the batches (versions) it must hold.
    const appended = new Map(Array.from({ length: INCREMENTALS }, (_, i) => [`inc${i}`, [1]]));
    for (let k = 1; k <= KILLS; k++) {
      const version = previous + 1;
      // Spread the kill moments from the start to just past the measured run time.
      const killed = await child(version, Math.round((runMs * 1.1 * k) / KILLS));
      const v = await versions();
      for (const [name, vs] of v.tables) {
        expect([[previous], [version]]).toContainEqual(vs);
        if (vs[0] === version) seenNew.tables++;
        else seenNew.kept++;
        void name;
      }
      for (let i = 0; i < INCREMENTALS; i++) {
        const rows = v.incrementals.get(`inc${i}`) ?? [];
        if (i % 2 === 0) {
          // append: whole batches only, the old ones plus maybe the new one
          const vs = rows.map((r) => r.version);
          expect(rows.every((r) => r.n === APPEND_ROWS)).toBe(true);
          const before = appended.get(`inc${i}`) as number[];
          expect([before, [...before, version]]).toContainEqual(vs);
          if (vs.includes(version)) before.push(version);
        } else {
          // merge on id: every row at one version, old or new
          expect(rows).toHaveLength(1);
          expect([previous, version]).toContain(rows[0]?.version);
          expect(rows[0]?.n).toBe(ROWS);
        }
      }
      // Run again to completion on the crashed database.
      const rerun = previous + 2;
      expect((await child(rerun)).completed).toBe(true);
      for (const vs of appended.values()) vs.push(rerun);
      previous = rerun;
      if (process.env['FLOE_CRASH_DEBUG']) process.stderr.write(`kill ${k}: killed at ${killed.ms} ms (completed=${killed.completed}), total ${Date.now() - t0} ms\n`);
    }
    const final = await versions();
    for (const vs of final.tables.values()) expect(vs).toEqual([previous]);
    // The kills landed both before and after commits.
    expect(seenNew.tables).toBeGreaterThan(0);
    expect(seenNew.kept).toBeGreaterThan(0);
    // About 40 s on an idle 2-core machine; the bound leaves room for a loaded one.
  }, 280_000);
});
