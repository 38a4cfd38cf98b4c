/** manifest.yml is what an admin pastes into Slack: it must agree with the grammar and ask for little. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { grammar, slashCommand } from '../../../src/commands/grammar';

interface SlashCommand {
  command: string;
  url: string;
  description: string;
  usage_hint?: string;
  should_escape?: boolean;
}

interface Manifest {
  display_information: { name: string; description?: string };
  features: { bot_user?: { display_name: string }; slash_commands?: SlashCommand[] };
  oauth_config: { scopes: { bot?: string[]; user?: string[] } };
  settings: {
    interactivity?: { is_enabled: boolean; request_url?: string };
    event_subscriptions?: { request_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
  };
}

const manifest = parse(readFileSync(path.resolve(__dirname, '../../../manifest.yml'), 'utf8')) as Manifest;
const commands = manifest.features.slash_commands ?? [];

describe('manifest.yml', () => {
  it('declares exactly one slash command, the one the grammar answers to', () => {
    expect(commands.map((c) => c.command)).toEqual([slashCommand]);
    expect(commands[0]?.description.length).toBeGreaterThan(0);
  });

  it('sends commands and interactivity to /slack/events', () => {
    const urls = [commands[0]?.url, manifest.settings.interactivity?.request_url];
    if (manifest.settings.event_subscriptions?.request_url) urls.push(manifest.settings.event_subscriptions.request_url);
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
  });

  it('asks for exactly the scopes the bot uses, and no user scopes', () => {
    expect([...(manifest.oauth_config.scopes.bot ?? [])].sort()).toEqual(
      ['channels:read', 'chat:write', 'commands', 'groups:read', 'im:write', 'usergroups:read', 'users:read', 'users:read.email'].sort(),
    );
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it('has a bot user and HTTP (not Socket Mode, not org-wide) settings', () => {
    expect(manifest.display_information.name.length).toBeGreaterThan(0);
    expect(manifest.features.bot_user?.display_name.length).toBeGreaterThan(0);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
  });

  it('names every top-level word of the grammar in the usage hint', () => {
    const hintWords = new Set((commands[0]?.usage_hint ?? '').split(/[^a-z-]+/i).filter(Boolean));
    const firstWords = [...new Set(grammar.map((entry) => entry.words[0]))];
    expect(firstWords.length).toBeGreaterThan(5);
    expect(firstWords.filter((word) => word !== undefined && !hintWords.has(word))).toEqual([]);
  });
});
