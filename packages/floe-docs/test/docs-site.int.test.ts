/**
 * The docs site in real headless Chromium (Debian's `chromium`, installed by
 * tools/browser/ensure-chromium.sh), driven by playwright-core. Runs with
 * FLOE_E2E=1 (`npm run test:e2e`). Screenshots go to <repo>/target/artifacts/,
 * which CI uploads.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { main } from '@floe/cli';
import { docsServeCommand } from '../../../apps/floe-cli/src/commands/docs';
import type { CompiledArtifacts } from '@floe/core';
import { copyShop } from './helpers';

const REPO = resolve(__dirname, '../../..');
const ARTIFACTS = join(REPO, 'target/artifacts');
const LOAD_BUDGET_MS = 3000;

async function floe(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(['node', 'floe', ...args], { out: () => undefined, err: (t) => (stderr += t) });
  return { code, stderr };
}

function chromiumPath(): string {
  const out = execFileSync('bash', [join(REPO, 'tools/browser/ensure-chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop()!;
}

interface Api {
  ready: boolean;
  loadMs: number;
  timings: Record<string, number>;
  graphNodeIds(): string[];
  drawnNodeIds(): string[];
  screenPositionOf(id: string): { x: number; y: number } | undefined;
  screenBoxOf(id: string): { x: number; y: number; width: number; height: number } | undefined;
  selected(): string | undefined;
  highlighted(): { upstream: string[]; downstream: string[] };
  applySelector(select: string, exclude?: string): string | undefined;
  select(id: string): void;
  drawStats(): { lastDrawMs: number; frames: number };
}
type Win = Window & { floeDocs: Api };

async function open(browser: Browser, index: string): Promise<{ page: Page; loadMs: number; wallMs: number; timings: Record<string, number> }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t0 = Date.now();
  await page.goto(pathToFileURL(index).href);
  await page.waitForFunction(() => (window as unknown as Win).floeDocs?.ready === true, null, { timeout: 60000 });
  const wallMs = Date.now() - t0;
  const { loadMs, timings } = await page.evaluate(() => ({ loadMs: (window as unknown as Win).floeDocs.loadMs, timings: (window as unknown as Win).floeDocs.timings }));
  expect(errors).toEqual([]);
  return { page, loadMs, wallMs, timings };
}

describe('floe docs in headless Chromium', () => {
  let browser: Browser;
  const temp: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    for (const d of temp) rmSync(d, { recursive: true, force: true });
  });

  it('examples/shop: every model appears; a clicked node shows its lineage and SQL', async () => {
    const dir = copyShop();
    temp.push(dir);
    expect((await floe(['build', '--project-dir', dir])).code).toBe(0);
    const gen = await floe(['docs', 'generate', '--project-dir', dir]);
    expect(gen.code).toBe(0);
    const artifacts = JSON.parse(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8')) as CompiledArtifacts;
    const models = Object.values(artifacts.nodes).filter((n) => n.resourceType === 'model');
    expect(models.length).toBeGreaterThanOrEqual(5);

    const { page } = await open(browser, join(dir, 'target/docs/index.html'));
    const graphIds = await page.evaluate(() => (window as unknown as Win).floeDocs.graphNodeIds());
    const drawn = await page.evaluate(() => (window as unknown as Win).floeDocs.drawnNodeIds());
    for (const m of models) {
      expect(graphIds).toContain(m.id);
      expect(drawn).toContain(m.id); // the fitted view shows the whole project
      await expect(page.locator(`#sidebar [data-node="${m.id}"]`).textContent()).resolves.toBe(m.name);
    }

    // click the orders model on the canvas
    const target = 'model.shop.orders';
    const pos = await page.evaluate((id) => (window as unknown as Win).floeDocs.screenPositionOf(id), target);
    expect(pos).toBeDefined();
    await page.mouse.click(pos!.x, pos!.y);
    await page.waitForSelector('#compiled-sql', { timeout: 10000 });
    expect(await page.evaluate(() => (window as unknown as Win).floeDocs.selected())).toBe(target);
    const lit = await page.evaluate(() => (window as unknown as Win).floeDocs.highlighted());
    // expected lineage from the artifacts' own maps (tests are hidden in the graph)
    const walk = (start: string, map: Record<string, string[]>) => {
      const seen = new Set<string>();
      const stack = [start];
      while (stack.length) for (const next of map[stack.pop()!] ?? []) if (!seen.has(next) && !next.startsWith('test.')) stack.push(next), seen.add(next);
      return [...seen].sort();
    };
    expect(lit.upstream).toEqual(walk(target, artifacts.parentMap));
    expect(lit.downstream).toEqual(walk(target, artifacts.childMap));
    expect(lit.upstream).toEqual(expect.arrayContaining(['model.shop.stg_orders', 'model.shop.stg_payments']));
    expect(lit.downstream).toContain('model.shop.customers');
    // the details panel: SQL, owning file, dependencies, catalog types
    const sql = (await page.locator('#compiled-sql').textContent())!;
    expect(sql.trim()).toBe(artifacts.nodes[target]!.compiledSql!.trim());
    expect(await page.locator('#node-path').textContent()).toContain('models/marts/orders.sql');
    expect(await page.locator('#depends-on').textContent()).toContain('stg_orders');
    expect(await page.locator('#referenced-by').textContent()).toContain('customers');
    expect(await page.locator('#columns').textContent()).toContain('BIGINT');
    // the highlight is on the canvas too: an upstream node's border is drawn in the highlight colour
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const border = await page.evaluate(() => {
      const c = document.getElementById('graph') as HTMLCanvasElement;
      const r = c.getBoundingClientRect();
      const box = (window as unknown as Win).floeDocs.screenBoxOf('model.shop.stg_orders')!;
      const dpr = c.width / r.width;
      // around the middle of the box's top border: the most orange pixel (the stroke is antialiased)
      const cx = Math.round((box.x - r.left + box.width / 2) * dpr);
      const cy = Math.round((box.y - r.top) * dpr);
      const px = c.getContext('2d')!.getImageData(cx - 2, cy - 2, 5, 5).data;
      let best = [0, 0, 0];
      for (let k = 0; k < px.length; k += 4) if (px[k]! - px[k + 2]! > best[0]! - best[2]!) best = [px[k]!, px[k + 1]!, px[k + 2]!];
      return best;
    });
    // orange (#f08c00, blended with white at the 1px edge), not the grey (#c3c9d4) of unrelated nodes
    expect(border[0]).toBeGreaterThan(200);
    expect(border[0]! - border[2]!).toBeGreaterThan(60);
    await page.screenshot({ path: join(ARTIFACTS, 'docs-shop.png') });

    // selector filter, through floe-core's selector bundled into the page
    expect(await page.evaluate(() => (window as unknown as Win).floeDocs.applySelector('+stg_orders'))).toBeUndefined();
    expect((await page.evaluate(() => (window as unknown as Win).floeDocs.graphNodeIds())).sort()).toEqual(['model.shop.stg_orders', 'seed.shop.raw_orders']);
    expect(await page.evaluate(() => (window as unknown as Win).floeDocs.applySelector('tagg:x'))).toMatch(/unknown selector method/);
    // search
    await page.fill('#search', 'stg_pay');
    await expect(page.locator('#search-results a').first().textContent()).resolves.toContain('stg_payments');
    await page.close();
  });

  it('floe docs serve: an open page reloads itself after a project change', async () => {
    const dir = copyShop();
    temp.push(dir);
    let stdout = '';
    let stderr = '';
    const stop = new AbortController();
    const serving = docsServeCommand({ projectDir: dir, port: '0', catalog: false, json: true }, { out: (t) => (stdout += t), err: (t) => (stderr += t) }, stop.signal);
    try {
      const started = Date.now();
      while (!stdout.includes('"url"') && Date.now() - started < 60000) await new Promise((r) => setTimeout(r, 50));
      const { url } = JSON.parse(stdout.trim().split('\n').pop()!) as { url: string };
      const page = await browser.newPage();
      await page.goto(`${url}#!/node/model.shop.orders`);
      await page.waitForSelector('#details .description', { timeout: 30000 });
      expect(await page.locator('#details .description').textContent()).toContain('One row per order');
      // wait for the page's EventSource to connect, then edit the YAML
      const t0 = Date.now();
      while (!stderr.includes('Serving') && Date.now() - t0 < 10000) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      const yml = join(dir, 'models/marts/marts.yml');
      writeFileSync(yml, readFileSync(yml, 'utf8').replace('One row per order', 'Reloaded - one row per order'));
      const logs: string[] = [];
      page.on('console', (m) => logs.push(m.text()));
      page.on('framenavigated', () => logs.push('navigated'));
      await page
        .waitForFunction(() => document.querySelector('#details .description')?.textContent?.includes('Reloaded'), null, { timeout: 60000 })
        .catch((e: Error) => {
          throw new Error(`${e.message}\nserver: ${stderr}\npage: ${logs.join('\n')}`);
        });
      expect(await page.evaluate(() => (window as unknown as Win).floeDocs.selected())).toBe('model.shop.orders');
      expect(stderr).toMatch(/reloading [1-9]\d* page/);
      await page.close();
    } finally {
      stop.abort();
      expect(await serving).toBe(0);
    }
  });

  it('a 10,000-model project loads in under 3 s and stays responsive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-docs-10k-'));
    temp.push(dir);
    execFileSync(process.execPath, [join(REPO, 'bench/generate.mjs'), '--models', '10000', '--out', dir], { stdio: 'ignore' });
    const t0 = Date.now();
    const gen = await floe(['docs', 'generate', '--project-dir', dir, '--no-catalog']);
    expect(gen.code).toBe(0);
    const genMs = Date.now() - t0;
    const artifacts = JSON.parse(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8')) as CompiledArtifacts;
    const models = Object.values(artifacts.nodes).filter((n) => n.resourceType === 'model');
    expect(models.length).toBe(10000);

    const { page, loadMs, wallMs, timings } = await open(browser, join(dir, 'target/docs/index.html'));
    const graphIds = new Set(await page.evaluate(() => (window as unknown as Win).floeDocs.graphNodeIds()));
    for (const m of models) expect(graphIds.has(m.id)).toBe(true);

    // responsiveness: the whole-project frame, zoom in around the center, select a node, filter by selector
    const overview = await page.evaluate(() => (window as unknown as Win).floeDocs.drawStats());
    await page.mouse.move(800, 450);
    for (let k = 0; k < 8; k++) await page.mouse.wheel(0, -300);
    await page.waitForFunction((n) => (window as unknown as Win).floeDocs.drawStats().frames > n, 1);
    const zoomed = await page.evaluate(() => (window as unknown as Win).floeDocs.drawStats());
    const pick = models[1234]!.id;
    const selectMs = await page.evaluate((id) => {
      const t = performance.now();
      (window as unknown as Win).floeDocs.select(id);
      return performance.now() - t;
    }, pick);
    const filterMs = await page.evaluate((name) => {
      const t = performance.now();
      const err = (window as unknown as Win).floeDocs.applySelector(`+${name}+`);
      if (err) throw new Error(err);
      return performance.now() - t;
    }, models[1234]!.name);
    await page.evaluate(() => (window as unknown as Win).floeDocs.applySelector(''));
    await page.evaluate((id) => (window as unknown as Win).floeDocs.select(id), pick);
    await page.waitForSelector('#compiled-sql', { timeout: 10000 });
    await page.screenshot({ path: join(ARTIFACTS, 'docs-10k.png') });

    console.log(
      [
        `10,000-model docs (${artifacts.nodes ? Object.keys(artifacts.nodes).length : 0} nodes): generate (compile + write) ${genMs} ms`,
        `browser load: ${loadMs} ms from navigation start to the first graph frame (budget ${LOAD_BUDGET_MS} ms); wall clock incl. driver ${wallMs} ms`,
        `  steps: ${JSON.stringify(timings)}`,
        `whole-project frame: ${overview.lastDrawMs.toFixed(1)} ms; zoomed frame: ${zoomed.lastDrawMs.toFixed(1)} ms; select a node: ${selectMs.toFixed(1)} ms; selector +node+ with re-layout: ${filterMs.toFixed(1)} ms`,
      ].join('\n'),
    );
    expect(loadMs).toBeLessThan(LOAD_BUDGET_MS);
    expect(overview.lastDrawMs).toBeLessThan(500);
    expect(zoomed.lastDrawMs).toBeLessThan(200);
    expect(selectMs).toBeLessThan(500);
    await page.close();
  });
});
