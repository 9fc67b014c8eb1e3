export * from './s3-chunk-store.js';
export * from './s3-client-options.js';
