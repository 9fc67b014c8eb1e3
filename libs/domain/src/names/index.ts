export * from './node-name.js';
export * from './conflict-name.js';
export * from './numbered-name.js';
