import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../src/index';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'floe', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Writes a project into a fresh temp folder; `null` deletes a file of the base. */
export function writeProject(files: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'floe-test-'));
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) continue;
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function targetIsEmpty(dir: string): boolean {
  const t = join(dir, 'target');
  return !existsSync(t) || readdirSync(t).length === 0;
}

/** A small valid native project used as the base of the broken-project corpus. */
export const BASE_PROJECT: Record<string, string> = {
  'floe.yaml': [
    'apiVersion: floe.dev/v1',
    'kind: Project',
    'metadata:',
    '  name: corpus',
    '  version: 1.0.0',
    'models:',
    '  materialized: view',
    '  marts:',
    '    materialized: table',
    '',
  ].join('\n'),
  'seeds/raw_items.csv': 'id,name,price\n1,apple,3\n2,pear,4\n',
  'models/staging/stg_items.sql': "select id, name, price from {{ ref('raw_items') }}\n",
  'models/marts/items.sql': "select id, name, price * 2 as double_price\nfrom {{ ref('stg_items') }}\n",
  'models/marts/schema.yml': ['version: 2', 'models:', '  - name: items', '    columns:', '      - name: id', '        tests: [unique, not_null]', ''].join('\n'),
};
