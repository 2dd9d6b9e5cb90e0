/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  moduleNameMapper: { '^cross-account-iam/(.*)$': '<rootDir>/$1' },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  testTimeout: 120000,
  // Two cores: the simulator and terraform suites overlap well.
  maxWorkers: 2,
  // The longest files first (the emulator deploys), with or without Jest's cache of durations.
  testSequencer: '<rootDir>/__tests__/sequencer.js',
  reporters: ['default', '<rootDir>/__tests__/summary-reporter.js'],
};
