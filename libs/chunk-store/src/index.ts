export * from './chunk-store.port.js';
export * from './fs/file-system-chunk-store.js';
