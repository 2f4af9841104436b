import { z } from 'zod';
import { FloeError } from '../errors';
import { didYouMean } from '../util/did-you-mean';
import { isCompatibleApiVersion, PLUGIN_API_VERSION } from './api-version';
import { isFloePlugin, type FloePlugin, type OrchestratorPlugin, type TargetConfigBase, type TargetPlugin } from './target-plugin';

/** Shape check of a plugin object, so a broken third-party export fails with a clear message. */
const PluginShape = z.object({
  kind: z.enum(['target', 'orchestrator']),
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lowercase name like "duckdb"'),
  apiVersion: z.string().regex(/^\d+\.\d+$/, 'major.minor, e.g. "1.0"'),
  stability: z.enum(['stable', 'experimental']),
  configSchema: z.custom<z.ZodType>((v) => typeof v === 'object' && v !== null && typeof (v as { safeParse?: unknown }).safeParse === 'function', 'a zod schema'),
});
const TargetShape = PluginShape.extend({
  capabilities: z.object({ executionModel: z.enum(['batch', 'streaming']), materializations: z.array(z.string()) }).loose(),
  createDialect: z.custom<(...a: unknown[]) => unknown>((v) => typeof v === 'function', 'a function'),
  connect: z.custom<(...a: unknown[]) => unknown>((v) => typeof v === 'function', 'a function'),
});
const OrchestratorShape = PluginShape.extend({
  emit: z.custom<(...a: unknown[]) => unknown>((v) => typeof v === 'function', 'a function'),
});

/** Checks that a value is a well-formed plugin compatible with this core. Throws FloeError otherwise. */
export function assertPlugin(value: unknown, origin: string): FloePlugin {
  if (!isFloePlugin(value)) {
    throw new FloeError('FLOE_PLUGIN_INVALID', `${origin} does not export a Floe plugin made with defineTarget() or defineOrchestrator()`, {
      hint: 'Export the plugin as the default export (or as `plugin`) of the package.',
    });
  }
  const shape = (value as { kind?: unknown }).kind === 'orchestrator' ? OrchestratorShape : TargetShape;
  const parsed = shape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FloeError('FLOE_PLUGIN_INVALID', `${origin} exports an invalid plugin: ${issue?.path.join('.') || 'plugin'}: ${issue?.message}`);
  }
  if (!isCompatibleApiVersion(value.apiVersion)) {
    throw new FloeError(
      'FLOE_PLUGIN_INCOMPATIBLE',
      `${origin} (plugin "${value.name}") was built for plugin API ${value.apiVersion}; this floe-core implements ${PLUGIN_API_VERSION}`,
      { hint: 'Install a version of the plugin built for this Floe, or upgrade Floe.' },
    );
  }
  return value;
}

/**
 * The explicit plugin registry. Built-in plugins are registered by the CLI
 * (or by a library user); packages named under `plugins:` are added by
 * `loadProjectPlugins`. Nothing registers itself by import side effect.
 */
export class PluginRegistry {
  private readonly targetsByName = new Map<string, TargetPlugin<TargetConfigBase>>();
  private readonly orchestratorsByName = new Map<string, OrchestratorPlugin<unknown>>();
  private readonly origins = new Map<string, string>();

  constructor(plugins: readonly FloePlugin[] = []) {
    for (const p of plugins) this.register(p);
  }

  register(plugin: FloePlugin, origin = `built-in plugin "${plugin.name}"`): this {
    assertPlugin(plugin, origin);
    const key = `${plugin.kind}:${plugin.name}`;
    const existing = this.origins.get(key);
    if (existing) {
      throw new FloeError('FLOE_PLUGIN_DUPLICATE', `${plugin.kind} "${plugin.name}" is registered twice (${existing} and ${origin})`);
    }
    this.origins.set(key, origin);
    if (plugin.kind === 'target') this.targetsByName.set(plugin.name, plugin);
    else this.orchestratorsByName.set(plugin.name, plugin);
    return this;
  }

  hasTarget(name: string): boolean {
    return this.targetsByName.has(name);
  }

  findTarget(name: string): TargetPlugin<TargetConfigBase> | undefined {
    return this.targetsByName.get(name);
  }

  getTarget(name: string): TargetPlugin<TargetConfigBase> {
    const t = this.targetsByName.get(name);
    if (t) return t;
    throw new FloeError('FLOE_TARGET_UNKNOWN', unknownMessage('target type', name, [...this.targetsByName.keys()]), {
      hint: `Install a package that provides the "${name}" target and list it under plugins: in floe.yaml.`,
    });
  }

  getOrchestrator(name: string): OrchestratorPlugin<unknown> {
    const o = this.orchestratorsByName.get(name);
    if (o) return o;
    throw new FloeError('FLOE_PLUGIN_NOT_FOUND', unknownMessage('orchestrator', name, [...this.orchestratorsByName.keys()]));
  }

  targets(): TargetPlugin<TargetConfigBase>[] {
    return [...this.targetsByName.values()];
  }

  orchestrators(): OrchestratorPlugin<unknown>[] {
    return [...this.orchestratorsByName.values()];
  }

  originOf(kind: 'target' | 'orchestrator', name: string): string | undefined {
    return this.origins.get(`${kind}:${name}`);
  }
}

function unknownMessage(what: string, name: string, known: string[]): string {
  const guess = didYouMean(name, known);
  return `unknown ${what} "${name}"${guess ? `; did you mean "${guess}"?` : ''} (known: ${known.sort().join(', ') || 'none'})`;
}
