export * from './embedded/embedded-postgres-server.js';
export * from './read-model-data-source.js';
