module.exports = () => require('./emulator-templates').teardown();
