// Three tiers selected by file suffix: *.spec.ts (pure, fast), *.int-spec.ts (the machine's
// PostgreSQL) and *.e2e-spec.ts (the HTTP API and the CLI, from the compiled dist/).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@scaidrive/projections$': '<rootDir>/projections/index.ts',
    '^@scaidrive/testing$': '<rootDir>/test/support/index.ts',
    '^@scaidrive/event-store/eventstoredb$': '<rootDir>/libs/event-store/src/eventstoredb/index.ts',
    '^@scaidrive/chunk-store/s3$': '<rootDir>/libs/chunk-store/src/s3/index.ts',
    '^@scaidrive/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/'],
};

export default {
  // A global option: jest ignores it inside a project. The integration and end-to-end tiers start
  // servers and databases, which takes longer than jest's default of 5 seconds.
  testTimeout: 300000,
  // A test that times out can leave a server or pool open. Without this the run would then hang
  // until CI kills it instead of reporting the failure.
  forceExit: true,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int-spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
    },
  ],
};
