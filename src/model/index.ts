export * from './diagnostic.js';
export * from './indicator.js';
export * from './entity.js';
