import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadManifestBotScopes, manifestBotScopes } from '../../../src/doctor/manifest-scopes';
import { DEFAULT_BOT_SCOPES } from '../../../src/sandbox/slack';

const manifestPath = path.resolve(__dirname, '../../../manifest.yml');

describe('manifest.yml bot scopes', () => {
  it("reads oauth_config.scopes.bot from the project's manifest, the doctor's scopes among them", () => {
    const scopes = loadManifestBotScopes(manifestPath);
    expect(scopes).toEqual(manifestBotScopes(readFileSync(manifestPath, 'utf8')));
    expect(scopes).toEqual(expect.arrayContaining(['commands', 'chat:write', 'channels:read', 'groups:read']));
  });

  it("is what the Slack stand-in's token has, so a sandbox install is a correct one", () => {
    expect([...loadManifestBotScopes(manifestPath)].sort()).toEqual([...DEFAULT_BOT_SCOPES].sort());
  });

  it('keeps the order, trims and drops repeats', () => {
    const text = 'oauth_config:\n  scopes:\n    bot:\n      - commands\n      - " chat:write "\n      - commands\n';
    expect(manifestBotScopes(text)).toEqual(['commands', 'chat:write']);
  });

  it('refuses a manifest without bot scopes, naming the key', () => {
    expect(() => manifestBotScopes('oauth_config:\n  scopes:\n    user: [identify]\n', 'app.yml')).toThrow(
      'app.yml: oauth_config.scopes.bot is missing or empty',
    );
    expect(() => manifestBotScopes('display_information: {name: x}\n')).toThrow('oauth_config.scopes.bot is missing or empty');
  });

  it('refuses an entry that is not a scope name, and text that is not YAML', () => {
    expect(() => manifestBotScopes('oauth_config:\n  scopes:\n    bot: [commands, {a: 1}]\n')).toThrow(
      'manifest.yml: oauth_config.scopes.bot[1] is not a scope name',
    );
    expect(() => manifestBotScopes('oauth_config: [unclosed\n')).toThrow('manifest.yml: not valid YAML');
  });
});
