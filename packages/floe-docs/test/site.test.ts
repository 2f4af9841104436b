import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { get, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { buildDocsData, serveDocs, writeDocsSite, type DocsSiteIndex } from '../src';
import type { DocsNodeDetails } from '../src/data/types';
import { compileShop, copyShop } from './helpers';

/** Runs the site's data scripts the way a browser would (a window object, no fetch). */
function loadSite(dir: string): { index: DocsSiteIndex; details: Map<number, DocsNodeDetails[]> } {
  const details = new Map<number, DocsNodeDetails[]>();
  const window: Record<string, unknown> = { __floeDocsDetails: (n: number, d: DocsNodeDetails[]) => details.set(n, d) };
  runInNewContext(readFileSync(join(dir, 'assets/data.js'), 'utf8'), { window });
  for (const f of readdirSync(join(dir, 'assets/details'))) runInNewContext(readFileSync(join(dir, 'assets/details', f), 'utf8'), { window });
  return { index: window.__FLOE_DOCS__ as DocsSiteIndex, details };
}

describe('writeDocsSite', () => {
  it('writes an offline site whose scripts carry every node', async () => {
    const artifacts = await compileShop(copyShop());
    const data = buildDocsData(artifacts);
    const out = mkdtempSync(join(tmpdir(), 'floe-docs-site-'));
    const written = await writeDocsSite(data, out);
    expect(written.files.map((f) => f.slice(out.length + 1))).toEqual(['assets/app.js', 'assets/app.css', 'assets/details/0.js', 'assets/data.js', 'index.html']);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<script src="assets/data.js"></script>');
    expect(html).not.toContain('__FLOE_LIVE__');
    // nothing is loaded from the network: no absolute URLs in the page or its code
    for (const f of ['index.html', 'assets/app.js', 'assets/app.css']) expect(readFileSync(join(out, f), 'utf8')).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//);
    expect(readFileSync(join(out, 'assets/app.js'), 'utf8')).not.toMatch(/\bfetch\(/);
    const { index, details } = loadSite(out);
    expect(index.nodes.map((n) => n.id)).toEqual(data.nodes.map((n) => n.id));
    const i = index.nodes.findIndex((n) => n.id === 'model.shop.orders');
    expect(details.get(0)![i]!.compiledSql).toBe(artifacts.nodes['model.shop.orders']!.compiledSql);
  });

  it('splits details into chunks and removes stale ones', async () => {
    const artifacts = await compileShop(copyShop());
    const data = buildDocsData(artifacts);
    const out = mkdtempSync(join(tmpdir(), 'floe-docs-site-'));
    await writeDocsSite(data, out);
    writeFileSync(join(out, 'assets/details/7.js'), 'stale');
    await writeDocsSite(data, out);
    expect(readdirSync(join(out, 'assets/details'))).toEqual(['0.js']);
  });
});

describe('serveDocs', () => {
  it('serves on 127.0.0.1 with a live-reload hook and pushes reloads over SSE', async () => {
    const artifacts = await compileShop(copyShop());
    const out = mkdtempSync(join(tmpdir(), 'floe-docs-serve-'));
    await writeDocsSite(buildDocsData(artifacts), out);
    const server = await serveDocs({ dir: out, port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('window.__FLOE_LIVE__="/__floe/events"');
      expect((await fetch(server.url + 'assets/data.js')).headers.get('content-type')).toMatch(/javascript/);
      expect((await fetch(server.url + 'nope.js')).status).toBe(404);
      // a path that climbs out of the site is refused
      const status = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: '/../../etc/passwd' }, (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.end();
      });
      expect([403, 404]).toContain(status);

      const received = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reload event within 5 s')), 5000);
        get({ host: '127.0.0.1', port: server.port, path: '/__floe/events' }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes('event: reload')) {
              clearTimeout(timer);
              res.destroy();
              resolve(text);
            }
          });
          // once connected, ask for a reload (polling for at most 5 s; the guard is cleared too,
          // or it would keep jest's process alive for 5 s after the suite)
          const poll = setInterval(() => {
            if (server.clients() > 0) {
              clearInterval(poll);
              clearTimeout(guard);
              server.reload();
            }
          }, 10);
          const guard = setTimeout(() => clearInterval(poll), 5000);
        }).on('error', reject);
      });
      expect(await received).toContain('event: reload');
    } finally {
      await server.close();
    }
  });
});
