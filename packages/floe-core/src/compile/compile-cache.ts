import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sha256, stableStringify } from '../artifacts/serialize';
import { readFolder } from '../load/files';
import type { FolderEntry, LoadedProject } from '../project/types';
import { FLOE_VERSION } from '../version';

/**
 * What a compile read, by content: every input file's hash, the listing of
 * every folder the loader searches, as the loader listed it (so a new or
 * deleted file is seen, and one added during the compile is not), the
 * Floe version, the options (vars, environment) and the environment
 * variables the compile read. Two compiles with equal fingerprints give the
 * same artifacts, so `floe compile` can skip the work (kept in
 * target/.floe-compile-cache.json).
 */
export interface CompileFingerprint {
  floe: string;
  /** Hash of the options and the environment variables read. */
  options: string;
  /** Project-relative (or absolute, outside the project) path -> sha256 of the text. */
  files: Record<string, string>;
  /** Project-relative folder -> hash of its listing ('' is the project folder, listed without target/ and logs/). */
  dirs: Record<string, string>;
}

export interface FingerprintOptions {
  vars?: Record<string, unknown>;
  environment?: string;
  /** Environment variables read during the compile, with the values seen. */
  envRead: Record<string, string | undefined>;
}

/** Folders at the project root that compiles write or tools fill; they never hold inputs. */
const ROOT_OUTPUTS = new Set(['target', 'logs']);

/** undefined when the project cannot be fingerprinted safely (third-party plugins: their code is an input too). */
export function fingerprintProject(project: LoadedProject, options: FingerprintOptions): CompileFingerprint | undefined {
  if (project.plugins.length) return undefined;
  const files: Record<string, string> = {};
  for (const [rel, text] of project.files) files[rel] = sha256(text);
  // The listings the loader read (before it read the files in them), not the folders as they are now:
  // a file added while the project compiled must not count as seen by this compile.
  return { floe: FLOE_VERSION, options: optionsHash(options), files, dirs: listFolders(project.root, searchRoots(project), project.folders) };
}

/** True when the project folder still matches `fp` (same files, same folders, same options and environment). */
export function fingerprintMatches(root: string, fp: CompileFingerprint, options: Omit<FingerprintOptions, 'envRead'>, env: NodeJS.ProcessEnv): boolean {
  if (fp.floe !== FLOE_VERSION) return false;
  const envRead: Record<string, string | undefined> = {};
  for (const name of envNames(fp)) envRead[name] = env[name];
  if (optionsHash({ ...options, envRead }) !== fp.options) return false;
  const dirs = listFolders(root, Object.keys(fp.dirs).filter((d) => d !== ''));
  if (stableStringify(dirs) !== stableStringify(fp.dirs)) return false;
  for (const [rel, hash] of Object.entries(fp.files)) {
    let text: string;
    try {
      text = readFileSync(path.resolve(root, rel), 'utf8');
    } catch {
      return false;
    }
    if (sha256(text) !== hash) return false;
  }
  return true;
}

/** An env proxy that records every variable read (for the fingerprint). */
export function recordEnvReads(env: NodeJS.ProcessEnv, into: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return new Proxy(env, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof name === 'string') into[name] = typeof value === 'string' ? value : undefined;
      return value;
    },
  });
}

function optionsHash(o: FingerprintOptions): string {
  // FLOE_ENV and DBT_PROFILES_DIR are read by the loader and compiler through process.env.
  const env = { ...o.envRead, FLOE_ENV: o.envRead.FLOE_ENV ?? process.env.FLOE_ENV, DBT_PROFILES_DIR: o.envRead.DBT_PROFILES_DIR ?? process.env.DBT_PROFILES_DIR };
  return `${Object.keys(env).sort().join(',')}|${sha256(stableStringify({ vars: o.vars ?? null, environment: o.environment ?? null, env }))}`;
}

/** The names of the environment variables the fingerprinted compile read (kept in front of the options hash). */
function envNames(fp: CompileFingerprint): string[] {
  const names = fp.options.split('|')[0];
  return names ? names.split(',') : [];
}

/** Every folder the loader may search, relative to the root: the configured paths and the folders of known files. */
function searchRoots(project: LoadedProject): string[] {
  const roots = new Set<string>();
  for (const list of Object.values(project.paths)) for (const p of list) roots.add(toPosix(path.normalize(p)));
  // A package installed (or removed) by `dbt deps` changes this folder's listing.
  if (project.packagesPath !== undefined) roots.add(toPosix(path.normalize(project.packagesPath)));
  for (const rel of project.files.keys()) {
    if (path.isAbsolute(rel) || rel.startsWith('..')) continue;
    const dir = path.posix.dirname(rel);
    if (dir !== '.') roots.add(dir);
  }
  return [...roots].filter((r) => r && r !== '.' && !r.startsWith('..') && !path.isAbsolute(r));
}

/**
 * Listing hashes of the root (not recursive) and of each folder below `roots`
 * (recursive), from `known` listings where given, else read now.
 */
function listFolders(root: string, roots: string[], known?: LoadedProject['folders']): Record<string, string> {
  const entriesOf = (rel: string) => (known?.has(rel) ? known.get(rel) : readFolder(path.join(root, rel)));
  const out: Record<string, string> = { '': listing(entriesOf(''), true) };
  const visit = (rel: string) => {
    if (rel in out) return;
    // One read per folder gives both its listing hash and its subfolders.
    const entries = entriesOf(rel);
    out[rel] = listing(entries, false);
    for (const e of entries ?? []) if (e.isDirectory()) visit(`${rel}/${e.name}`);
  };
  for (const r of roots) visit(r);
  return out;
}

function listing(entries: readonly FolderEntry[] | undefined, isRoot: boolean): string {
  if (!entries) return 'missing';
  const names = entries
    .filter((e) => !(isRoot && ROOT_OUTPUTS.has(e.name)))
    .map((e) => `${e.name}${e.isDirectory() ? '/' : ''}`)
    .sort();
  return sha256(names.join('\n'));
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
