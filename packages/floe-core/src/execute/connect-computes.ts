import type { CompiledArtifacts } from '../artifacts/schema';
import { FloeError, isFloeError } from '../errors';
import type { PluginLogger, TargetConnection } from '../plugin/connection';
import type { PluginRegistry } from '../plugin/registry';
import { resolveRef, resolveReferences, type SecretResolver } from './resolve-references';

export const silentLogger: PluginLogger = { debug() {}, info() {}, warn() {} };

export interface ConnectComputesOptions {
  artifacts: CompiledArtifacts;
  registry: PluginRegistry;
  projectDir: string;
  computes: readonly string[];
  resolveSecret: SecretResolver;
  logger: PluginLogger;
  signal?: AbortSignal;
}

/**
 * Opens one connection per compute. Secret references are resolved here and
 * only here; the resolved config goes to the target and nowhere else. If one
 * compute fails, the ones already open are closed before the error is thrown.
 */
export async function connectComputes(options: ConnectComputesOptions): Promise<Map<string, TargetConnection>> {
  const open = new Map<string, TargetConnection>();
  try {
    for (const name of [...options.computes].sort()) {
      open.set(name, await connectCompute(name, options));
    }
    return open;
  } catch (err) {
    await closeAll(open, options.logger);
    throw err;
  }
}

async function connectCompute(name: string, options: ConnectComputesOptions): Promise<TargetConnection> {
  const compute = options.artifacts.computes[name];
  if (!compute) {
    throw new FloeError('FLOE_COMPUTE_UNKNOWN', `compute "${name}" is used by a node but missing from the artifacts' computes`, {
      hint: 'Re-compile the project for this environment.',
    });
  }
  const plugin = options.registry.getTarget(compute.type);
  const where = `compute "${name}"`;
  const resolved = resolveReferences(compute.config, options.resolveSecret, where) as Record<string, unknown>;
  const parsed = plugin.configSchema.safeParse({ ...resolved, type: compute.type });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The message names the path and the rule, never the value (it may be a resolved secret).
    throw new FloeError('FLOE_TARGET_CONFIG_INVALID', `${where} (${compute.type}): ${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}`);
  }
  try {
    return await plugin.connect(parsed.data, {
      projectDir: options.projectDir,
      resolveSecret: (ref) => resolveRef(ref, options.resolveSecret, where),
      logger: options.logger,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (isFloeError(err)) throw err;
    throw new FloeError('FLOE_CONNECTION_FAILED', `${where} (${compute.type}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export async function closeAll(connections: Map<string, TargetConnection>, logger: PluginLogger): Promise<void> {
  for (const [name, conn] of connections) {
    try {
      await conn.close();
    } catch (err) {
      logger.warn('closing a connection failed', { compute: name, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
