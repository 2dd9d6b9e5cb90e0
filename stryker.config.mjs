// @ts-check
/**
 * Mutation testing of the policy core (policy/*.ts) against its own unit tests (__tests__/policy):
 * `npm run mutation`. Not part of `npm test`: a full run takes minutes of CPU. While working on one
 * file: `npx stryker run --mutate policy/statement.ts`.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { configFile: 'jest.policy.config.js', enableFindRelatedTests: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.test.json',
  // index.ts only re-exports.
  mutate: ['policy/**/*.ts', '!policy/index.ts'],
  coverageAnalysis: 'perTest',
  // Jest runs every covering test of a mutant anyway (it cannot bail programmatically): report all that kill it.
  disableBail: true,
  // Two cores, shared: one type checker, one test runner.
  concurrency: 2,
  // A mutant is a timeout (counted as killed) only when it really hangs, not when the machine is busy.
  timeoutMS: 20000,
  // `npx stryker run --incremental` reuses the results of the last run for unchanged code and tests.
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 95 },
};
