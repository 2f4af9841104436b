#!/usr/bin/env node
// API reports with API Extractor: one `etc/<package>.api.md` per published
// package, made from its built `dist/index.d.ts`.
//
//   node tools/api/api-report.mjs            check the package in the current folder (fails when stale)
//   node tools/api/api-report.mjs --update   rewrite its report
//   node tools/api/api-report.mjs --all [--update] [--docs]
//                                            every package; --docs also writes the doc model
//                                            (tmp/api-model/*.api.json) that docs:api renders
//
// Each package's `api` script runs the check; `npm test` runs it through nx.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

/** Packages with an API report, in dependency order. */
export const REPORTED_PACKAGES = [
  'packages/floe-core',
  'packages/target-conformance',
  'packages/target-duckdb',
  'packages/target-snowflake',
  'packages/target-bigquery',
  'packages/target-flink-experimental',
  'packages/plugin-dagster',
  'packages/floe-docs',
  'apps/floe-cli',
];

export function reportName(pkgDir) {
  const name = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).name;
  return name.replace(/^@/, '').replace('/', '-');
}

export function runApiExtractor(pkgDir, { update = false, docs = false } = {}) {
  const name = reportName(pkgDir);
  const entry = join(pkgDir, 'dist/index.d.ts');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the package first`);
  mkdirSync(join(ROOT, 'tmp/api'), { recursive: true });
  mkdirSync(join(ROOT, 'etc'), { recursive: true });
  mkdirSync(join(ROOT, 'tmp/api-model'), { recursive: true });
  const configObject = {
    projectFolder: pkgDir,
    mainEntryPointFilePath: entry,
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'ESNext',
          moduleResolution: 'Bundler',
          types: ['node'],
          skipLibCheck: true,
          strict: true,
        },
        files: [entry],
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: name,
      reportFolder: join(ROOT, 'etc'),
      reportTempFolder: join(ROOT, 'tmp/api'),
    },
    docModel: { enabled: docs, apiJsonFilePath: join(ROOT, `tmp/api-model/${name}.api.json`) },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      compilerMessageReporting: { default: { logLevel: 'warning' } },
      extractorMessageReporting: {
        default: { logLevel: 'warning' },
        // No release tags (@public/@beta) in Floe: the entry point is the contract.
        'ae-missing-release-tag': { logLevel: 'none' },
        // A type reachable from the API but not exported is listed in the report for review.
        'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
        'ae-undocumented': { logLevel: process.env.FLOE_API_UNDOCUMENTED ? 'warning' : 'none', addToApiReportFile: false },
        'ae-unresolved-link': { logLevel: 'none', addToApiReportFile: false },
      },
      tsdocMessageReporting: { default: { logLevel: 'none' } },
    },
  };
  const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: undefined, packageJsonFullPath: join(pkgDir, 'package.json') });
  const messages = [];
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback: (m) => {
      if (m.logLevel === 'warning' || m.logLevel === 'error') messages.push(`${m.logLevel}: ${m.text}`);
      m.handled = true;
    },
  });
  const stale = !update && result.apiReportChanged;
  return { name, succeeded: result.succeeded && !stale, stale, changed: result.apiReportChanged, messages };
}

function main(argv) {
  const update = argv.includes('--update');
  const docs = argv.includes('--docs');
  const dirs = argv.includes('--all') ? REPORTED_PACKAGES.map((d) => join(ROOT, d)) : [process.cwd()];
  let failed = false;
  for (const dir of dirs) {
    const r = runApiExtractor(dir, { update, docs });
    for (const m of r.messages.filter((x) => x.startsWith('error'))) console.error(`${r.name}: ${m}`);
    if (r.stale) {
      failed = true;
      console.error(
        `etc/${r.name}.api.md is stale: the public API of ${basename(dir)} changed. Review the diff of tmp/api/${r.name}.api.md, then run \`npm run api:update\` and commit the report.`,
      );
    } else if (!r.succeeded) {
      failed = true;
      console.error(`${r.name}: API Extractor failed`);
    } else {
      console.log(`${r.name}: API report ${update && r.changed ? 'updated' : 'up to date'}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
