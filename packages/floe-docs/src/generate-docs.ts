import { join } from 'node:path';
import type { CompiledArtifacts, PluginRegistry } from '@floe/core';
import { readCatalog } from './catalog/read-catalog';
import type { DocsCatalog } from './catalog/catalog-types';
import { buildDocsData, type JobStates } from './data/build-docs-data';
import type { DocsData } from './data/types';
import { writeDocsSite, type WrittenSite } from './site/write-site';

export interface GenerateDocsOptions {
  artifacts: CompiledArtifacts;
  projectDir: string;
  /** Default: <projectDir>/target/docs. */
  outDir?: string;
  /** Read column types through the targets' connections (needs `registry`). Default false. */
  catalog?: boolean;
  registry?: PluginRegistry;
  jobStates?: JobStates;
  generatedAt?: string;
}

export interface GeneratedDocs extends WrittenSite {
  outDir: string;
  data: DocsData;
  catalog: DocsCatalog | undefined;
}

/** Artifacts (+ catalog) → target/docs: index.html and assets/. */
export async function generateDocs(options: GenerateDocsOptions): Promise<GeneratedDocs> {
  const outDir = options.outDir ?? join(options.projectDir, 'target', 'docs');
  const catalog =
    options.catalog && options.registry ? await readCatalog({ artifacts: options.artifacts, registry: options.registry, projectDir: options.projectDir }) : undefined;
  const data = buildDocsData(options.artifacts, {
    ...(catalog ? { catalog } : {}),
    ...(options.jobStates ? { jobStates: options.jobStates } : {}),
    ...(options.generatedAt ? { generatedAt: options.generatedAt } : {}),
  });
  const written = await writeDocsSite(data, outDir);
  return { ...written, outDir, data, catalog };
}
