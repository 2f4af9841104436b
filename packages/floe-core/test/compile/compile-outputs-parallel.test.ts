import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { compileOutputs, compileOutputsParallel, compileProject, FloeError, isDeferredOutput, serializeArtifacts, stableStringify, toDbtManifest, type CompiledArtifacts } from '../../src/internal';
import { testRegistry } from './test-targets';

const REPO = join(__dirname, '../../../..');

/** Writes compileOutputsParallel's two files into `dir` as the CLI does (deferred file started first). */
async function writeBoth(a: CompiledArtifacts, dir: string, workerScript: string): Promise<Record<string, string>> {
  const files = compileOutputsParallel(a, { workerScript });
  const manifest = files['manifest.json'];
  const artifacts = files['compiled_artifacts.json'];
  if (!isDeferredOutput(manifest) || isDeferredOutput(artifacts)) throw new Error('expected the manifest on the worker');
  const done = manifest.write(join(dir, 'manifest.json'));
  let text = '';
  for (const piece of artifacts) text += typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8');
  await done;
  return { 'compiled_artifacts.json': text, 'manifest.json': readFileSync(join(dir, 'manifest.json'), 'utf8') };
}

describe('compileOutputsParallel (manifest.json on a worker thread)', () => {
  let dir: string;
  let workerScript: string;
  let gen: CompiledArtifacts;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'floe-outputs-'));
    // The real worker, bundled from sources (jest runs TypeScript, a worker thread cannot).
    workerScript = join(dir, 'manifest-worker.js');
    buildSync({ entryPoints: [join(__dirname, '../../src/compile/manifest-worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: workerScript, logLevel: 'silent' });
    // Enough nodes (models and tests) that the main thread and the worker share the manifest's nodes.
    execFileSync(process.execPath, [join(REPO, 'bench/generate.mjs'), '--models', '1500', '--out', join(dir, 'gen')], { stdio: 'ignore', timeout: 60_000 });
    const r = await compileProject({ projectDir: join(dir, 'gen'), registry: testRegistry() });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    gen = r.artifacts!;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same bytes as the whole-document serialisers', async () => {
    expect(Object.keys(gen.nodes).length).toBeGreaterThan(2000);
    const out = await writeBoth(gen, mkdtempSync(join(dir, 'a-')), workerScript);
    expect(out['compiled_artifacts.json']).toBe(serializeArtifacts(gen));
    expect(out['manifest.json']).toBe(stableStringify(toDbtManifest(gen)) + '\n');
  });

  it('gives the same bytes for nodes not built by toArtifacts (unsorted keys) and for no nodes', async () => {
    const first = Object.values(gen.nodes).slice(0, 50);
    // Reversed key order at the top and in config: the slow, sorting path on both threads.
    const unsorted = Object.fromEntries(first.map((n) => [n.id, Object.fromEntries(Object.entries({ ...n, config: Object.fromEntries(Object.entries(n.config).reverse()) }).reverse())])) as CompiledArtifacts['nodes'];
    for (const a of [{ ...gen, nodes: unsorted }, { ...gen, nodes: {} }]) {
      const out = await writeBoth(a, mkdtempSync(join(dir, 'b-')), workerScript);
      expect(out['compiled_artifacts.json']).toBe(serializeArtifacts(a));
      expect(out['manifest.json']).toBe(stableStringify(toDbtManifest(a)) + '\n');
    }
  });

  it('keeps the node order of compileOutputs for ids that objects would reorder (array indexes)', async () => {
    // Ids such as "10" and "9" are enumerated by objects in numeric order: such batches stay on the main thread.
    const nodes = Object.fromEntries(Object.values(gen.nodes).slice(0, 600).map((n, i) => [String(i), { ...n, id: String(i) }])) as CompiledArtifacts['nodes'];
    const a = { ...gen, nodes };
    const out = await writeBoth(a, mkdtempSync(join(dir, 'e-')), workerScript);
    expect(out).toEqual(compileOutputs(a));
    const manifest = out['manifest.json']!;
    expect(manifest.indexOf('"10":')).toBeLessThan(manifest.indexOf('"9":'));
  });

  it('reports a file the worker cannot write as FLOE_OUTPUT_UNWRITABLE and leaves nothing behind', async () => {
    const out = mkdtempSync(join(dir, 'c-'));
    const files = compileOutputsParallel(gen, { workerScript });
    const manifest = files['manifest.json'];
    if (!isDeferredOutput(manifest)) throw new Error('expected the manifest on the worker');
    const done = manifest.write(join(out, 'missing-folder', 'manifest.json'));
    for (const piece of files['compiled_artifacts.json'] as Iterable<string | Uint8Array>) void piece;
    const error = await done.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FloeError);
    expect((error as FloeError).code).toBe('FLOE_OUTPUT_UNWRITABLE');
    expect(readdirSync(out)).toEqual([]);
  });

  it('stops the worker on abort (the write rejects; the caller removes the staged file)', async () => {
    const out = mkdtempSync(join(dir, 'd-'));
    const files = compileOutputsParallel(gen, { workerScript });
    const manifest = files['manifest.json'];
    if (!isDeferredOutput(manifest)) throw new Error('expected the manifest on the worker');
    const done = manifest.write(join(out, 'manifest.json'));
    // The artifacts file failed half way: the worker never gets the end of the manifest.
    for (const piece of files['compiled_artifacts.json'] as Iterable<string | Uint8Array>) if (typeof piece !== 'string') break;
    manifest.abort();
    const error = await done.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(FloeError);
    expect(existsSync(join(out, 'manifest.json')) ? readFileSync(join(out, 'manifest.json'), 'utf8').endsWith('}\n') : false).toBe(false);
  });
});
