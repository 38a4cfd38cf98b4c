import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest, verifySlackRequest } from '@slack/bolt';
import { ManualClock } from '../../../src/clock';
import {
  blockActions,
  eventCallback,
  SlackRequester,
  signSlackRequest,
  slashCommand,
  toApiGatewayV2Event,
  viewSubmission,
  viewValue,
} from '../../../src/sandbox/slack';

const secret = 'sandbox-signing-secret';

function boltCheck(body: string, headers: Record<string, string>, nowMs: number): boolean {
  return isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: {
      'x-slack-signature': headers['X-Slack-Signature'],
      'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']),
    },
    nowMilliseconds: nowMs,
  });
}

describe('signSlackRequest', () => {
  const now = Date.UTC(2024, 10, 25, 10, 0, 0);
  const ts = now / 1000;

  it("produces a signature Bolt's own verifier accepts", () => {
    const body = slashCommand({ text: 'status', userId: 'U0ANALYST', responseUrl: 'http://x/response/1' }).body;
    const headers = signSlackRequest(secret, body, ts);
    expect(headers['X-Slack-Request-Timestamp']).toBe(String(ts));
    expect(headers['X-Slack-Signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(() =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': headers['X-Slack-Signature'], 'x-slack-request-timestamp': ts },
        nowMilliseconds: now,
      }),
    ).not.toThrow();
  });

  it('matches an independent computation of the v0 HMAC', () => {
    const body = '{"type":"event_callback"}';
    const expected = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
    expect(signSlackRequest(secret, body, ts)['X-Slack-Signature']).toBe(`v0=${expected}`);
  });

  it('fails verification when the body, secret or time is wrong', () => {
    const body = 'token=x&text=status';
    const headers = signSlackRequest(secret, body, ts);
    expect(boltCheck(body, headers, now)).toBe(true);
    expect(boltCheck('token=x&text=statuz', headers, now)).toBe(false);
    expect(boltCheck(body, signSlackRequest('other-secret', body, ts), now)).toBe(false);
    expect(boltCheck(body, headers, now + 6 * 60 * 1000)).toBe(false);
  });
});

