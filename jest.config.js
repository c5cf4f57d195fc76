// Unit tests sit beside the code (src/, *.spec.ts); e2e tests talk HTTP to the whole app (test/e2e).
// SWC only strips types (type-checking runs separately, `npm run typecheck`); decorator metadata
// is kept because Nest's dependency injection and class-validator read it; class fields follow
// tsc's ES2022 semantics (defined even without an initializer), as the built server does.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
};
module.exports = {
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
