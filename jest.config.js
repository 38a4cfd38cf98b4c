/** @type {import('jest').Config} */
const jsonOutput = process.env.JEST_JSON_OUTPUT;
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/emulator-templates-setup.js',
  globalTeardown: '<rootDir>/test/support/emulator-templates-teardown.js',
  // Most suites wait on local servers (PGlite, the stand-ins), so two workers beat one even on two cores.
  maxWorkers: 2,
  // .ci/run reads the counts from here to print its summary line.
  ...(jsonOutput ? { reporters: ['default', ['<rootDir>/test/support/json-reporter.js', { outputFile: jsonOutput }]] } : {}),
};
