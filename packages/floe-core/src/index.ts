export * from './errors';
export * from './plugin';
export * from './artifacts';
export { didYouMean } from './util/did-you-mean';
export * from './graph';
