export * from './embedded/embedded-postgres-server.js';
export * from './read-model-data-source.js';
export * from './migration-lock.js';
