// Writes Jest's aggregated results as JSON for .ci/run's summary line.
const { writeFileSync } = require('node:fs');

class JsonReporter {
  constructor(_globalConfig, options) {
    this.outputFile = options.outputFile;
  }
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests } = results;
    writeFileSync(this.outputFile, JSON.stringify({ numPassedTests, numFailedTests, numRuntimeErrorTestSuites, numTotalTests }));
  }
}
module.exports = JsonReporter;
