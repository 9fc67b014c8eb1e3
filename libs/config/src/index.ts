export * from './config.js';
export * from './auth-config.js';
export * from './retention-config.js';
export * from './link-config.js';
