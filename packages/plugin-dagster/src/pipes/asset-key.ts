/**
 * Asset keys cross the Pipes boundary as escaped user strings: parts joined
 * with `/`, a literal `/` or `\` inside a part escaped with `\`
 * (Dagster's AssetKey.to_escaped_user_string).
 */
export function escapeAssetKey(parts: readonly string[]): string {
  return parts.map((p) => p.replace(/\\/g, '\\\\').replace(/\//g, '\\/')).join('/');
}

export function parseAssetKey(key: string): string[] {
  const parts: string[] = [];
  let current = '';
  let escaped = false;
  for (const ch of key) {
    if (escaped) {
      current += ch;
      escaped = false;
    } else if (ch === '\\') escaped = true;
    else if (ch === '/') {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current) parts.push(current);
  return parts;
}
