import { getMaxListeners } from 'node:events';
import { z } from 'zod';
import { DEFAULT_CAPABILITIES, FloeError, defineTarget, type BatchConnection, type CompiledNode } from '../../src';

export interface FakeLog {
  configs: unknown[];
  started: string[];
  finished: string[];
  maxConcurrent: number;
  closed: number;
  /** The lowest listener limit seen on a node's AbortSignal. */
  signalMaxListeners?: number;
}

/**
 * Test-only in-memory target. Node config drives it: `sleep` (ms), `fail`
 * (throws), `failures` (test failing rows). Honors the AbortSignal.
 */
export function fakeTarget(log: FakeLog) {
  let running = 0;
  const work = async (node: CompiledNode, signal?: AbortSignal) => {
    log.started.push(node.id);
    running++;
    log.maxConcurrent = Math.max(log.maxConcurrent, running);
    if (signal) log.signalMaxListeners = Math.min(log.signalMaxListeners ?? Infinity, getMaxListeners(signal));
    try {
      const ms = Number(node.config['sleep'] ?? 5);
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new FloeError('FLOE_RUN_CANCELLED', `${node.name} interrupted`));
        }, { once: true });
        if (signal?.aborted) {
          clearTimeout(t);
          reject(new FloeError('FLOE_RUN_CANCELLED', `${node.name} interrupted`));
        }
      });
      if (node.config['fail']) throw new FloeError('FLOE_NODE_FAILED', `${node.name}: boom`);
    } finally {
      running--;
      log.finished.push(node.id);
    }
  };
  return defineTarget({
    name: 'fake',
    apiVersion: '1.0',
    stability: 'stable',
    configSchema: z.object({ type: z.literal('fake'), token: z.string().optional(), nested: z.object({ pw: z.string() }).optional() }),
    capabilities: DEFAULT_CAPABILITIES,
    createDialect: () => ({ name: 'fake', quoteIdentifier: (s) => `"${s}"`, quoteLiteral: (s) => `'${s}'`, renderRelation: (r) => `${r.schema}.${r.identifier}`, mapType: (t) => t, defaultSchema: 'main' }),
    async connect(config): Promise<BatchConnection> {
      log.configs.push(config);
      return {
        async execute() {
          return { columns: [], rows: [] };
        },
        async close() {
          log.closed++;
        },
        async runNode(node, options) {
          await work(node, options.signal);
          return { rowsAffected: 1, message: 'OK' };
        },
        async runTest(node, options) {
          await work(node, options.signal);
          return { failures: Number(node.config['failures'] ?? 0) };
        },
      };
    },
  });
}

export function newLog(): FakeLog {
  return { configs: [], started: [], finished: [], maxConcurrent: 0, closed: 0 };
}
