import type { z } from 'zod';
import { FloeError } from '../errors';
import { didYouMean } from '../util/did-you-mean';
import { memo } from '../util/lazy';
import { isLazySchema, zodLib } from '../util/lazy-schema';
import { isCompatibleApiVersion, PLUGIN_API_VERSION } from './api-version';
import { isFloePlugin, type FloePlugin, type OrchestratorPlugin, type TargetConfigBase, type TargetPlugin } from './target-plugin';

/** Shape check of a plugin object, so a broken third-party export fails with a clear message. */
const pluginShapes = memo(() => {
  const z = zodLib();
  const PluginShape = z.object({
    kind: z.enum(['target', 'orchestrator']),
    name: z.string().regex(PLUGIN_NAME_RE, 'a lowercase name like "duckdb"'),
    apiVersion: z.string().regex(API_VERSION_RE, 'major.minor, e.g. "1.0"'),
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
  return { target: TargetShape, orchestrator: OrchestratorShape };
});
const PLUGIN_NAME_RE = /^[a-z][a-z0-9_-]*$/;
const API_VERSION_RE = /^\d+\.\d+$/;

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFunction = (v: unknown): boolean => typeof v === 'function';

/**
 * True only when the zod shape check above would pass (it is never looser), so a
 * well-formed plugin is accepted without loading zod; anything else goes to zod,
 * which writes the message. A lazySchema config schema counts as a zod schema unbuilt.
 */
function hasPluginShape(value: unknown, kind: unknown): boolean {
  if (!isObject(value)) return false;
  const { name, apiVersion, stability, configSchema } = value;
  if (value.kind !== kind || (stability !== 'stable' && stability !== 'experimental')) return false;
  if (typeof name !== 'string' || !PLUGIN_NAME_RE.test(name) || typeof apiVersion !== 'string' || !API_VERSION_RE.test(apiVersion)) return false;
  if (!isLazySchema(configSchema) && !(isObject(configSchema) && isFunction(configSchema.safeParse))) return false;
  if (kind === 'orchestrator') return isFunction(value.emit);
  const caps = value.capabilities;
  if (!isObject(caps) || (caps.executionModel !== 'batch' && caps.executionModel !== 'streaming')) return false;
  const mats = caps.materializations;
  if (!Array.isArray(mats)) return false;
  for (let i = 0; i < mats.length; i++) if (typeof mats[i] !== 'string') return false;
  return isFunction(value.createDialect) && isFunction(value.connect);
}

/** Checks that a value is a well-formed plugin compatible with this core. Throws FloeError otherwise. */
export function assertPlugin(value: unknown, origin: string): FloePlugin {
  if (!isFloePlugin(value)) {
    throw new FloeError('FLOE_PLUGIN_INVALID', `${origin} does not export a Floe plugin made with defineTarget() or defineOrchestrator()`, {
      hint: 'Export the plugin as the default export (or as `plugin`) of the package.',
    });
  }
  const kind = (value as { kind?: unknown }).kind === 'orchestrator' ? 'orchestrator' : 'target';
  const parsed = hasPluginShape(value, kind) ? undefined : pluginShapes()[kind].safeParse(value);
  if (parsed && !parsed.success) {
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

type PluginKind = FloePlugin['kind'];

/** One registered plugin, or a built-in one whose module is not imported yet (registerLazyPlugin). */
interface Slot {
  kind: PluginKind;
  name: string;
  origin: string;
  plugin?: FloePlugin;
  load?: () => unknown;
}

// Each registry's plugins by `kind:name`, in registration order. Kept beside the class (not a
// member) so registerLazyPlugin, on the internal surface only, can add to it.
const slotsOf = new WeakMap<PluginRegistry, Map<string, Slot>>();

/**
 * The explicit plugin registry. Built-in plugins are registered by the CLI
 * (or by a library user); packages named under `plugins:` are added by
 * `loadProjectPlugins`. Nothing registers itself by import side effect.
 */
export class PluginRegistry {
  constructor(plugins: readonly FloePlugin[] = []) {
    slotsOf.set(this, new Map());
    for (const p of plugins) this.register(p);
  }

  register(plugin: FloePlugin, origin = `built-in plugin "${plugin.name}"`): this {
    assertPlugin(plugin, origin);
    addSlot(this, { kind: plugin.kind, name: plugin.name, origin, plugin });
    return this;
  }

  hasTarget(name: string): boolean {
    return this.slots.has(`target:${name}`);
  }

  findTarget(name: string): TargetPlugin<TargetConfigBase> | undefined {
    return this.pluginOf('target', name) as TargetPlugin<TargetConfigBase> | undefined;
  }

  getTarget(name: string): TargetPlugin<TargetConfigBase> {
    const t = this.findTarget(name);
    if (t) return t;
    throw new FloeError('FLOE_TARGET_UNKNOWN', unknownMessage('target type', name, this.names('target')), {
      hint: `Install a package that provides the "${name}" target and list it under plugins: in floe.yaml.`,
    });
  }

  getOrchestrator(name: string): OrchestratorPlugin<unknown> {
    const o = this.pluginOf('orchestrator', name) as OrchestratorPlugin<unknown> | undefined;
    if (o) return o;
    throw new FloeError('FLOE_PLUGIN_NOT_FOUND', unknownMessage('orchestrator', name, this.names('orchestrator')));
  }

  targets(): TargetPlugin<TargetConfigBase>[] {
    return this.names('target').map((n) => this.findTarget(n)!);
  }

  orchestrators(): OrchestratorPlugin<unknown>[] {
    return this.names('orchestrator').map((n) => this.getOrchestrator(n));
  }

  originOf(kind: 'target' | 'orchestrator', name: string): string | undefined {
    return this.slots.get(`${kind}:${name}`)?.origin;
  }

  private get slots(): Map<string, Slot> {
    return slotsOf.get(this)!;
  }

  /** Names of one kind, in registration order; imports nothing. */
  private names(kind: PluginKind): string[] {
    const out: string[] = [];
    for (const s of this.slots.values()) if (s.kind === kind) out.push(s.name);
    return out;
  }

  /** The plugin of that kind and name, importing a lazily registered one on first use. */
  private pluginOf(kind: PluginKind, name: string): FloePlugin | undefined {
    const slot = this.slots.get(`${kind}:${name}`);
    if (!slot) return undefined;
    if (!slot.plugin) {
      const plugin = assertPlugin(slot.load!(), slot.origin);
      if (plugin.kind !== kind || plugin.name !== name) {
        throw new FloeError('FLOE_PLUGIN_INVALID', `${slot.origin} was registered as ${kind} "${name}" but exports ${plugin.kind} "${plugin.name}"`);
      }
      slot.plugin = plugin;
      slot.load = undefined;
    }
    return slot.plugin;
  }
}

function addSlot(registry: PluginRegistry, slot: Slot): void {
  const slots = slotsOf.get(registry)!;
  const key = `${slot.kind}:${slot.name}`;
  const existing = slots.get(key);
  if (existing) {
    throw new FloeError('FLOE_PLUGIN_DUPLICATE', `${slot.kind} "${slot.name}" is registered twice (${existing.origin} and ${slot.origin})`);
  }
  slots.set(key, slot);
}

/**
 * Internal (exported from `@floe/core/internal` only): registers a built-in
 * plugin by kind and name; `load` runs, and the export is checked like
 * `register` checks it, the first time the plugin is looked up (findTarget,
 * getTarget, getOrchestrator, targets(), orchestrators()). hasTarget and
 * originOf answer without loading. So `floe compile` imports only the targets
 * the project's computes name, not every SDK wrapper the CLI ships.
 */
export function registerLazyPlugin(
  registry: PluginRegistry,
  kind: PluginKind,
  name: string,
  load: () => unknown,
  origin = `built-in plugin "${name}"`,
): PluginRegistry {
  addSlot(registry, { kind, name, origin, load });
  return registry;
}

function unknownMessage(what: string, name: string, known: string[]): string {
  const guess = didYouMean(name, known);
  return `unknown ${what} "${name}"${guess ? `; did you mean "${guess}"?` : ''} (known: ${known.sort().join(', ') || 'none'})`;
}
