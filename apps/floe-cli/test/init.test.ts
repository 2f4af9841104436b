import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers';

test('floe init scaffolds a project that compiles, with a modeline to the shipped schema', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'floe-init-'));
  const dir = join(parent, 'my-shop');
  try {
    const init = await runCli(['init', dir]);
    expect(init.code).toBe(0);
    const yaml = readFileSync(join(dir, 'floe.yaml'), 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=.*floe-core\/schemas\/floe\.schema\.json$/m);
    expect(yaml).toMatch(/^  name: my-shop$/m);
    const compiled = await runCli(['compile', '--project-dir', dir]);
    expect(compiled.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'target/compiled_artifacts.json'), 'utf8'));
    expect(a.project.name).toBe('my-shop');
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
