import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { compileConfig, readCompiledConfig } from '../../../src/config/compiled';
import { ConfigError } from '../../../src/config/errors';

describe('compiled config (what the build writes beside the Lambda bundle)', () => {
  test('reads back exactly the validated config', () => {
    const config = parseChatopsConfig(readFileSync(join(__dirname, '../../../chatops.example.yml'), 'utf8'));
    expect(readCompiledConfig(compileConfig(config, 'chatops.example.yml'), 'chatops.json')).toEqual(config);
  });

  test.each([
    ['not JSON', '{ targets:', 'is not valid JSON'],
    ['JSON the build did not write', JSON.stringify({ targets: {} }), 'was not written by `npm run build`'],
  ])('refuses %s with a line naming the file and the fix', (_, text, message) => {
    expect(() => readCompiledConfig(text, '/var/task/chatops.json')).toThrow(ConfigError);
    expect(() => readCompiledConfig(text, '/var/task/chatops.json')).toThrow(`/var/task/chatops.json: ${message}`);
  });
});
