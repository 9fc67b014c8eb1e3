export * from './event-metadata.js';
export * from './drive-events.js';
export * from './identity-events.js';
