import type { SourcePosition } from '../errors';
import type { ConfigTree, LoadedProject, ProjectPaths } from '../project/types';

type HeaderFields = 'mode' | 'name' | 'version' | 'description' | 'owner' | 'compute' | 'experimental' | 'plugins' | 'vars' | 'paths' | 'configTrees' | 'sources' | 'schedules';

/** What the project file (floe.yaml or dbt_project.yml) says, before any other file is read. */
export interface ProjectHeader extends Pick<LoadedProject, HeaderFields> {
  /** The project file, project-relative. */
  file: string;
  /** Where `{% docs %}` .md files are read (dbt docs-paths; default the model paths). */
  docsPaths: string[];
  /** Every configured path with its position, for the stays-inside-the-project check. */
  pathPositions: { path: string; at: SourcePosition; what: string }[];
  /** dbt mode: the profile named in dbt_project.yml. */
  profile?: { name: string; at: SourcePosition };
  /** dbt mode: where `dbt deps` installs packages (`packages-install-path`, default `dbt_packages`). */
  packagesPath?: string;
  /** dbt mode: dbt_project.yml `dispatch:` (macro namespace -> search order). */
  dispatch?: Record<string, string[]>;
}

export const DEFAULT_PATHS: ProjectPaths = {
  models: ['models'],
  seeds: ['seeds'],
  tests: ['tests'],
  macros: ['macros'],
  snapshots: ['snapshots'],
};

export type { ConfigTree };
