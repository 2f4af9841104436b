/**
 * The whole path with the real floe CLI: compile examples/shop, emit the code
 * location, and let `dagster asset materialize` run `floe build` through Pipes
 * on embedded DuckDB. Runs with FLOE_E2E=1.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArtifacts } from '@floe/core';
import { bundleFloeCli, cliEnv, emitProject, ensureDagsterVenv, PACKAGE_ROOT, REPO_ROOT, run } from './helpers/python-env';

it('materializes every asset of examples/shop and records every attached test as a passing check', async () => {
  const venv = ensureDagsterVenv();
  const work = mkdtempSync(join(tmpdir(), 'floe-dagster-build-'));
  const project = join(work, 'shop');
  cpSync(join(REPO_ROOT, 'examples', 'shop'), project, { recursive: true });
  const cli = await bundleFloeCli(join(work, 'floe-cli.cjs'));
  const env = { ...cliEnv(), DAGSTER_HOME: work, FLOE_COMMAND: `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)}` };

  const compiled = run(process.execPath, [cli, 'compile', '--project-dir', project], { env });
  if (compiled.status !== 0) throw new Error(`floe compile exited ${compiled.status}\n${compiled.stdout}\n${compiled.stderr}`);
  const artifacts = parseArtifacts(readFileSync(join(project, 'target', 'compiled_artifacts.json'), 'utf8'));
  const outDir = await emitProject(project, artifacts);

  const assets = Object.values(artifacts.nodes).filter((n) => n.resourceType !== 'test' && n.materialized !== 'ephemeral');
  // Generic tests name their model; a singular test with one upstream is attached to it.
  const targetOf = (t: (typeof artifacts.nodes)[string]) => t.test?.attachedTo ?? (t.dependsOn.length === 1 ? t.dependsOn[0] : undefined);
  const tests = Object.values(artifacts.nodes).filter((n) => n.resourceType === 'test' && targetOf(n));
  expect(tests.some((t) => !t.test?.attachedTo)).toBe(true);
  expect(assets.length).toBeGreaterThan(3);
  expect(tests.length).toBeGreaterThan(3);

  const r = run(join(venv, 'bin', 'dagster'), ['asset', 'materialize', '-f', 'definitions.py', '--select', assets.map((n) => n.name).join(',')], {
    cwd: outDir,
    env,
    timeoutMs: 300_000,
  });
  if (r.status !== 0) throw new Error(`dagster asset materialize exited ${r.status}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  const ev = run(join(venv, 'bin', 'python'), [join(PACKAGE_ROOT, 'test', 'fixtures', 'run_events.py')], { env });
  const events = JSON.parse(ev.stdout) as {
    status: string;
    materializations: Record<string, Record<string, [string, unknown]>>;
    checks: Record<string, { passed: boolean; severity: string }>;
  };
  expect(events.status).toBe('SUCCESS');
  expect(Object.keys(events.materializations).sort()).toEqual(assets.map((n) => n.name).sort());
  const orders = events.materializations.orders;
  expect(orders?.duration_seconds?.[0]).toBe('FloatMetadataValue');
  expect(orders?.checksum?.[0]).toBe('TextMetadataValue');
  expect(orders?.compiled_sql?.[0]).toBe('MarkdownMetadataValue');
  expect(orders?.rows_affected?.[0]).toBe('IntMetadataValue');
  const expectedChecks = tests.map((t) => `${artifacts.nodes[targetOf(t)!]?.name}:${t.name}`).sort();
  expect(Object.keys(events.checks).sort()).toEqual(expectedChecks);
  expect(Object.values(events.checks).every((c) => c.passed)).toBe(true);
}, 600_000);
