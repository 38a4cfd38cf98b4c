module.exports = () => require('./emulator-templates').setup();
