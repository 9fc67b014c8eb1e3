export * from './errors/index.js';
export * from './events/index.js';
export * from './names/index.js';
export * from './tree/index.js';
export * from './audit/index.js';
export * from './acl/index.js';
export * from './sharing/index.js';
export * from './metering/index.js';
