/**
 * The site's index.html. Scripts are plain <script src> tags (no modules, no
 * fetch), so the page works when opened from file://. `liveReloadUrl` is set
 * only by `floe docs serve`, which injects it when serving the page.
 */
export function indexHtml(title: string, options: { liveReloadUrl?: string } = {}): string {
  const live = options.liveReloadUrl ? `<script>window.__FLOE_LIVE__=${JSON.stringify(options.liveReloadUrl)};</script>\n` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="floe docs">
<title>${escapeHtml(title)} · floe docs</title>
<link rel="stylesheet" href="assets/app.css">
</head>
<body>
<div id="app"><p style="padding:1em">Loading…</p></div>
<noscript>The floe docs page needs JavaScript.</noscript>
${live}<script src="assets/data.js"></script>
<script src="assets/app.js"></script>
</body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Adds the live-reload hook to a generated index.html (used by the server). */
export function withLiveReload(html: string, url: string): string {
  return html.replace('<script src="assets/data.js">', `<script>window.__FLOE_LIVE__=${JSON.stringify(url)};</script>\n<script src="assets/data.js">`);
}
