/** Jest runs the TypeScript sources as native ESM (the package is "type": "module"). */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // quiet the SDK's Node 20 notice in test output
// Terraform's hashicorp/aws provider (a Go program, started anew by every plan and apply) spends
// much of its CPU time collecting garbage: collecting a quarter as often cuts the time of a plan
// by about a sixth, for about 150 MB more memory at its peak (about 800 MB).
process.env.GOGC ??= '400';
export default {
  // Node's environment; its worker leaves through process.exit once its loop is empty (scripts/jest-environment.mjs).
  testEnvironment: '<rootDir>/scripts/jest-environment.mjs',
  extensionsToTreatAsEsm: ['.ts'],
  // `postflight` is the package's public API, as the example checks in examples/ import it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^postflight$': '<rootDir>/src/index.ts' },
  // esbuild strips the types, one file at a time (scripts/jest-transform.mjs); `npm test` type-checks first.
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-transform.mjs' },
  // The files that drive Terraform start first, whatever Jest's cache holds (scripts/jest-sequencer.cjs).
  testSequencer: '<rootDir>/scripts/jest-sequencer.cjs',
  // Each worker's test files share one moto_server (test/helpers/moto.ts); the teardown stops them.
  globalSetup: '<rootDir>/scripts/jest-global-setup.mjs',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.mjs',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/checks/**/*.test.ts', '<rootDir>/src/**/*.test.ts', '<rootDir>/examples/**/*.test.ts'],
  testTimeout: 60000,
  // The bench's copy of the built CLI (with its own package.json named postflight) is not a module of the tests.
  modulePathIgnorePatterns: ['<rootDir>/bench/results/', '<rootDir>/examples/cdktf-pipeline/cdktf.out/'],
  // A hand-written suite shown for comparison in the README, not a test of postflight.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/examples/cdktf-pipeline/before/'],
};
