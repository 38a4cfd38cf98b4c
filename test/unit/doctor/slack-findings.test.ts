import { parseChatopsConfig } from '../../../src/config/chatops';
import { configuredChannels, configuredUsergroups } from '../../../src/doctor/slack-config';
import {
  authFailed,
  authOk,
  botIdsFinding,
  channelFinding,
  scopeFindings,
  slackFailure,
  TOKEN_FIX,
  usergroupFinding,
} from '../../../src/doctor/slack-findings';
import { minimalConfigYaml } from '../../support/config';

const bot = { botName: 'redshift-chatops', botUserId: 'U0BOT', botId: 'B0BOT', team: 'Acme', teamId: 'T0ACME' };

describe('what the Slack checks read from chatops.yml', () => {
  it('checks each channel id once, naming every use it serves', () => {
    const config = parseChatopsConfig(minimalConfigYaml.replace('audit: C0AUDIT', 'audit: C0APPROVALS'));
    expect(configuredChannels(config)).toEqual([
      { id: 'C0APPROVALS', uses: ['approvals', 'audit'] },
      { id: 'C0ALERTS', uses: ['alerts'] },
    ]);
  });

  it('collects user groups from role approvers and action policies, with where each is named', () => {
    const config = parseChatopsConfig(`${minimalConfigYaml}
access:
  roles:
    pii_users:
      approvers: { usergroups: [S0LEADS] }
policies:
  pause:
    allowed: { usergroups: [S0OPS, S0LEADS] }
    approvers: { usergroups: [S0LEADS] }
  delete:
    enabled: false
    allowed: { usergroups: [S0GONE] }
`);
    expect(configuredUsergroups(config)).toEqual([
      {
        id: 'S0LEADS',
        paths: ['access.roles.pii_users.approvers.usergroups', 'policies.pause.allowed.usergroups', 'policies.pause.approvers.usergroups'],
      },
      { id: 'S0OPS', paths: ['policies.pause.allowed.usergroups'] },
    ]);
  });
});

describe('Slack check results', () => {
  it('reads a platform error without trusting its shape', () => {
    const platform = Object.assign(new Error('An API error occurred: missing_scope'), {
      data: { ok: false, error: 'missing_scope', needed: 'channels:read', provided: 'chat:write' },
    });
    expect(slackFailure(platform)).toEqual({
      text: 'An API error occurred: missing_scope',
      code: 'missing_scope',
      needed: 'channels:read',
    });
    expect(slackFailure(new Error('socket hang up'))).toEqual({ text: 'socket hang up' });
    expect(slackFailure('odd')).toEqual({ text: 'odd' });
  });

  it('a rejected token is missing with the SLACK_BOT_TOKEN fix; Slack being down is not verified', () => {
    expect(authFailed({ code: 'invalid_auth', text: 'x' })).toMatchObject({ status: 'missing', fix: TOKEN_FIX });
    expect(TOKEN_FIX).toContain('SLACK_BOT_TOKEN');
    expect(authFailed({ code: 'internal_error', text: 'An API error occurred: internal_error' })).toEqual({
      area: 'slack',
      name: 'bot token is valid (auth.test)',
      status: 'not-verified',
      detail: 'An API error occurred: internal_error',
    });
    expect(authOk(bot).detail).toBe('bot @redshift-chatops (U0BOT, B0BOT) in Acme (T0ACME)');
  });

  it('compares the slack ids in chatops.yml with the bot, only when they are set', () => {
    expect(botIdsFinding({}, bot)).toBeUndefined();
    expect(botIdsFinding({ botId: 'B0BOT', botUserId: 'U0BOT' }, bot)?.status).toBe('ok');
    expect(botIdsFinding({ botId: 'B0OTHER', botUserId: 'U0BOT' }, bot)).toMatchObject({
      status: 'missing',
      detail: 'botId B0OTHER in chatops.yml; the token is bot B0BOT, user U0BOT',
      fix: 'set slack: { botId: B0BOT, botUserId: U0BOT } in chatops.yml, or leave slack out',
    });
  });

  it('names each manifest scope the token lacks, with where to add it', () => {
    expect(scopeFindings(['commands', 'chat:write', 'extra'], ['commands', 'chat:write'])).toEqual([
      { area: 'slack', name: 'bot token has the scopes manifest.yml asks for', status: 'ok', detail: 'commands, chat:write' },
    ]);
    const missing = scopeFindings(['commands'], ['commands', 'chat:write', 'groups:read']);
    expect(missing.map((result) => [result.name, result.status])).toEqual([
      ['bot token has the scope chat:write', 'missing'],
      ['bot token has the scope groups:read', 'missing'],
    ]);
    expect(missing[0]?.fix).toBe(
      "add the bot scope chat:write in the app's OAuth & Permissions (or update the app from manifest.yml) and reinstall the app to the workspace",
    );
    expect(scopeFindings(undefined, ['commands'])[0]?.status).toBe('not-verified');
  });

  it('a channel: not found, archived, bot outside it, or fine', () => {
    const channel = { id: 'C0AUDIT', uses: ['audit' as const] };
    expect(channelFinding(channel, 'redshift', { found: false })).toMatchObject({
      name: 'audit channel C0AUDIT exists and the bot is in it',
      status: 'missing',
      fix: expect.stringContaining('set channels.audit in chatops.yml to the id of an existing channel'),
    });
    expect(channelFinding(channel, 'redshift', { found: true, name: 'audit', isMember: true, isArchived: true })).toMatchObject({
      status: 'missing',
      fix: 'unarchive #audit, or set channels.audit in chatops.yml to another channel',
    });
    expect(channelFinding(channel, 'redshift', { found: true, name: 'audit', isMember: false, isArchived: false })).toMatchObject({
      status: 'missing',
      fix: 'type /invite @redshift in #audit, or set channels.audit in chatops.yml to a channel the bot is in',
    });
    expect(channelFinding(channel, 'redshift', { found: true, name: 'audit', isMember: true, isArchived: false })).toMatchObject({
      status: 'ok',
      detail: '#audit',
    });
  });

  it('a user group: unknown, empty, or with members', () => {
    const group = { id: 'S0X', paths: ['access.roles.pii.approvers.usergroups'] };
    expect(usergroupFinding(group, undefined)).toMatchObject({
      status: 'missing',
      fix: "use an existing user group's id (it starts with S) at access.roles.pii.approvers.usergroups in chatops.yml",
    });
    expect(usergroupFinding(group, [])).toMatchObject({
      status: 'missing',
      fix: expect.stringContaining('add people to the user group S0X'),
    });
    expect(usergroupFinding(group, ['U1', 'U2'])).toMatchObject({ status: 'ok', detail: '2 members' });
  });
});
