import { FloeError } from '@floe/core';
import { parseFlinkErrors, type FlinkErrorDetail } from './flink-errors';

/** Options shared by the Flink REST clients. */
export interface RestClientOptions {
  /** Base URL without API version, e.g. `http://127.0.0.1:8083`. */
  url: string;
  /** Per-request timeout. Default 30 s. */
  requestTimeoutMs?: number;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/** A Flink REST endpoint answered with a non-2xx status. */
export class FlinkRequestError extends FloeError {
  readonly status: number;
  readonly flink: FlinkErrorDetail;
  constructor(service: string, method: string, path: string, status: number, detail: FlinkErrorDetail) {
    super('FLOE_FLINK_REQUEST_FAILED', `${service} answered ${method} ${path} with HTTP ${status}: ${detail.message}`);
    this.status = status;
    this.flink = detail;
  }
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Status codes that are returned as `undefined` instead of thrown (e.g. 404 for "gone"). */
  allow?: readonly number[];
}

/** A small JSON-over-HTTP helper that turns every failure into a FloeError with a stable code. */
export class RestTransport {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(readonly service: string, options: RestClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers: options.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      throw this.connectionError(method, path, e, timeoutMs);
    }
    if (!res.ok) {
      if (options.allow?.includes(res.status)) return undefined as T;
      throw new FlinkRequestError(this.service, method, path, res.status, parseFlinkErrors(errorsOf(text)));
    }
    if (text.trim() === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new FloeError('FLOE_FLINK_REQUEST_FAILED', `${this.service} answered ${method} ${path} with a body that is not JSON: ${JSON.stringify(text.slice(0, 200))}`, { cause: e });
    }
  }

  /** Resolves a path the server returned (e.g. `nextResultUri`, which starts with `/v1/...`). */
  resolve(serverPath: string): string {
    return new URL(serverPath, `${this.baseUrl}/`).pathname + new URL(serverPath, `${this.baseUrl}/`).search;
  }

  malformed(what: string, value: unknown): FloeError {
    return new FloeError('FLOE_FLINK_REQUEST_FAILED', `${this.service} returned an unexpected response for ${what}: ${JSON.stringify(value)?.slice(0, 300)}`);
  }

  private connectionError(method: string, path: string, e: unknown, timeoutMs: number): FloeError {
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const timedOut = err?.name === 'TimeoutError' || err?.name === 'AbortError';
    const reason = timedOut ? `no answer within ${timeoutMs} ms` : (err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e));
    return new FloeError('FLOE_CONNECTION_FAILED', `Could not reach the ${this.service} at ${this.baseUrl} (${method} ${path}): ${reason}`, {
      cause: e,
      hint: this.baseUrl.includes('127.0.0.1') || this.baseUrl.includes('localhost')
        ? 'Is the local stack running? `floe dev up` (or `node tools/dev-stack/stack.mjs up`) starts it.'
        : 'Check the URL in platform.yaml and that the service is up and reachable from here.',
    });
  }
}

function errorsOf(text: string): string[] {
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(body.errors)) return body.errors.map(String);
  } catch {
    /* not JSON: use the raw text */
  }
  return [text.slice(0, 2000)];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Waits `ms`, or rejects early if `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal?.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Bounded exponential backoff: 100 ms, 200 ms, … capped at `maxMs`. */
export function backoff(attempt: number, minMs = 100, maxMs = 2_000): number {
  return Math.min(maxMs, minMs * 2 ** Math.min(attempt, 16));
}
