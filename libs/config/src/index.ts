export * from './config.js';
export * from './auth-config.js';
