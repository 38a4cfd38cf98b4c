import { join } from 'node:path';
import { loadManifestBotScopes } from '../../../src/doctor/manifest-scopes';
import { BOT_SCOPES } from '../../../src/slack/bot-scopes';

describe('BOT_SCOPES', () => {
  it("is exactly manifest.yml's bot scopes, in order (the doctor checks the token against it where manifest.yml is not bundled)", () => {
    expect([...BOT_SCOPES]).toEqual(loadManifestBotScopes(join(__dirname, '..', '..', '..', 'manifest.yml')));
  });
});
