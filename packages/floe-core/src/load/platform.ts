import type { DiagnosticBag, FloeErrorCode } from '../errors';
import type { ComputeDecl, EnvironmentDecl, PlatformDecl } from '../project/types';
import { isPlainMap } from './config-tree';
import { platformYamlSchema } from './schemas';
import { checkPlatformSecrets } from './secrets';
import type { ParsedYaml, YamlPath } from './yaml-file';
import { zodIssuesToDiagnostics } from './zod-diagnostics';

function computeDecl(name: string, entry: Record<string, unknown>, path: YamlPath, y: ParsedYaml): ComputeDecl {
  const at = y.locate(path);
  return {
    name,
    type: String(entry.type),
    config: entry,
    at,
    locate: (p) => (p.length === 0 ? at : y.locate([...path, ...p])),
    locateKey: (p) => (p.length === 0 ? at : y.locateKey([...path, ...p])),
  };
}

/** platform.yaml → PlatformDecl. Compute entries are checked only for shape and literal secrets. */
export function readPlatformYaml(value: unknown, file: string, y: ParsedYaml, bag: DiagnosticBag): PlatformDecl | undefined {
  const parsed = platformYamlSchema.safeParse(value);
  if (!parsed.success) {
    const codeFor = (p: YamlPath): FloeErrorCode | undefined => (p.length === 1 && (p[0] === 'apiVersion' || p[0] === 'kind') ? 'FLOE_API_VERSION_UNSUPPORTED' : undefined);
    bag.addAll(zodIssuesToDiagnostics(parsed.error.issues, platformYamlSchema, y, value, codeFor));
  }
  const envs = isPlainMap(value) && isPlainMap(value.environments) ? value.environments : {};
  const environments: Record<string, EnvironmentDecl> = {};
  for (const [envName, env] of Object.entries(envs)) {
    const compute: Record<string, ComputeDecl> = {};
    const computes = isPlainMap(env) && isPlainMap(env.compute) ? env.compute : {};
    for (const [name, entry] of Object.entries(computes)) {
      const path = ['environments', envName, 'compute', name];
      if (!isPlainMap(entry)) continue;
      checkPlatformSecrets(entry, path, y, bag);
      if (typeof entry.type === 'string') compute[name] = computeDecl(name, entry, path, y);
    }
    environments[envName] = { name: envName, compute, at: y.locateKey(['environments', envName]) };
  }
  return { path: file, environments, defaultEnvironment: 'dev' };
}

/** Exposed for dbt mode (profiles.yml → one compute named `default`). */
export { computeDecl };
