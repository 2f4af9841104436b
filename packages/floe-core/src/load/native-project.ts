import type { DiagnosticBag, FloeErrorCode, SourcePosition } from '../errors';
import type { ProjectPaths, ScheduleDecl } from '../project/types';
import { didYouMean } from '../util/did-you-mean';
import { buildConfigTree, isPlainMap } from './config-tree';
import { checkCron, isValidTimezone, knownTimezones } from './cron';
import { DEFAULT_PATHS, type ProjectHeader } from './header';
import { floeYamlSchema } from './schemas';
import { checkNoSecretsInProject } from './secrets';
import { readSources } from './sources';
import type { ParsedYaml, YamlPath } from './yaml-file';
import { zodIssuesToDiagnostics } from './zod-diagnostics';

const FILE = 'floe.yaml';

function codeFor(path: YamlPath): FloeErrorCode | undefined {
  const p = path.join('.');
  if (p === 'metadata.name') return 'FLOE_NAME_INVALID';
  if (p === 'metadata.version') return 'FLOE_VERSION_INVALID';
  if (p === 'apiVersion' || p === 'kind') return 'FLOE_API_VERSION_UNSUPPORTED';
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** floe.yaml → ProjectHeader; every problem goes into the bag. */
export function readFloeYaml(value: unknown, y: ParsedYaml, bag: DiagnosticBag): ProjectHeader {
  checkNoSecretsInProject(value, y, bag, FILE);
  const parsed = floeYamlSchema.safeParse(value);
  if (!parsed.success) bag.addAll(zodIssuesToDiagnostics(parsed.error.issues, floeYamlSchema, y, value, codeFor));
  const v = isPlainMap(value) ? value : {};
  const meta = isPlainMap(v.metadata) ? v.metadata : {};

  const pathPositions: ProjectHeader['pathPositions'] = [];
  const paths: ProjectPaths = { ...DEFAULT_PATHS };
  const rawPaths = isPlainMap(v.paths) ? v.paths : {};
  const listAt = (key: string): string[] | undefined => {
    const raw = rawPaths[key];
    if (typeof raw === 'string') {
      pathPositions.push({ path: raw, at: y.locate(['paths', key]), what: `paths.${key}` });
      return [raw];
    }
    if (!Array.isArray(raw)) return undefined;
    const out: string[] = [];
    raw.forEach((p, i) => {
      if (typeof p !== 'string') return;
      pathPositions.push({ path: p, at: y.locate(['paths', key, i]), what: `paths.${key}` });
      out.push(p);
    });
    return out;
  };
  for (const key of Object.keys(DEFAULT_PATHS) as (keyof ProjectPaths)[]) {
    const list = listAt(key);
    if (list) paths[key] = list;
  }
  const docsPaths = listAt('docs') ?? paths.models;

  const plugins: ProjectHeader['plugins'] = [];
  if (Array.isArray(v.plugins)) {
    v.plugins.forEach((p, i) => {
      if (typeof p !== 'string') return;
      const at = y.locate(['plugins', i]);
      plugins.push({ specifier: p, at });
      if (p.startsWith('.') || p.startsWith('/')) pathPositions.push({ path: p, at, what: 'plugin path' });
    });
  }

  const header: ProjectHeader = {
    mode: 'native',
    file: FILE,
    name: str(meta.name) ?? '',
    version: str(meta.version) ?? '0.0.0',
    compute: str(v.compute) ?? 'default',
    experimental: Array.isArray(v.experimental) ? v.experimental.filter((x): x is string => typeof x === 'string') : [],
    plugins,
    vars: isPlainMap(v.vars) ? v.vars : {},
    paths,
    docsPaths,
    pathPositions,
    configTrees: {
      models: buildConfigTree(v.models, ['models'], y, bag),
      seeds: buildConfigTree(v.seeds, ['seeds'], y, bag),
      snapshots: buildConfigTree(v.snapshots, ['snapshots'], y, bag),
      tests: buildConfigTree(v.tests, ['tests'], y, bag),
    },
    sources: readSources(v.sources, ['sources'], y, bag, { checkKeys: false }),
    schedules: readSchedules(v.schedules, y, bag),
  };
  const description = str(meta.description);
  if (description !== undefined) header.description = description;
  const owner = str(meta.owner);
  if (owner !== undefined) header.owner = owner;
  return header;
}

function readSchedules(value: unknown, y: ParsedYaml, bag: DiagnosticBag): ScheduleDecl[] {
  if (!Array.isArray(value)) return [];
  const out: ScheduleDecl[] = [];
  const seen = new Map<string, SourcePosition>();
  value.forEach((s, i) => {
    if (!isPlainMap(s) || typeof s.name !== 'string' || typeof s.cron !== 'string') return; // zod reported it
    const at = y.locate(['schedules', i]);
    const prev = seen.get(s.name);
    if (prev) {
      bag.error('FLOE_SCHEDULE_INVALID', `schedule "${s.name}" is defined twice (first at line ${prev.line})`, y.locate(['schedules', i, 'name']), 'Give each schedule its own name.');
    }
    seen.set(s.name, at);
    const problem = checkCron(s.cron);
    if (problem) {
      bag.error('FLOE_SCHEDULE_INVALID', problem.message, y.locateInValue(['schedules', i, 'cron'], problem.offset), 'Write 5 fields: minute hour day-of-month month day-of-week, e.g. "0 3 * * *" or "*/15 * * * MON-FRI".');
    }
    const timezone = typeof s.timezone === 'string' ? s.timezone : 'UTC';
    if (!isValidTimezone(timezone)) {
      const guess = didYouMean(timezone, knownTimezones());
      bag.error('FLOE_SCHEDULE_TIMEZONE', `unknown timezone "${timezone}"`, y.locate(['schedules', i, 'timezone']), guess ? `Did you mean "${guess}"?` : 'Use an IANA timezone such as Europe/Berlin or UTC.');
    }
    out.push({ name: s.name, cron: s.cron, timezone, select: typeof s.select === 'string' ? s.select : '', at });
  });
  return out;
}
