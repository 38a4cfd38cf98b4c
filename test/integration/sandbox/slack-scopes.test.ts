import type { WebClient } from '@slack/web-api';
import { DEFAULT_BOT_SCOPES, SANDBOX_CHANNELS, SANDBOX_USERGROUPS, startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';
import { platformError, standInClient } from '../../support/slack-client';

describe('Slack stand-in: token scopes and channel membership', () => {
  let standIn: SlackStandIn;
  let client: WebClient;

  beforeAll(async () => {
    standIn = await startSlackStandIn({
      channels: [
        { id: SANDBOX_CHANNELS.approvals, name: 'redshift-approvals' },
        { id: 'C0SECRET', name: 'secret', isPrivate: true },
        { id: 'C0HIDDEN', name: 'hidden', isPrivate: true, botIsMember: false },
      ],
    });
    client = standInClient(standIn.apiUrl, 'xoxb-test');
  });
  afterAll(async () => {
    await standIn.close();
  });
  beforeEach(() => standIn.reset());

  it("sends the token's scopes in x-oauth-scopes, which WebClient reads into response_metadata.scopes", async () => {
    const auth = await client.auth.test();
    expect(auth.response_metadata?.scopes).toEqual([...DEFAULT_BOT_SCOPES]);
    const raw = await fetch(`${standIn.apiUrl}usergroups.users.list`, {
      method: 'POST',
      headers: { Authorization: 'Bearer xoxb-test', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `usergroup=${SANDBOX_USERGROUPS.dataLeads}`,
    });
    expect(raw.headers.get('x-oauth-scopes')).toBe(DEFAULT_BOT_SCOPES.join(', '));
    expect(raw.headers.get('x-accepted-oauth-scopes')).toBe('usergroups:read');
    const anonymous = await fetch(`${standIn.apiUrl}auth.test`, { method: 'POST' });
    expect(anonymous.headers.get('x-oauth-scopes')).toBeNull();
  });

  it('conversations.info: the channel as Slack describes it, with is_member for the bot', async () => {
    const info = await client.conversations.info({ channel: SANDBOX_CHANNELS.approvals });
    expect(info.channel).toMatchObject({ id: SANDBOX_CHANNELS.approvals, name: 'redshift-approvals', is_private: false, is_member: true });
    standIn.removeBotFrom(SANDBOX_CHANNELS.approvals);
    expect((await client.conversations.info({ channel: SANDBOX_CHANNELS.approvals })).channel?.is_member).toBe(false);
    standIn.inviteBot(SANDBOX_CHANNELS.approvals);
    expect((await client.conversations.info({ channel: SANDBOX_CHANNELS.approvals })).channel?.is_member).toBe(true);
    expect((await platformError(client.conversations.info({ channel: 'C0NOPE' }))).data.error).toBe('channel_not_found');
  });

  it('a private channel is hidden from a bot outside it', async () => {
    expect((await client.conversations.info({ channel: 'C0SECRET' })).channel).toMatchObject({ is_private: true, is_member: true });
    expect((await platformError(client.conversations.info({ channel: 'C0HIDDEN' }))).data.error).toBe('channel_not_found');
    expect((await platformError(client.chat.postMessage({ channel: 'C0HIDDEN', text: 'hi' }))).data.error).toBe('channel_not_found');
  });

  it('a dropped scope: gone from x-oauth-scopes, and the methods needing it answer missing_scope', async () => {
    standIn.dropScope('channels:read');
    const auth = await client.auth.test();
    expect(auth.response_metadata?.scopes).not.toContain('channels:read');
    const refused = await platformError(client.conversations.info({ channel: SANDBOX_CHANNELS.approvals }));
    expect(refused.data).toMatchObject({
      error: 'missing_scope',
      needed: 'channels:read',
      provided: DEFAULT_BOT_SCOPES.filter((scope) => scope !== 'channels:read').join(','),
    });
    // A private channel asks for groups:read, which the token still has.
    expect((await client.conversations.info({ channel: 'C0SECRET' })).ok).toBe(true);

    standIn.dropScope('usergroups:read');
    const usergroups = await platformError(client.usergroups.users.list({ usergroup: SANDBOX_USERGROUPS.dataLeads }));
    expect(usergroups.data).toMatchObject({ error: 'missing_scope', needed: 'usergroups:read' });
    standIn.dropScope('chat:write');
    expect((await platformError(client.chat.postMessage({ channel: SANDBOX_CHANNELS.approvals, text: 'hi' }))).data.error).toBe(
      'missing_scope',
    );

    standIn.reset();
    expect((await client.auth.test()).response_metadata?.scopes).toEqual([...DEFAULT_BOT_SCOPES]);
    expect((await client.usergroups.users.list({ usergroup: SANDBOX_USERGROUPS.dataLeads })).ok).toBe(true);
  });

  it('posting in a public channel the bot is not in: not_in_channel, until it is invited', async () => {
    standIn.removeBotFrom(SANDBOX_CHANNELS.approvals);
    expect((await platformError(client.chat.postMessage({ channel: SANDBOX_CHANNELS.approvals, text: 'hi' }))).data.error).toBe(
      'not_in_channel',
    );
    expect(standIn.messages.inChannel(SANDBOX_CHANNELS.approvals)).toHaveLength(0);
    standIn.reset();
    expect((await client.chat.postMessage({ channel: SANDBOX_CHANNELS.approvals, text: 'hi' })).ok).toBe(true);
  });

  it('chat:write.public lets the bot post where it is not a member', async () => {
    const open = await startSlackStandIn({ scopes: [...DEFAULT_BOT_SCOPES, 'chat:write.public'] });
    try {
      const openClient = standInClient(open.apiUrl, 'xoxb-test');
      open.removeBotFrom(SANDBOX_CHANNELS.alerts);
      expect((await openClient.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, text: 'hi' })).ok).toBe(true);
    } finally {
      await open.close();
    }
  });

  it('refuses to change membership of a channel it does not have', () => {
    expect(() => standIn.removeBotFrom('C0NOPE')).toThrow('C0NOPE is not a channel of the stand-in');
  });
});
