export * from './eventstoredb-event-store.js';
export * from './eventstoredb-event-store.options.js';
