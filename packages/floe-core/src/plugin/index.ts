export * from './api-version';
export * from './capabilities';
export * from './connection';
export * from './dialect';
export * from './registry';
export * from './target-plugin';
