'use strict';
// A V8 code cache for the CommonJS files the floe CLI loads (its bundle, zod, yaml, commander,
// ...). Compiling those ~250 files is a large part of a short command's start-up; with the cache
// V8 deserialises them instead. Node >= 22.1 has this built in (module.enableCompileCache), which
// is used when present. On Node 20 the CommonJS loader has no hook for cached data, so
// Module.prototype._compile is wrapped here, as the v8-compile-cache package does. A script
// compiled that way cannot run import() on Node 20 (no loader callback without
// --experimental-vm-modules), so a file whose text has `import(` takes Node's own path.
//
// The cache is one file under $XDG_CACHE_HOME/floe/compile-cache (default ~/.cache/floe/...),
// keyed by Node version and architecture; each entry is checked against a hash of the file's
// source. It is written at exit, only when a file had no usable entry (the first run, or after an
// upgrade). Any problem (read-only home, a corrupt file) only means running without it.
// FLOE_NO_COMPILE_CACHE=1 turns it off.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const Module = require('node:module');
const vm = require('node:vm');

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'floe', 'compile-cache');
}

function enable() {
  if (process.env.FLOE_NO_COMPILE_CACHE === '1') return;
  if (typeof Module.enableCompileCache === 'function') {
    try {
      Module.enableCompileCache(cacheDir());
    } catch {
      // running without a cache
    }
    return;
  }
  // Source maps (--enable-source-maps) are registered by Node's own compile path only.
  const opts = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS || ''}`;
  if (opts.includes('--enable-source-maps')) return;
  hookCompile(path.join(cacheDir(), `v8-${process.version}-${process.arch}.bin`));
}

/**
 * Opens the cache file: a 4-byte index length, a JSON index {file: [hash, offset, length]}, then
 * the data. Only the index is read here; an entry's bytes are read when its file loads (the
 * cache also holds the files of other commands, such as zod for `floe run`, that this one
 * may never load). The descriptor stays open, so a concurrent rewrite (a rename) is not seen.
 */
function openCache(file) {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(4);
      fs.readSync(fd, head, 0, 4, 0);
      const n = head.readUInt32LE(0);
      const text = Buffer.alloc(n);
      if (fs.readSync(fd, text, 0, n, 4) !== n) throw new Error('short cache index');
      return { fd, index: JSON.parse(text.toString('utf8')), base: 4 + n };
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  } catch {
    return { fd: undefined, index: {}, base: 0 };
  }
}

/** The bytes of one entry, or undefined when they cannot be read. */
function readEntry(cache, entry) {
  try {
    const data = Buffer.alloc(entry[2]);
    return fs.readSync(cache.fd, data, 0, entry[2], cache.base + entry[1]) === entry[2] ? data : undefined;
  } catch {
    return undefined;
  }
}

// Also matches in comments and strings: such a file is merely not cached.
const DYNAMIC_IMPORT = /\bimport\s*\(/;

function hookCompile(file) {
  const cache = openCache(file);
  /** Scripts compiled without a usable entry, to serialise at exit (after they ran, so the
   * functions the command called are compiled and included too). */
  const fresh = new Map();
  const originalCompile = Module.prototype._compile;

  Module.prototype._compile = function compileWithCache(content, filename) {
    // Only plain CommonJS files without import(); anything else goes through Node's own path.
    if (typeof content !== 'string' || !(filename.endsWith('.js') || filename.endsWith('.cjs')) || DYNAMIC_IMPORT.test(content)) {
      return originalCompile.call(this, content, filename);
    }
    const hash = crypto.createHash('sha1').update(content).digest('base64');
    const entry = cache.index[filename];
    const cachedData = entry && entry[0] === hash ? readEntry(cache, entry) : undefined;
    let script;
    try {
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
    } catch {
      return originalCompile.call(this, content, filename); // let Node report the syntax error
    }
    if (!cachedData || script.cachedDataRejected) fresh.set(filename, { hash, script });
    const fn = script.runInThisContext({ displayErrors: true });
    const mod = this;
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return fn.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    if (fresh.size === 0) return;
    try {
      const parts = [];
      const index = {};
      let offset = 0;
      const add = (name, hash, data) => {
        index[name] = [hash, offset, data.length];
        parts.push(data);
        offset += data.length;
      };
      for (const [name, e] of Object.entries(cache.index)) {
        // entries of files loaded by other commands stay; those of deleted files (old builds) go
        const data = !fresh.has(name) && fs.existsSync(name) ? readEntry(cache, e) : undefined;
        if (data) add(name, e[0], data);
      }
      for (const [name, { hash, script }] of fresh) add(name, hash, script.createCachedData());
      const head = Buffer.from(JSON.stringify(index));
      const len = Buffer.alloc(4);
      len.writeUInt32LE(head.length, 0);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.concat([len, head, ...parts]));
      fs.renameSync(tmp, file); // atomic: a concurrent floe reads the old or the new file
    } catch {
      // the cache is only an optimisation
    }
  });
}

module.exports = { enable };
