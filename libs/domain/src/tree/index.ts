export * from './tree.commands.js';
export * from './tree.decider.js';
export * from './tree.state.js';
export * from './retention-policy.js';
