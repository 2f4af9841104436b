/**
 * @floe/docs: the documentation site. `generateDocs` turns compiled artifacts
 * (plus column types read from the targets, optionally) into a static site
 * under target/docs that works offline and from file://; `serveDocs` serves it
 * on 127.0.0.1 with live reload. The page itself lives in src/browser and is
 * bundled into dist/browser by scripts/build-browser.mjs.
 */
export { generateDocs, type GenerateDocsOptions, type GeneratedDocs } from './generate-docs';
export { buildDocsData, type BuildDocsDataOptions, type JobStates } from './data/build-docs-data';
export { DOCS_DATA_VERSION, defaultFqn, inflateSiteNodes, type DocsData, type DocsSiteIndex, type DocsSiteNode, type DocsNodeSummary, type DocsNodeDetails, type DocsNode, type DocsColumn, type DocsStreaming, type DocsResourceType, type DocsJson } from './data/types';
export { readCatalog, type ReadCatalogOptions } from './catalog/read-catalog';
export { catalogKey, emptyCatalog, type DocsCatalog, type CatalogColumn } from './catalog/catalog-types';
export { writeDocsSite, splitDocsData, dataScript, detailsScript, DETAILS_CHUNK_SIZE, type WrittenSite } from './site/write-site';
export { browserAssetsDir } from './site/assets';
export { indexHtml, withLiveReload } from './site/index-html';
export { serveDocs, LIVE_RELOAD_PATH, type DocsServer, type DocsServerOptions } from './serve/docs-server';
