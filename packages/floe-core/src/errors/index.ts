export * from './error-codes';
export * from './diagnostic';
export * from './floe-error';
