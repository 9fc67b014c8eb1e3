export * from './tree-replay.js';
