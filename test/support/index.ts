export * from './postgres.js';
export * from './test-server.js';
export * from './http-client.js';
export * from './server-process.js';
export * from './cli-process.js';
export * from './random-workload.js';
export * from './link-visitor.js';
export * from './link-events.js';
