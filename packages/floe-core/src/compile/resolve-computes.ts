import { DiagnosticBag, type SourcePosition } from '../errors';
import type { Dialect } from '../plugin/dialect';
import { isSecretRef } from '../plugin/config-helpers';
import type { PluginRegistry } from '../plugin/registry';
import type { TargetConfigBase, TargetPlugin } from '../plugin/target-plugin';
import type { ComputeDecl, LoadedProject } from '../project/types';
import { didYouMean } from '../util/did-you-mean';

/** The target type used when no platform.yaml names a compute. */
export const DEFAULT_TARGET_TYPE = 'duckdb';

export interface ResolvedCompute {
  name: string;
  plugin: TargetPlugin<TargetConfigBase>;
  /** Parsed by the plugin's schema; references stay references. */
  config: TargetConfigBase;
  dialect: Dialect;
}

/**
 * Resolves logical compute names to target plugins for one environment,
 * lazily (a model's config() may name a compute), validating each entry with
 * its plugin's schema and placing errors at the entry's file:line:col.
 */
export class ComputeResolver {
  private readonly cache = new Map<string, ResolvedCompute | null>();
  readonly environment: string;
  private readonly envDecl: Record<string, ComputeDecl> | undefined;

  constructor(
    private readonly project: LoadedProject,
    private readonly registry: PluginRegistry,
    environment: string | undefined,
    private readonly bag: DiagnosticBag,
  ) {
    const platform = project.platform;
    this.environment = environment ?? platform?.defaultEnvironment ?? 'dev';
    if (platform) {
      const env = platform.environments[this.environment];
      if (!env) {
        const known = Object.keys(platform.environments);
        const guess = didYouMean(this.environment, known);
        bag.error(
          'FLOE_ENVIRONMENT_UNKNOWN',
          `environment "${this.environment}" is not defined in ${platform.path}${guess ? `; did you mean "${guess}"?` : ''}`,
          { file: platform.path, line: 1, column: 1 },
          `Defined environments: ${known.join(', ') || 'none'}. Pick one with --env or FLOE_ENV.`,
        );
      }
      this.envDecl = env?.compute;
    }
  }

  /** False when the environment itself is unknown (already reported). */
  get usable(): boolean {
    return !this.project.platform || this.envDecl !== undefined;
  }

  resolve(name: string, at: SourcePosition): ResolvedCompute | undefined {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const resolved = this.resolveUncached(name, at);
    this.cache.set(name, resolved ?? null);
    return resolved;
  }

  resolved(): ResolvedCompute[] {
    return [...this.cache.values()].filter((c): c is ResolvedCompute => c !== null);
  }

  private resolveUncached(name: string, at: SourcePosition): ResolvedCompute | undefined {
    if (!this.project.platform) return this.defaultCompute(name);
    if (!this.envDecl) return undefined;
    const decl = this.envDecl[name];
    if (!decl) {
      const known = Object.keys(this.envDecl);
      const guess = didYouMean(name, known);
      this.bag.error(
        'FLOE_COMPUTE_UNKNOWN',
        `compute "${name}" is not defined for environment "${this.environment}"${guess ? `; did you mean "${guess}"?` : ''}`,
        at,
        `Add it under environments.${this.environment}.compute in ${this.project.platform.path} (defined: ${known.join(', ') || 'none'}).`,
      );
      return undefined;
    }
    const plugin = this.registry.findTarget(decl.type);
    if (!plugin) {
      const known = this.registry.targets().map((t) => t.name);
      const guess = didYouMean(decl.type, known);
      this.bag.error(
        'FLOE_TARGET_UNKNOWN',
        `unknown target type "${decl.type}"${guess ? `; did you mean "${guess}"?` : ''}`,
        decl.locate(['type']),
        `Known types: ${known.sort().join(', ')}. A third-party target is installed with npm and listed under plugins: in floe.yaml.`,
      );
      return undefined;
    }
    if (!this.checkExperimental(plugin, decl.locate(['type']))) return undefined;
    const parsed = plugin.configSchema.safeParse(decl.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const keys = (issue as { keys?: string[] }).keys;
        const where = keys?.length ? decl.locateKey([...path, keys[0]!]) : decl.locate(path);
        const label = [...path, ...(keys ?? [])].join('.') || 'entry';
        this.bag.error(
          'FLOE_TARGET_CONFIG_INVALID',
          `compute "${name}" (${decl.type}): ${label}: ${issue.message}`,
          where,
          `See the ${decl.type} target's settings in docs/targets.md.`,
        );
      }
      return undefined;
    }
    return { name, plugin, config: parsed.data, dialect: plugin.createDialect(parsed.data) };
  }

  private defaultCompute(name: string): ResolvedCompute | undefined {
    const plugin = this.registry.findTarget(DEFAULT_TARGET_TYPE);
    if (!plugin?.defaultConfig) {
      this.bag.error('FLOE_TARGET_UNKNOWN', `no platform.yaml and the default "${DEFAULT_TARGET_TYPE}" target is not registered`, {
        file: 'floe.yaml',
        line: 1,
        column: 1,
      });
      return undefined;
    }
    const config = plugin.defaultConfig(this.project.root);
    return { name, plugin, config, dialect: plugin.createDialect(config) };
  }

  private checkExperimental(plugin: TargetPlugin<TargetConfigBase>, at: SourcePosition): boolean {
    if (plugin.stability !== 'experimental' || this.project.experimental.includes(plugin.name)) return true;
    this.bag.error(
      'FLOE_EXPERIMENTAL_NOT_ENABLED',
      `target "${plugin.name}" is experimental and not enabled for this project`,
      at,
      `Add "experimental: [${plugin.name}]" to floe.yaml to opt in.`,
    );
    return false;
  }
}

/** A compute's config as written into artifacts: references kept, literal secrets never (they are refused at load). */
export function artifactConfig(config: TargetConfigBase): Record<string, unknown> {
  return redactLiterals(config) as Record<string, unknown>;
}

const SECRET_KEY = /password|passphrase|token|secret|private_key|api_key|credentials/i;

function redactLiterals(value: unknown, key = ''): unknown {
  if (isSecretRef(value)) return value;
  if (Array.isArray(value)) return value.map((v) => redactLiterals(v, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactLiterals(v, k);
    return out;
  }
  if (typeof value === 'string' && SECRET_KEY.test(key)) return '[REDACTED]';
  return value;
}
