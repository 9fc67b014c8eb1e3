export * from './dev-issuer/dev-issuer.js';
