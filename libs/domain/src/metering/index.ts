export * from './embedding-estimate.js';
