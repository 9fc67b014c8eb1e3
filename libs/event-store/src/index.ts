export * from './event-store.port.js';
export * from './event-store.errors.js';
export * from './log-position.js';
export * from './append-validation.js';
export * from './event-filter.js';
export * from './postgres/index.js';
export * from './eventstoredb/index.js';
