export * from './spans';
export * from './setup';
export * from './logger';
