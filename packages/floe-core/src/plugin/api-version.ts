/**
 * The plugin contract version this floe-core implements. A plugin declares
 * the version it was built against; it loads when the major is equal and its
 * minor is not newer than core's (a newer minor may use hooks core lacks).
 */
export const PLUGIN_API_VERSION = '1.1';

/** True when a plugin built for `pluginVersion` loads in this core: same major, minor not newer. */
export function isCompatibleApiVersion(pluginVersion: string, coreVersion: string = PLUGIN_API_VERSION): boolean {
  const p = parseMajorMinor(pluginVersion);
  const c = parseMajorMinor(coreVersion);
  if (!p || !c) return false;
  return p[0] === c[0] && p[1] <= c[1];
}

function parseMajorMinor(v: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
