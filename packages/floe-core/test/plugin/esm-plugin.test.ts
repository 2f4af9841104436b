import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry, PLUGIN_API_VERSION } from '../../src';
import { loadProjectPlugins } from '../../src/plugin/load-plugins';

// An ES module plugin is imported through plugin/import-esm.cjs (kept out of the bundle so the
// floe launcher's code cache can hold the bundle); a CommonJS one is required.
// Under jest an import() needs Node's --experimental-vm-modules (jest runs every file in a vm).
const vmModules = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`.includes('--experimental-vm-modules');
const esmTest = vmModules ? test : test.skip;
if (!vmModules) console.warn('esm-plugin.test.ts: ES module cases skipped; run with NODE_OPTIONS=--experimental-vm-modules');

describe('plugins: ES module and CommonJS files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-esm-plugin-'));
    const body = (name: string) =>
      `{ kind: 'target', name: '${name}', apiVersion: '${PLUGIN_API_VERSION}', stability: 'stable', configSchema: { safeParse: (v) => ({ success: true, data: v }) }, ` +
      `capabilities: { executionModel: 'batch', materializations: ['view'] }, createDialect() { return {}; }, connect() {}, [Symbol.for('floe.plugin')]: true }`;
    writeFileSync(join(dir, 'esm-plugin.mjs'), `export default ${body('esmtarget')};\n`);
    writeFileSync(join(dir, 'cjs-plugin.cjs'), `module.exports = ${body('cjstarget')};\n`);
    writeFileSync(join(dir, 'bad-plugin.mjs'), `export default ${body('Bad')};\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const at = { file: 'floe.yaml', line: 6, column: 11 };
  test('a CommonJS plugin registers', async () => {
    const registry = new PluginRegistry();
    expect(await loadProjectPlugins(registry, [{ specifier: './cjs-plugin.cjs', at }], dir)).toEqual([]);
    expect(registry.findTarget('cjstarget')?.name).toBe('cjstarget');
  });

  esmTest('both register', async () => {
    const registry = new PluginRegistry();
    const diags = await loadProjectPlugins(registry, [{ specifier: './esm-plugin.mjs', at }, { specifier: './cjs-plugin.cjs', at }], dir);
    expect(diags).toEqual([]);
    expect(registry.findTarget('esmtarget')?.name).toBe('esmtarget');
    expect(registry.findTarget('cjstarget')?.name).toBe('cjstarget');
  });

  esmTest('a malformed ES module plugin is reported with the contract message', async () => {
    const diags = await loadProjectPlugins(new PluginRegistry(), [{ specifier: './bad-plugin.mjs', at }], dir);
    expect(diags.map((d) => d.message)).toEqual(['package "./bad-plugin.mjs" exports an invalid plugin: name: a lowercase name like "duckdb"']);
  });
});
