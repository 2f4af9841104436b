import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { docsServeCommand } from '../src/commands/docs';
import { runCli } from './helpers';

function shop(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-cli-docs-'));
  cpSync(resolve(__dirname, '../../../examples/shop'), dir, { recursive: true, filter: (src) => !src.includes('/target') });
  return dir;
}

describe('floe docs', () => {
  it('generate writes target/docs with every node, and --json reports it', async () => {
    const dir = shop();
    const r = await runCli(['docs', 'generate', '--project-dir', dir, '--no-catalog', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.index).toBe(join(dir, 'target/docs/index.html'));
    expect(existsSync(out.index)).toBe(true);
    const artifacts = JSON.parse(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8'));
    expect(out.nodes).toBe(Object.keys(artifacts.nodes).length + Object.keys(artifacts.sources).length);
    expect(out.catalog).toEqual({ computes: [], notes: [] });
    const data = readFileSync(join(dir, 'target/docs/assets/data.js'), 'utf8');
    for (const id of Object.keys(artifacts.nodes)) expect(data).toContain(id);
  });

  it('generate reads the catalog when a database exists, and notes when it does not', async () => {
    const dir = shop();
    const first = await runCli(['docs', 'generate', '--project-dir', dir]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/does not exist yet/);
    expect((await runCli(['build', '--project-dir', dir])).code).toBe(0);
    const second = await runCli(['docs', 'generate', '--project-dir', dir, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).catalog.computes).toEqual(['default']);
    expect(readFileSync(join(dir, 'target/docs/assets/details/0.js'), 'utf8')).toContain('BIGINT');
  });

  it('generate fails with exit 2 and writes nothing on a broken project', async () => {
    const dir = shop();
    writeFileSync(join(dir, 'models/marts/orders.sql'), "select * from {{ ref('nope') }}");
    const r = await runCli(['docs', 'generate', '--project-dir', dir, '--no-catalog']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope/);
    expect(existsSync(join(dir, 'target/docs'))).toBe(false);
  });

  it('serve regenerates on a project change and tells the page to reload', async () => {
    const dir = shop();
    let stderr = '';
    let stdout = '';
    const io = { out: (t: string) => (stdout += t), err: (t: string) => (stderr += t) };
    const stop = new AbortController();
    const serving = docsServeCommand({ projectDir: dir, port: '0', catalog: false, json: true }, io, stop.signal);
    try {
      const started = Date.now();
      while (!stdout.includes('"url"') && Date.now() - started < 60000) await new Promise((r) => setTimeout(r, 50));
      const { url, port } = JSON.parse(stdout.trim().split('\n').pop()!);
      expect(url).toBe(`http://127.0.0.1:${port}/`);
      const reload = new Promise<void>((resolveReload, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reload within 60 s; stderr: ${stderr}`)), 60000);
        get({ host: '127.0.0.1', port, path: '/__floe/events' }, (res) => {
          res.on('data', (c: Buffer) => {
            if (c.toString().includes('event: reload')) {
              clearTimeout(timer);
              res.destroy();
              resolveReload();
            }
          });
          // connected: change a model's description
          setTimeout(() => {
            const yml = join(dir, 'models/marts/marts.yml');
            writeFileSync(yml, readFileSync(yml, 'utf8').replace('One row per order', 'LIVE-RELOAD-MARKER one row per order'));
          }, 200);
        }).on('error', reject);
      });
      await reload;
      const details = readFileSync(join(dir, 'target/docs/assets/details/0.js'), 'utf8');
      expect(details).toContain('LIVE-RELOAD-MARKER');
      expect(stderr).toMatch(/Recompiled in \d+ ms/);
    } finally {
      stop.abort();
      expect(await serving).toBe(0);
    }
  });
});
