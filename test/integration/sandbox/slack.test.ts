import type { WebClient } from '@slack/web-api';
import { ManualClock } from '../../../src/clock';
import {
  actionIdsOf,
  SANDBOX_CHANNELS,
  SANDBOX_USERGROUPS,
  SANDBOX_USERS,
  startSlackStandIn,
  textOfBlocks,
  type SlackStandIn,
} from '../../../src/sandbox/slack';
import { platformError, standInClient } from '../../support/slack-client';

const approvalBlocks = [
  { type: 'section', block_id: 'summary', text: { type: 'mrkdwn', text: '*alice* asks for PII access' } },
  {
    type: 'actions',
    block_id: 'decision',
    elements: [
      { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' }, value: 'req-1' },
      { type: 'button', action_id: 'deny', text: { type: 'plain_text', text: 'Deny' }, value: 'req-1' },
    ],
  },
];

describe('Slack stand-in driven by the real WebClient', () => {
  let standIn: SlackStandIn;
  let client: WebClient;
  const clock = new ManualClock(Date.UTC(2024, 10, 25, 10, 0, 0));

  beforeAll(async () => {
    standIn = await startSlackStandIn({ clock });
    client = standInClient(standIn.apiUrl, 'xoxb-test');
  });
  afterAll(async () => {
    await standIn.close();
  });
  beforeEach(() => standIn.reset());

  it('exposes its base and API URLs', () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(standIn.apiUrl).toBe(`${standIn.url}/api/`);
  });

  it('posts, updates and keeps the latest content of a message', async () => {
    const posted = await client.chat.postMessage({
      channel: SANDBOX_CHANNELS.approvals,
      text: 'PII access request',
      blocks: approvalBlocks,
    });
    expect(posted.ok).toBe(true);
    expect(posted.channel).toBe(SANDBOX_CHANNELS.approvals);
    expect(posted.ts).toBe('1732528800.000000');
    expect(posted.message?.blocks).toHaveLength(2);

    const call = standIn.callsTo('chat.postMessage')[0];
    expect(call.token).toBe('xoxb-test');
    expect(call.at).toBe(clock.now());
    // Blocks arrive JSON-encoded in a form field and are recorded as objects.
    expect(call.body.blocks).toEqual(approvalBlocks);

    const updated = await client.chat.update({
      channel: SANDBOX_CHANNELS.approvals,
      ts: posted.ts as string,
      text: 'Approved by bob',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Approved by <@U0APPROVER>' } }],
    });
    expect(updated.ts).toBe(posted.ts);

    const [message] = standIn.messages.inChannel(SANDBOX_CHANNELS.approvals);
    expect(message.ts).toBe(posted.ts);
    expect(message.text).toBe('Approved by bob');
    expect(textOfBlocks(message.blocks)).toBe('Approved by <@U0APPROVER>');
    expect(actionIdsOf(message.blocks)).toEqual([]);
    expect(message.updates).toBe(1);
    expect(message.edited?.user).toBe(SANDBOX_USERS.bot);
  });

  it('hands out unique, increasing timestamps and keeps thread replies', async () => {
    const parent = await client.chat.postMessage({ channel: SANDBOX_CHANNELS.approvals, text: 'Restore started' });
    const first = await client.chat.postMessage({
      channel: SANDBOX_CHANNELS.approvals,
      thread_ts: parent.ts,
      text: 'restoring: 10%',
    });
    clock.advance(1500);
    const second = await client.chat.postMessage({
      channel: SANDBOX_CHANNELS.approvals,
      thread_ts: parent.ts,
      text: 'restored',
    });
    const stamps = [parent.ts, first.ts, second.ts].map((ts) => Number(ts));
    expect(stamps[1]).toBeGreaterThan(stamps[0]);
    expect(stamps[2]).toBeGreaterThan(stamps[1]);
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    const thread = standIn.messages.thread(SANDBOX_CHANNELS.approvals, parent.ts as string);
    expect(thread.map((reply) => reply.text)).toEqual(['restoring: 10%', 'restored']);
    expect(thread.every((reply) => reply.thread_ts === parent.ts)).toBe(true);
  });

  it('leaves blocks in place when chat.update sends only text', async () => {
    const posted = await client.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, text: 'a', blocks: approvalBlocks });
    await client.chat.update({ channel: SANDBOX_CHANNELS.alerts, ts: posted.ts as string, text: 'b' });
    const message = standIn.messages.get(SANDBOX_CHANNELS.alerts, posted.ts as string);
    expect(message?.text).toBe('b');
    expect(actionIdsOf(message?.blocks)).toEqual(['approve', 'deny']);
  });

  it('posts to a user id into their DM channel', async () => {
    const posted = await client.chat.postMessage({ channel: SANDBOX_USERS.analyst, text: 'your grant expires soon' });
    const opened = await client.conversations.open({ users: SANDBOX_USERS.analyst });
    expect(posted.channel).toBe(opened.channel?.id);
    expect(standIn.messages.inChannel(opened.channel?.id as string)).toHaveLength(1);
  });

  it('records ephemeral messages', async () => {
    const answer = await client.chat.postEphemeral({
      channel: SANDBOX_CHANNELS.general,
      user: SANDBOX_USERS.analyst,
      text: 'Only you can see this',
    });
    expect(answer.message_ts).toMatch(/^\d+\.\d{6}$/);
    const ephemerals = standIn.messages.ephemerals({ user: SANDBOX_USERS.analyst });
    expect(ephemerals).toEqual([
      expect.objectContaining({ channel: SANDBOX_CHANNELS.general, text: 'Only you can see this', source: 'chat.postEphemeral' }),
    ]);
    expect(standIn.messages.all()).toEqual([]);
  });

  it('opens, updates and pushes views', async () => {
    const view = {
      type: 'modal' as const,
      callback_id: 'pii_request',
      private_metadata: '{"channel":"C0GENERAL"}',
      title: { type: 'plain_text' as const, text: 'Request PII access' },
      submit: { type: 'plain_text' as const, text: 'Request' },
      blocks: [
        {
          type: 'input',
          block_id: 'reason',
          label: { type: 'plain_text', text: 'Reason' },
          element: { type: 'plain_text_input', action_id: 'value' },
        },
      ],
    };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view });
    const viewId = opened.view?.id as string;
    expect(viewId).toMatch(/^V/);
    expect(opened.view?.callback_id).toBe('pii_request');
    expect(opened.view?.private_metadata).toBe('{"channel":"C0GENERAL"}');
    expect(standIn.callsTo('views.open')[0].body.view).toEqual(view);

    const updated = await client.views.update({
      view_id: viewId,
      hash: opened.view?.hash,
      view: { ...view, title: { type: 'plain_text', text: 'Requested' } },
    });
    expect(updated.view?.id).toBe(viewId);
    expect(standIn.views.get(viewId)?.title).toEqual({ type: 'plain_text', text: 'Requested' });

    const pushed = await client.views.push({ trigger_id: '1.3.def', view });
    expect(pushed.view?.id).not.toBe(viewId);
    expect(pushed.view?.previous_view_id).toBe(viewId);

    const withExternal = await client.views.open({ trigger_id: '1.4.ghi', view: { ...view, external_id: 'req-9' } });
    const byExternal = await client.views.update({
      external_id: 'req-9',
      view: { ...view, title: { type: 'plain_text', text: 'By external id' } },
    });
    expect(byExternal.view?.id).toBe(withExternal.view?.id);
  });

  it('rejects views Slack would reject', async () => {
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'A title far longer than twenty-four characters' },
      blocks: [],
    };
    const error = await platformError(client.views.open({ trigger_id: '9.9.long', view }));
    expect(error.data.error).toBe('invalid_arguments');
    const good = { ...view, title: { type: 'plain_text' as const, text: 'ok' } };
    expect((await platformError(client.views.open({ trigger_id: '', view: good }))).data.error).toBe('invalid_arguments');
    await client.views.open({ trigger_id: 'once', view: good });
    expect((await platformError(client.views.open({ trigger_id: 'once', view: good }))).data.error).toBe('exchanged_trigger_id');
    expect((await platformError(client.views.update({ view_id: 'VNOPE', view: good }))).data.error).toBe('not_found');
  });

  it('answers users.info from the seed', async () => {
    const info = await client.users.info({ user: SANDBOX_USERS.analyst });
    expect(info.user?.name).toBe('alice');
    expect(info.user?.real_name).toBe('Alice Analyst');
    expect(info.user?.tz).toBe('Europe/Paris');
    expect(info.user?.profile?.email).toBe('alice@example.com');
    const bot = await client.users.info({ user: SANDBOX_USERS.bot });
    expect(bot.user?.is_bot).toBe(true);
  });

  it('lists usergroup members', async () => {
    const group = await client.usergroups.users.list({ usergroup: SANDBOX_USERGROUPS.dataLeads });
    expect(group.users).toEqual([SANDBOX_USERS.approver, SANDBOX_USERS.approver2]);
    const error = await platformError(client.usergroups.users.list({ usergroup: 'S0NOPE' }));
    expect(error.data.error).toBe('no_such_subteam');
  });

  it('opens stable DM channels per user', async () => {
    const first = await client.conversations.open({ users: SANDBOX_USERS.approver });
    const again = await client.conversations.open({ users: SANDBOX_USERS.approver });
    const other = await client.conversations.open({ users: SANDBOX_USERS.approver2 });
    expect(first.channel?.id).toMatch(/^D/);
    expect(again.channel?.id).toBe(first.channel?.id);
    expect(other.channel?.id).not.toBe(first.channel?.id);
  });

  it('answers auth.test as the bot', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: 'T0CHATOPS', user_id: 'U0BOT', bot_id: 'B0BOT' });
    expect(auth.url).toMatch(/^https:\/\//);
  });

  it('returns platform errors the way Slack does', async () => {
    const anonymous = standInClient(standIn.apiUrl, undefined);
    expect((await platformError(anonymous.auth.test())).data.error).toBe('not_authed');
    const userToken = standInClient(standIn.apiUrl, 'xoxp-user');
    expect((await platformError(userToken.chat.postMessage({ channel: 'C0ALERTS', text: 'x' }))).data.error).toBe('not_authed');
    expect((await platformError(client.users.info({ user: 'U0NOBODY' }))).data.error).toBe('user_not_found');
    expect((await platformError(client.chat.update({ channel: SANDBOX_CHANNELS.alerts, ts: '1.000001', text: 'x' }))).data.error).toBe(
      'message_not_found',
    );
    expect((await platformError(client.apiCall('reactions.add', { name: 'eyes' }))).data.error).toBe('unknown_method');
    expect((await platformError(client.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' }))).data.error).toBe('channel_not_found');
    expect(
      (await platformError(client.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, thread_ts: '1.000002', text: 'x' }))).data.error,
    ).toBe('thread_not_found');
    // Every one of them was recorded, failures included.
    expect(standIn.calls.map((call) => call.response.ok)).toEqual([false, false, false, false, false, false, false]);
  });

  it('rejects blocks that break Slack limits', async () => {
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const error = await platformError(client.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, text: 'x', blocks: tooMany }));
    expect(error.data.error).toBe('invalid_blocks');
    const longButton = [
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } }],
      },
    ];
    expect(
      (await platformError(client.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, text: 'x', blocks: longButton }))).data.error,
    ).toBe('invalid_blocks');
  });

  it('only accepts the configured tokens when told to', async () => {
    const strict = await startSlackStandIn({ tokens: ['xoxb-right'] });
    try {
      const wrong = standInClient(strict.apiUrl, 'xoxb-wrong');
      expect((await platformError(wrong.auth.test())).data.error).toBe('invalid_auth');
      const right = standInClient(strict.apiUrl, 'xoxb-right');
      expect((await right.auth.test()).ok).toBe(true);
    } finally {
      await strict.close();
    }
  });

  it('injects failures for the next calls to a method', async () => {
    standIn.failNext('chat.postMessage', 'ratelimited');
    const error = await platformError(client.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, text: 'x' }));
    expect(error.data.error).toBe('ratelimited');
    expect((await client.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, text: 'x' })).ok).toBe(true);
  });

  it('accepts JSON bodies as well as forms', async () => {
    const response = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: 'Bearer xoxb-json', 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: SANDBOX_CHANNELS.audit, text: 'json', blocks: JSON.stringify(approvalBlocks) }),
    });
    const answer = (await response.json()) as { ok: boolean; ts: string };
    expect(answer.ok).toBe(true);
    expect(standIn.messages.get(SANDBOX_CHANNELS.audit, answer.ts)?.blocks).toEqual(approvalBlocks);
    expect(standIn.callsTo('chat.postMessage')[0].token).toBe('xoxb-json');
  });

  it('lets tests wait for calls and listeners watch them', async () => {
    const seen: string[] = [];
    const stop = standIn.onCall((call) => seen.push(call.method));
    const waiting = standIn.waitFor('chat.postMessage', (call) => call.body.text === 'second');
    await client.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, text: 'first' });
    await client.chat.postMessage({ channel: SANDBOX_CHANNELS.alerts, text: 'second' });
    const call = await waiting;
    expect(call.body.text).toBe('second');
    // Calls already made are found too.
    expect((await standIn.waitFor('chat.postMessage')).body.text).toBe('first');
    stop();
    await client.auth.test();
    expect(seen).toEqual(['chat.postMessage', 'chat.postMessage']);
    await expect(standIn.waitFor('views.open', undefined, 50)).rejects.toThrow(/no matching views.open/);
  });
});
