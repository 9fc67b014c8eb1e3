export * from './sharing-events.js';
export * from './group.decider.js';
export * from './share.decider.js';
export * from './label.js';
