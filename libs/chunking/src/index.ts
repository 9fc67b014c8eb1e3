export * from './chunk.js';
export * from './chunk-source.js';
export * from './chunking-parameters.js';
export * from './content-chunker.js';
export * from './find-cut-point.js';
export * from './gear-table.js';
