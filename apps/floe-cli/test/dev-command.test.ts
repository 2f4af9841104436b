import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStackScript } from '../src/commands/dev';
import { runCli } from './helpers';

test('floe dev finds the repository\'s tools/dev-stack/stack.mjs', () => {
  expect(findStackScript('.', {})).toMatch(/tools[\\/]dev-stack[\\/]stack\.mjs$/);
  expect(findStackScript('.', { FLOE_DEV_STACK: '/x/stack.mjs' })).toBe('/x/stack.mjs');
});

test('floe dev status in a folder with no stack: exit 1, JSON says unhealthy, nothing started', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-dev-'));
  try {
    const r = await runCli(['dev', 'status', '--project-dir', dir, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { healthy: boolean; stateRoot: string; kafka: { running: boolean } };
    expect(doc.healthy).toBe(false);
    expect(doc.stateRoot).toBe(join(dir, 'target', 'dev'));
    expect(doc.kafka.running).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

test('floe dev with an unknown --only value is a usage error (exit 2)', async () => {
  const r = await runCli(['dev', 'up', '--only', 'zookeeper']);
  expect(r.code).toBe(2);
});
