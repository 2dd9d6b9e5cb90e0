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
};
