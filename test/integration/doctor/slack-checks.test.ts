import type { WebClient } from '@slack/web-api';
import path from 'node:path';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { loadManifestBotScopes } from '../../../src/doctor/manifest-scopes';
import { slackChecks } from '../../../src/doctor/slack-checks';
import { SANDBOX_CHANNELS, SANDBOX_USERGROUPS, startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';
import { standInClient } from '../../support/slack-client';
import { minimalConfigYaml, usergroupGatedYaml } from '../../support/config';

const manifestScopes = loadManifestBotScopes(path.resolve(__dirname, '../../../manifest.yml'));
const config = parseChatopsConfig(`${minimalConfigYaml}${usergroupGatedYaml}`);

describe('npm run doctor: the Slack checks against the Slack stand-in', () => {
  let standIn: SlackStandIn;
  let client: WebClient;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    client = standInClient(standIn.apiUrl, 'xoxb-doctor');
  });
  afterAll(async () => {
    await standIn.close();
  });
  beforeEach(() => standIn.reset());

  const byName = (results: Awaited<ReturnType<typeof slackChecks>>, name: string) => {
    const found = results.find((result) => result.name === name);
    if (found === undefined) throw new Error(`no check named ${name}: ${results.map((result) => result.name).join('; ')}`);
    return found;
  };

  it('a correct setup: every check ok, and nothing changed in Slack', async () => {
    const results = await slackChecks(client, config, manifestScopes);
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ['bot token is valid (auth.test)', 'ok'],
      ['bot token has the scopes manifest.yml asks for', 'ok'],
      ['approvals channel C0APPROVALS exists and the bot is in it', 'ok'],
      ['alerts channel C0ALERTS exists and the bot is in it', 'ok'],
      ['audit channel C0AUDIT exists and the bot is in it', 'ok'],
      ['user group S0DATALEADS resolves and has members', 'ok'],
    ]);
    expect(results[0]?.detail).toBe('bot @redshift-chatops (U0BOT, B0BOT) in ChatOps Sandbox (T0CHATOPS)');
    expect(results.every((result) => result.area === 'slack')).toBe(true);
    expect(standIn.calls.map((call) => call.method).sort()).toEqual(
      ['auth.test', 'conversations.info', 'conversations.info', 'conversations.info', 'usergroups.users.list'].sort(),
    );
    expect(standIn.messages.all()).toEqual([]);
  });

  it('a channel the bot is not in: missing, with the /invite fix', async () => {
    standIn.removeBotFrom(SANDBOX_CHANNELS.alerts);
    const results = await slackChecks(client, config, manifestScopes);
    expect(byName(results, 'alerts channel C0ALERTS exists and the bot is in it')).toEqual({
      area: 'slack',
      name: 'alerts channel C0ALERTS exists and the bot is in it',
      status: 'missing',
      detail: 'the bot is not a member of #redshift-alerts, so it cannot post there',
      fix: 'type /invite @redshift-chatops in #redshift-alerts, or set channels.alerts in chatops.yml to a channel the bot is in',
    });
    expect(results.filter((result) => result.status !== 'ok')).toHaveLength(1);
  });

  it('a channel that does not exist: missing, naming the chatops.yml setting', async () => {
    const elsewhere = parseChatopsConfig(minimalConfigYaml.replace('audit: C0AUDIT', 'audit: C0NOWHERE'));
    const result = byName(await slackChecks(client, elsewhere, manifestScopes), 'audit channel C0NOWHERE exists and the bot is in it');
    expect(result).toMatchObject({ status: 'missing', detail: 'Slack answered channel_not_found' });
    expect(result.fix).toContain('set channels.audit in chatops.yml to the id of an existing channel');
  });

  it('a token without a scope: missing with the scope named, and what needed it not verified', async () => {
    standIn.dropScope('channels:read');
    const results = await slackChecks(client, config, manifestScopes);
    expect(byName(results, 'bot token has the scope channels:read')).toMatchObject({
      status: 'missing',
      fix: "add the bot scope channels:read in the app's OAuth & Permissions (or update the app from manifest.yml) and reinstall the app to the workspace",
    });
    const approvals = byName(results, 'approvals channel C0APPROVALS exists and the bot is in it');
    expect(approvals.status).toBe('not-verified');
    expect(approvals.detail).toContain('the token lacks channels:read');
    expect(byName(results, 'user group S0DATALEADS resolves and has members').status).toBe('ok');
  });

  it('an unknown user group and an empty one: missing, naming where chatops.yml uses them', async () => {
    const empty = await startSlackStandIn({ usergroups: { [SANDBOX_USERGROUPS.dataLeads]: [] } });
    try {
      const emptyClient = standInClient(empty.apiUrl, 'xoxb-doctor');
      const emptyGroup = byName(await slackChecks(emptyClient, config, manifestScopes), 'user group S0DATALEADS resolves and has members');
      expect(emptyGroup).toMatchObject({
        status: 'missing',
        fix: expect.stringContaining('add people to the user group S0DATALEADS in Slack'),
      });
    } finally {
      await empty.close();
    }
    const unknown = parseChatopsConfig(
      `${minimalConfigYaml}${usergroupGatedYaml.replace('approvers: { usergroups: [S0DATALEADS] }', 'approvers: { usergroups: [S0NOBODY] }')}`,
    );
    const result = byName(await slackChecks(client, unknown, manifestScopes), 'user group S0NOBODY resolves and has members');
    expect(result).toEqual({
      area: 'slack',
      name: 'user group S0NOBODY resolves and has members',
      status: 'missing',
      detail: 'Slack knows no user group S0NOBODY (named at access.roles.pii_users.approvers.usergroups)',
      fix: "use an existing user group's id (it starts with S) at access.roles.pii_users.approvers.usergroups in chatops.yml",
    });
  });

  it('Slack failing a call: that check is not verified with the reason, the others still answer', async () => {
    standIn.failNext('conversations.info', 'internal_error');
    standIn.failNext('usergroups.users.list', 'fatal_error');
    const results = await slackChecks(client, config, manifestScopes);
    expect(byName(results, 'approvals channel C0APPROVALS exists and the bot is in it')).toMatchObject({
      status: 'not-verified',
      detail: expect.stringContaining('internal_error'),
    });
    expect(byName(results, 'alerts channel C0ALERTS exists and the bot is in it').status).toBe('ok');
    expect(byName(results, 'user group S0DATALEADS resolves and has members')).toMatchObject({
      status: 'not-verified',
      detail: expect.stringContaining('fatal_error'),
    });
  });

  it('auth.test failing: the token check says why, every other check is listed as not verified', async () => {
    standIn.failNext('auth.test', 'internal_error');
    const down = await slackChecks(client, config, manifestScopes);
    expect(down.map((result) => result.status)).toEqual([
      'not-verified',
      'not-verified',
      'not-verified',
      'not-verified',
      'not-verified',
      'not-verified',
    ]);
    expect(down[1]?.detail).toBe('auth.test failed, so this was not asked');
    expect(standIn.callsTo('conversations.info')).toEqual([]);

    const strict = await startSlackStandIn({ tokens: ['xoxb-the-real-one'] });
    try {
      const wrongToken = standInClient(strict.apiUrl, 'xoxb-doctor');
      const [auth] = await slackChecks(wrongToken, config, manifestScopes);
      expect(auth).toMatchObject({
        status: 'missing',
        detail: 'Slack answered invalid_auth',
        fix: expect.stringContaining('SLACK_BOT_TOKEN'),
      });
    } finally {
      await strict.close();
    }
  });

  it('slack ids in chatops.yml that are not the token bot: missing, with the right ids', async () => {
    const wrongIds = parseChatopsConfig(`${minimalConfigYaml}slack:\n  botId: B0OTHER\n  botUserId: U0BOT\n`);
    const result = byName(await slackChecks(client, wrongIds, manifestScopes), "chatops.yml slack ids are the token's bot");
    expect(result).toMatchObject({
      status: 'missing',
      fix: 'set slack: { botId: B0BOT, botUserId: U0BOT } in chatops.yml, or leave slack out',
    });
  });
});
