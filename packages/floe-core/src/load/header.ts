import type { SourcePosition } from '../errors';
import type { ConfigTree, LoadedProject, ProjectPaths, ScheduleDecl, SourceDecl } from '../project/types';

/** What the project file (floe.yaml or dbt_project.yml) says, before any other file is read. */
export interface ProjectHeader {
  mode: LoadedProject['mode'];
  /** The project file, project-relative. */
  file: string;
  name: string;
  version: string;
  description?: string;
  owner?: string;
  compute: string;
  experimental: string[];
  plugins: { specifier: string; at: SourcePosition }[];
  vars: Record<string, unknown>;
  paths: ProjectPaths;
  /** Where `{% docs %}` .md files are read (dbt docs-paths; default the model paths). */
  docsPaths: string[];
  /** Every configured path with its position, for the stays-inside-the-project check. */
  pathPositions: { path: string; at: SourcePosition; what: string }[];
  configTrees: LoadedProject['configTrees'];
  sources: SourceDecl[];
  schedules: ScheduleDecl[];
  /** dbt mode: the profile named in dbt_project.yml. */
  profile?: { name: string; at: SourcePosition };
}

export const DEFAULT_PATHS: ProjectPaths = {
  models: ['models'],
  seeds: ['seeds'],
  tests: ['tests'],
  macros: ['macros'],
  snapshots: ['snapshots'],
};

export type { ConfigTree };
