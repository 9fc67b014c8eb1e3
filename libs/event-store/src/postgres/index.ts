export * from './postgres-event-store.js';
export * from './postgres-event-store.options.js';
