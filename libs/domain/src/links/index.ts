export * from './link-events.js';
export * from './link-expiry.js';
export * from './link.decider.js';
export * from './network-allow-list.js';
export * from './link-rights.js';
