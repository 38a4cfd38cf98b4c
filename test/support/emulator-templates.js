// Jest globalSetup/globalTeardown: one directory per test run where the AWS emulator keeps its system
// templates (CHATOPS_EMULATOR_TEMPLATES, src/sandbox/aws/data/warehouse.ts), so only the run's first
// emulator builds them. The workers start after globalSetup and inherit the variable.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const VARIABLE = 'CHATOPS_EMULATOR_TEMPLATES';
let made;

module.exports = {
  setup() {
    if (process.env[VARIABLE]) return;
    made = mkdtempSync(join(tmpdir(), 'chatops-emulator-templates-'));
    process.env[VARIABLE] = made;
  },
  teardown() {
    if (!made) return;
    rmSync(made, { recursive: true, force: true });
    delete process.env[VARIABLE];
  },
};
