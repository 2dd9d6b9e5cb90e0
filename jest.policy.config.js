/**
 * The policy core's own unit tests (__tests__/policy), alone: the suite StrykerJS runs against each
 * mutant of policy/ (see stryker.config.mjs and `npm run mutation`).
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/__tests__/policy'],
  reporters: ['default'],
  testSequencer: undefined,
  // These tests synthesize nothing: without cdktf's matchers and temp folders each run starts faster.
  setupFilesAfterEnv: [],
  // The packing property test (fast-check over the IAM simulator, seconds per run) stays in `npm test`
  // but not here: Jest cannot bail when run programmatically, so it would run in full for every
  // mutant of the code it reaches. The unit tests pin the packing's documents and edges exactly.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/policy/packing\\.test\\.ts$'],
};
