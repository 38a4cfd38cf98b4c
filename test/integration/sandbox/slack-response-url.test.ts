import { WebClient } from '@slack/web-api';
import { ManualClock } from '../../../src/clock';
import { SANDBOX_CHANNELS, SANDBOX_USERS, startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';

/** Posts to a response URL the way Bolt's respond() does: JSON over fetch. */
async function respond(url: string, message: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(message),
  });
  return { status: response.status, text: await response.text() };
}

describe('Slack stand-in response URLs', () => {
  const clock = new ManualClock(Date.UTC(2024, 10, 25, 10, 0, 0));
  let standIn: SlackStandIn;
  let client: WebClient;

  beforeAll(async () => {
    standIn = await startSlackStandIn({ clock });
    client = new WebClient('xoxb-test', { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await standIn.close();
  });
  beforeEach(() => standIn.reset());

  it('records posts and answers 200 ok', async () => {
    const url = standIn.newResponseUrl({ channel: SANDBOX_CHANNELS.general, userId: SANDBOX_USERS.analyst });
    expect(url.startsWith(`${standIn.url}/response/`)).toBe(true);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Working on it' } }];
    expect(await respond(url, { text: 'Working on it', blocks })).toEqual({ status: 200, text: 'ok' });
    const [call] = standIn.callsTo('response_url');
    expect(call.body).toEqual({ text: 'Working on it', blocks });
    expect(call.responseUrlId).toBe(url.slice(`${standIn.url}/response/`.length));
    // Ephemeral is Slack's default for response URLs.
    expect(standIn.messages.ephemerals({ user: SANDBOX_USERS.analyst })).toEqual([
      expect.objectContaining({ channel: SANDBOX_CHANNELS.general, text: 'Working on it', source: 'response_url' }),
    ]);
  });

  it('posts in_channel replies into the channel', async () => {
    const url = standIn.newResponseUrl({ channel: SANDBOX_CHANNELS.general, userId: SANDBOX_USERS.analyst });
    await respond(url, { response_type: 'in_channel', text: 'Cluster analytics-prod is available' });
    expect(standIn.messages.inChannel(SANDBOX_CHANNELS.general).map((message) => message.text)).toEqual([
      'Cluster analytics-prod is available',
    ]);
  });

  it('replaces and deletes the original message', async () => {
    const posted = await client.chat.postMessage({ channel: SANDBOX_CHANNELS.approvals, text: 'Approve?' });
    const ts = posted.ts as string;
    const url = standIn.newResponseUrl({ channel: SANDBOX_CHANNELS.approvals, messageTs: ts });
    await respond(url, { replace_original: true, text: 'Approved' });
    expect(standIn.messages.get(SANDBOX_CHANNELS.approvals, ts)).toMatchObject({ text: 'Approved', updates: 1 });
    await respond(url, { delete_original: true });
    expect(standIn.messages.get(SANDBOX_CHANNELS.approvals, ts)).toBeUndefined();
  });

  it("swaps a slash command's shown ack in place on replace_original, and removes it on delete_original", async () => {
    const user = SANDBOX_USERS.analyst;
    const url = standIn.newResponseUrl({ channel: SANDBOX_CHANNELS.general, userId: user });
    standIn.showAck(url, { text: 'Checking prod…', blocks: [] });
    expect(standIn.messages.ephemerals({ user })).toEqual([expect.objectContaining({ text: 'Checking prod…', source: 'ack' })]);
    await respond(url, { replace_original: true, text: 'Status: prod: available' });
    expect(standIn.messages.ephemerals({ user }).map((m) => m.text)).toEqual(['Status: prod: available']);
    // Without replace_original a reply is another message; the original stays.
    await respond(url, { text: 'One more thing' });
    expect(standIn.messages.ephemerals({ user }).map((m) => m.text)).toEqual(['Status: prod: available', 'One more thing']);
    await respond(url, { delete_original: true });
    expect(standIn.messages.ephemerals({ user }).map((m) => m.text)).toEqual(['One more thing']);
    // Once the original is gone, replace_original has nothing to swap: the reply is a new message.
    await respond(url, { replace_original: true, text: 'Later' });
    expect(standIn.messages.ephemerals({ user }).map((m) => m.text)).toEqual(['One more thing', 'Later']);
  });

  it('refuses unknown, overused and expired URLs like Slack', async () => {
    expect((await respond(`${standIn.url}/response/nope`, { text: 'x' })).status).toBe(404);
    const url = standIn.newResponseUrl();
    for (let use = 0; use < 5; use += 1) expect((await respond(url, { text: `use ${use}` })).status).toBe(200);
    expect(await respond(url, { text: 'sixth' })).toEqual({ status: 404, text: 'used_url' });

    const stale = standIn.newResponseUrl();
    clock.advance(31 * 60 * 1000);
    expect(await respond(stale, { text: 'late' })).toEqual({ status: 404, text: 'expired_url' });
    // Refusals are recorded too, so a test can see the app tried.
    expect(standIn.callsTo('response_url').map((call) => call.response.ok)).toEqual([
      false, true, true, true, true, true, false, false,
    ]);
  });

  it('carries messages, timestamps and live response URLs into a restarted stand-in, through JSON', async () => {
    const posted = await client.chat.postMessage({ channel: SANDBOX_CHANNELS.approvals, text: 'Approve?' });
    const url = standIn.newResponseUrl({ channel: SANDBOX_CHANNELS.approvals, messageTs: posted.ts as string });
    const saved = JSON.parse(JSON.stringify(standIn.save())) as ReturnType<SlackStandIn['save']>;
    const restarted = await startSlackStandIn({ clock, saved });
    try {
      const again = new WebClient('xoxb-test', { slackApiUrl: restarted.apiUrl, retryConfig: { retries: 0 } });
      const path = url.slice(standIn.url.length);
      // A job queued before the stop answers through the URL it was given.
      expect(await respond(`${restarted.url}${path}`, { replace_original: true, text: 'Approved' })).toEqual({ status: 200, text: 'ok' });
      expect(restarted.messages.get(SANDBOX_CHANNELS.approvals, posted.ts as string)).toMatchObject({ text: 'Approved' });
      // New messages sort after the old ones even on a clock that has not moved.
      const next = await again.chat.postMessage({ channel: SANDBOX_CHANNELS.approvals, text: 'Next' });
      expect(Number(next.ts)).toBeGreaterThan(Number(posted.ts));
    } finally {
      await restarted.close();
    }
  });
});
