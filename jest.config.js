/** @type {import('jest').Config} */
const jsonOutput = process.env.JEST_JSON_OUTPUT;
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 60000,
  // .ci/run reads the counts from here to print its summary line.
  ...(jsonOutput ? { reporters: ['default', ['<rootDir>/test/support/json-reporter.js', { outputFile: jsonOutput }]] } : {}),
};
