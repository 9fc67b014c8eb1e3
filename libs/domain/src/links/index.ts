export * from './link-events.js';
