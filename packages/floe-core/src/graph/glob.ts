/**
 * Glob matching as dbt does it: `fnmatch` (Python) for names, tags and fqn
 * parts, and segment-wise `Path.glob` for `path:` selectors. Compiled
 * patterns are cached because a selection tests every node against them.
 */

const fnCache = new Map<string, RegExp | string>();

export function hasWildcard(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

/** Python `fnmatch.fnmatchcase`: `*` any run (including `/` and `.`), `?` one character, `[abc]`, `[!abc]`. */
export function fnmatch(value: string, pattern: string): boolean {
  let compiled = fnCache.get(pattern);
  if (compiled === undefined) {
    compiled = hasWildcard(pattern) ? new RegExp(`^${translate(pattern, false)}$`, 's') : pattern;
    fnCache.set(pattern, compiled);
  }
  return typeof compiled === 'string' ? value === compiled : compiled.test(value);
}

const pathCache = new Map<string, RegExp>();

/**
 * `Path.glob` semantics for one project-relative path: `*` and `?` stay
 * inside one segment, a `**` segment matches any number of segments.
 */
export function pathGlobMatch(path: string, pattern: string): boolean {
  let re = pathCache.get(pattern);
  if (!re) {
    const segs = pattern.split('/');
    let src = '';
    segs.forEach((seg, k) => {
      const last = k === segs.length - 1;
      if (seg === '**') src += last ? '.*' : '(?:[^/]+/)*';
      else src += translate(seg, true) + (last ? '' : '/');
    });
    re = new RegExp(`^${src}$`, 's');
    pathCache.set(pattern, re);
  }
  return re.test(path);
}

function translate(pattern: string, inSegment: boolean): string {
  const any = inSegment ? '[^/]' : '.';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      out += `${any}*`;
    } else if (c === '?') {
      out += any;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return out;
}
