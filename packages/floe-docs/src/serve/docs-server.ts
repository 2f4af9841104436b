import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { withLiveReload } from '../site/index-html';

export const LIVE_RELOAD_PATH = '/__floe/events';

export interface DocsServerOptions {
  /** The generated site (target/docs). */
  dir: string;
  /** 0 picks a free port. */
  port: number;
}

export interface DocsServer {
  url: string;
  port: number;
  /** Tells every open page to reload (Server-Sent Events). */
  reload(): void;
  /** Number of pages listening for reloads. */
  clients(): number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the docs site on 127.0.0.1 only, with a live-reload channel: pages
 * served here listen on an SSE stream and reload when `reload()` is called.
 */
export function serveDocs(options: DocsServerOptions): Promise<DocsServer> {
  const listeners = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    handle(options.dir, listeners, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const heartbeat = setInterval(() => {
    for (const l of listeners) l.write(': keep-alive\n\n');
  }, 15000);
  heartbeat.unref();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        port,
        reload() {
          for (const l of listeners) l.write(`event: reload\ndata: ${Date.now()}\n\n`);
        },
        clients: () => listeners.size,
        close() {
          clearInterval(heartbeat);
          for (const l of listeners) l.end();
          listeners.clear();
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeAllConnections();
          return closed;
        },
      });
    });
  });
}

async function handle(dir: string, listeners: Set<ServerResponse>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === LIVE_RELOAD_PATH) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    listeners.add(res);
    req.on('close', () => listeners.delete(res));
    return;
  }
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const root = normalize(dir + sep);
  const path = normalize(join(root, rel));
  if (!path.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  let body: Buffer | string;
  try {
    body = await readFile(path);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    return;
  }
  if (path === join(root, 'index.html')) body = withLiveReload(body.toString('utf8'), LIVE_RELOAD_PATH);
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