describe('payload builders', () => {
  it('form-encodes slash commands with every field Slack sends', () => {
    const payload = slashCommand({ text: 'pii request analytics 2h', userId: 'U0ANALYST', responseUrl: 'http://r/1' });
    expect(payload.contentType).toBe('application/x-www-form-urlencoded');
    const fields = Object.fromEntries(new URLSearchParams(payload.body));
    expect(Object.keys(fields).sort()).toEqual(
      [
        'api_app_id',
        'channel_id',
        'channel_name',
        'command',
        'is_enterprise_install',
        'response_url',
        'team_domain',
        'team_id',
        'text',
        'token',
        'trigger_id',
        'user_id',
        'user_name',
      ].sort(),
    );
    expect(fields).toMatchObject({
      command: '/redshift',
      text: 'pii request analytics 2h',
      user_id: 'U0ANALYST',
      user_name: 'alice',
      team_id: 'T0CHATOPS',
      response_url: 'http://r/1',
    });
  });

  it('gives every request its own trigger id', () => {
    const ids = new Set(
      Array.from({ length: 20 }, () => slashCommand({ text: '', userId: 'U0ANALYST', responseUrl: 'r' }).data.trigger_id),
    );
    expect(ids.size).toBe(20);
  });

  it('builds block_actions from the message that holds the button', () => {
    const message = {
      ts: '1732528800.000100',
      channel: 'C0APPROVALS',
      text: 'request',
      blocks: [
        {
          type: 'actions',
          block_id: 'decision',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              value: 'req-7',
              style: 'primary',
              text: { type: 'plain_text', text: 'Approve' },
            },
          ],
        },
      ],
    };
    const payload = blockActions({ userId: 'U0APPROVER', actionId: 'approve', message, responseUrl: 'http://r/2' });
    const parsed: unknown = JSON.parse(new URLSearchParams(payload.body).get('payload') ?? '{}');
    expect(parsed).toEqual(payload.data);
    expect(parsed).toMatchObject({
      type: 'block_actions',
      trigger_id: expect.any(String),
      user: { id: 'U0APPROVER', username: 'bob', team_id: 'T0CHATOPS' },
      team: { id: 'T0CHATOPS' },
      channel: { id: 'C0APPROVALS' },
      container: { type: 'message', message_ts: '1732528800.000100', channel_id: 'C0APPROVALS' },
      message: { ts: '1732528800.000100', text: 'request' },
      response_url: 'http://r/2',
      api_app_id: 'A0CHATOPS',
      actions: [
        {
          action_id: 'approve',
          block_id: 'decision',
          value: 'req-7',
          type: 'button',
          style: 'primary',
          action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
        },
      ],
    });
  });

  it('builds view submissions with state values', () => {
    const payload = viewSubmission({
      userId: 'U0ANALYST',
      callbackId: 'pii_request',
      privateMetadata: '{"c":1}',
      values: { reason: { value: viewValue.plainText('incident 42') } },
    });
    const parsed: unknown = JSON.parse(new URLSearchParams(payload.body).get('payload') ?? '{}');
    expect(parsed).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0ANALYST' },
      view: {
        callback_id: 'pii_request',
        private_metadata: '{"c":1}',
        state: { values: { reason: { value: { type: 'plain_text_input', value: 'incident 42' } } } },
      },
    });
    expect(parsed).toMatchObject({ view: { id: expect.stringMatching(/^V/) } });
  });

  it('wraps events in an event_callback envelope', () => {
    const mention = { type: 'app_mention', user: 'U0ANALYST', text: '<@U0BOT> status', ts: '1.000001', channel: 'C0GENERAL' };
    const payload = eventCallback(mention, 'Ev1');
    expect(payload.contentType).toBe('application/json');
    expect(JSON.parse(payload.body)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev1',
      team_id: 'T0CHATOPS',
      event: mention,
    });
  });
});

describe('SlackRequester and API Gateway events', () => {
  let server: Server;
  let url: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"response_action":"clear"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts signed payloads with the exact content type, clock time and extra headers', async () => {
    const clock = new ManualClock(Date.UTC(2024, 10, 25, 10, 0, 0));
    const requester = new SlackRequester({ url, signingSecret: secret, clock });
    const payload = slashCommand({ text: 'status', userId: 'U0ANALYST', responseUrl: 'http://r/3' });
    const answer = await requester.send(payload, {
      headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ response_action: 'clear' });
    const last = received[received.length - 1];
    expect(last.body).toBe(payload.body);
    expect(last.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(last.headers['x-slack-request-timestamp']).toBe(String(clock.now() / 1000));
    expect(last.headers['x-slack-retry-num']).toBe('1');
    expect(last.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(
      verifySlackRequest({
        signingSecret: secret,
        body: last.body,
        headers: {
          'x-slack-signature': String(last.headers['x-slack-signature']),
          'x-slack-request-timestamp': Number(last.headers['x-slack-request-timestamp']),
        },
        nowMilliseconds: clock.now(),
      }),
    ).toBeUndefined();
  });

  it('builds API Gateway v2 events with lower-cased headers', () => {
    const payload = eventCallback({ type: 'app_mention', text: 'hi' });
    const headers = signSlackRequest(secret, payload.body, 1732528800);
    const event = toApiGatewayV2Event(payload, headers);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /slack/events',
      rawPath: '/slack/events',
      rawQueryString: '',
      body: payload.body,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/slack/events' } },
    });
    expect(event.headers['x-slack-signature']).toBe(headers['X-Slack-Signature']);
    expect(event.headers['content-type']).toBe('application/json');
    const encoded = toApiGatewayV2Event(payload, headers, '/slack/events', { base64: true });
    expect(Buffer.from(encoded.body, 'base64').toString('utf8')).toBe(payload.body);
    expect(encoded.isBase64Encoded).toBe(true);
  });
});
