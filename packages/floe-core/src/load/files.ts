import { promises as fs, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, SourcePosition } from '../errors';
import type { FolderEntry } from '../project/types';

/** Runs `fn` over `items` with at most `limit` promises in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface FoundFile {
  /** Project-relative, `/` separators. */
  rel: string;
  /** Relative to the resource path it was found under, `/` separators. */
  within: string;
  /** The resource path (project-relative) it was found under. */
  base: string;
}

export function toPosix(p: string): string {
  // On POSIX the separator already is '/': skip the split and join.
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** True when `child` is `parent` or inside it (both absolute, normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Checks that a configured path stays inside the project, also through
 * symlinks. Returns a diagnostic when it leaves; missing paths are fine.
 */
export async function checkInsideProject(root: string, realRoot: string, rel: string, at: SourcePosition, what: string): Promise<Diagnostic | undefined> {
  const abs = path.resolve(root, rel);
  const bad = (): Diagnostic => ({
    code: 'FLOE_PATH_OUTSIDE_PROJECT',
    severity: 'error',
    message: `${what} "${rel}" leaves the project folder`,
    hint: 'Use a path inside the project folder (no "..", no absolute path, no symlink pointing outside).',
    ...at,
  });
  if (!isInside(root, abs)) return bad();
  try {
    const real = await fs.realpath(abs);
    if (!isInside(realRoot, real)) return bad();
  } catch {
    // A path that does not exist cannot leave the project.
  }
  return undefined;
}

/** LoadedProject.folders while the loader fills it (the first listing of each folder is kept). */
export type FolderListings = Map<string, readonly FolderEntry[] | undefined>;

/** The folder's entries, or undefined when it cannot be read. */
export function readFolder(abs: string): Dirent[] | undefined {
  try {
    return readdirSync(abs, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

export interface WalkResult {
  files: FoundFile[];
  diagnostics: Diagnostic[];
}

/**
 * Lists files with the given extensions under each base path (recursively,
 * sorted). Hidden entries (".name") are skipped. Symlinks are followed only
 * when they stay inside the project.
 *
 * Synchronous and breadth-first over all bases: an async function and promise
 * per directory entry cost several times the readdir calls themselves on a
 * 10,000-file project. Breadth-first keeps the outcome of the concurrent walk
 * this replaces, where shallower folders were listed first: a file reachable
 * through two overlapping bases keeps the one it is found under first.
 * Every folder read is recorded in `listed` (unless already there).
 */
export async function walk(root: string, realRoot: string, bases: readonly string[], exts: readonly string[], listed: FolderListings): Promise<WalkResult> {
  const files: FoundFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  let level: { base: string; relDir: string }[] = bases.map((base) => ({ base, relDir: '' }));
  for (let depth = 0; level.length > 0 && depth <= 64; depth++) {
    const next: { base: string; relDir: string }[] = [];
    for (const { base, relDir } of level) {
      const absDir = path.join(root, base, relDir);
      // Project-relative folder, normalised once per folder (a plain entry name adds no "." or ".." to normalise).
      const dirRel = toPosix(path.normalize(path.join(base, relDir)));
      const entries = readFolder(absDir);
      const key = dirRel === '.' ? '' : dirRel;
      if (!listed.has(key)) listed.set(key, entries);
      if (!entries) continue;
      const links: { base: string; relDir: string }[] = [];
      const prefix = dirRel === '.' ? '' : `${dirRel}/`;
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const within = relDir ? `${relDir}/${e.name}` : e.name;
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          const abs = path.join(absDir, e.name);
          try {
            // realpathSync.native is the realpath(3) that fs.promises.realpath calls.
            const real = realpathSync.native(abs);
            if (!isInside(realRoot, real)) {
              diagnostics.push({
                code: 'FLOE_PATH_OUTSIDE_PROJECT',
                severity: 'error',
                message: `symlink "${toPosix(path.join(base, within))}" points outside the project folder`,
                hint: 'Copy the file into the project, or remove the symlink.',
                file: toPosix(path.join(base, within)),
                line: 1,
                column: 1,
              });
              continue;
            }
            const st = statSync(real);
            isDir = st.isDirectory();
            isFile = st.isFile();
          } catch {
            continue;
          }
          // The concurrent walk listed linked folders after the plain ones (their realpath came back later).
          if (isDir) {
            links.push({ base, relDir: within });
            continue;
          }
        }
        if (isDir) next.push({ base, relDir: within });
        else if (isFile && exts.some((x) => e.name.endsWith(x))) {
          const rel = prefix + e.name;
          if (!seen.has(rel)) {
            seen.add(rel);
            files.push({ rel, within, base });
          }
        }
      }
      for (const l of links) next.push(l);
    }
    level = next;
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, diagnostics };
}

/** readFileSync's options as an object: a string is copied into a new options object on every call. */
const UTF8: { encoding: 'utf8'; flag: string } = Object.freeze({ encoding: 'utf8', flag: 'r' });

/** Reads many files with bounded concurrency; unreadable ones become diagnostics. */
export async function readAll(root: string, rels: readonly string[]): Promise<{ texts: (string | undefined)[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  // Synchronous reads: project files are small, and fs.promises.readFile pays
  // four thread-pool round trips (open, fstat, read, close) per file, several
  // times the cost of the read itself on a 10,000-file project.
  // rel is already normalised and inside root: plain concatenation names the same file without path.join's normalising.
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const texts = rels.map((rel) => {
    try {
      return readFileSync(prefix + rel, UTF8);
    } catch (err) {
      diagnostics.push({
        code: 'FLOE_FILE_UNREADABLE',
        severity: 'error',
        message: `cannot read ${rel}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
        hint: 'Check the file permissions.',
        file: rel,
      });
      return undefined;
    }
  });
  return { texts, diagnostics };
}

export async function readOptional(abs: string): Promise<string | undefined> {
  try {
    // Synchronous like readAll: a handful of small files, and fs.promises costs thread-pool round trips.
    return readFileSync(abs, UTF8);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}
