import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { ManualClock } from '../../../src/clock';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { startServer, type RunningServer } from '../../../src/runtime/server';
import { MAX_BODY_BYTES } from '../../../src/runtime/slack-request-guard';
import { SlackRequester, slashCommand, startSlackStandIn, type SlackPayload, type SlackStandIn } from '../../../src/sandbox/slack';
import { offlineAws } from '../../support/aws';
import { BOT_TOKEN, SIGNING_SECRET } from '../../support/bot';
import { minimalConfigYaml } from '../../support/config';
import { countingFeature } from '../../support/counting-feature';

describe('server runtime: request timestamps within 5 minutes both ways, bodies within the cap', () => {
  let slack: SlackStandIn;
  let server: RunningServer;
  let requester: SlackRequester;
  let dir: string;
  // Pinned to wall-clock time before each request, so the ±300 s boundary is exact.
  const requestClock = new ManualClock(Date.now());
  const counting = countingFeature();

  beforeAll(async () => {
    slack = await startSlackStandIn();
    dir = mkdtempSync(join(tmpdir(), 'chatops-guard-'));
    const config = parseChatopsConfig(minimalConfigYaml);
    server = await startServer({
      env: {
        slack: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
        slackApiUrl: slack.apiUrl,
        configPath: 'unused',
        store: { kind: 'sqlite', path: join(dir, 'state.db') },
        port: 0,
      },
      config,
      aws: offlineAws(config),
      features: [counting.feature],
      slackRetries: 0,
      logLevel: LogLevel.ERROR,
      schedules: false,
      requestClock,
    });
    requester = new SlackRequester({ url: `${server.url}/slack/events`, signingSecret: SIGNING_SECRET, clock: requestClock });
  });
  afterAll(async () => {
    await server.stop();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const command = () => slashCommand({ text: 'snapshot create', userId: 'U0ANALYST', responseUrl: slack.newResponseUrl() });
  const sendAt = async (offsetSeconds: number, payload: SlackPayload = command()) => {
    requestClock.set(Date.now());
    return requester.send(payload, { timestampSeconds: Math.floor(requestClock.now() / 1000) + offsetSeconds });
  };

  test.each([
    ['301 s ahead', 301],
    ['a year ahead', 365 * 24 * 3600],
    ['301 s behind', -301],
  ])('a correctly signed request dated %s is refused with 401 and nothing runs', async (_label, offset) => {
    const before = counting.runs();
    const response = await sendAt(offset);
    expect(response.status).toBe(401);
    await server.dispatcher.idle();
    expect(counting.runs()).toBe(before);
  });

  test.each([
    ['299 s ahead', 299],
    ['299 s behind', -299],
  ])('a request dated %s is accepted', async (_label, offset) => {
    const before = counting.runs();
    const response = await sendAt(offset);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ text: 'Started.' });
    await server.dispatcher.idle();
    expect(counting.runs()).toBe(before + 1);
  });

  test('a signed body over the cap is refused with 413 and nothing runs', async () => {
    const before = counting.runs();
    const small = command();
    const big: SlackPayload = { ...small, body: `${small.body}&pad=${'x'.repeat(MAX_BODY_BYTES)}` };
    const response = await sendAt(0, big);
    expect(response.status).toBe(413);
    await server.dispatcher.idle();
    expect(counting.runs()).toBe(before);
  });

  test('a body near the cap that Slack could send still gets through', async () => {
    const small = command();
    const padded: SlackPayload = { ...small, body: `${small.body}&pad=${'x'.repeat(300_000)}` };
    const response = await sendAt(0, padded);
    expect(response.status).toBe(200);
  });

  test.each([['null'], ['[1]'], ['"x"'], ['{']])(
    'a signed JSON body %s that is not an object is refused with 400, and the server stays up',
    async (body) => {
      const response = await sendAt(0, { contentType: 'application/json', body, data: {} });
      expect(response.status).toBe(400);
      expect((await sendAt(0)).status).toBe(200);
    },
  );

  test('a request without a timestamp header is refused with 401', async () => {
    const payload = command();
    const response = await fetch(`${server.url}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': payload.contentType, 'X-Slack-Signature': 'v0=00' },
      body: payload.body,
    });
    expect(response.status).toBe(401);
  });
});
