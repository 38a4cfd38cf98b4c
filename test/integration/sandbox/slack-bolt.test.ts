import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, AwsLambdaReceiver, HTTPReceiver, LogLevel } from '@slack/bolt';
import {
  blockActions,
  eventCallback,
  SANDBOX_CHANNELS,
  SANDBOX_USERS,
  signSlackRequest,
  slashCommand,
  SlackRequester,
  startSlackStandIn,
  textOfBlocks,
  toApiGatewayV2Event,
  viewSubmission,
  viewValue,
  type SlackStandIn,
} from '../../../src/sandbox/slack';

/**
 * The whole loop with the real Bolt: payloads the stand-in builds are accepted by Bolt's receivers, and
 * what the listeners send back (respond, say, views.open, chat.update) lands in the stand-in.
 */

const secret = 'bolt-roundtrip-secret';

const modal = {
  type: 'modal' as const,
  callback_id: 'pii_request',
  title: { type: 'plain_text' as const, text: 'Request PII access' },
  submit: { type: 'plain_text' as const, text: 'Request' },
  blocks: [
    {
      type: 'input' as const,
      block_id: 'reason',
      label: { type: 'plain_text' as const, text: 'Reason' },
      element: { type: 'plain_text_input' as const, action_id: 'value' },
    },
  ],
};

function wire(app: App, submitted: string[]): void {
  app.command('/redshift', async ({ ack, respond, client, body }) => {
    await ack();
    await respond({ response_type: 'ephemeral', text: `running: ${body.text}` });
    await client.views.open({ trigger_id: body.trigger_id, view: modal });
  });
  app.action('approve', async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: 'Approved by bob' });
  });
  app.view('pii_request', async ({ ack, view }) => {
    submitted.push(view.state.values.reason.value.value ?? '');
    await ack();
  });
  app.event('app_mention', async ({ event, say }) => {
    await say({ text: `hello <@${event.user}>`, thread_ts: event.ts });
  });
}

describe('Bolt against the Slack stand-in', () => {
  let standIn: SlackStandIn;

  beforeAll(async () => {
    standIn = await startSlackStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });
  beforeEach(() => standIn.reset());

  function boltApp(receiver: AwsLambdaReceiver | HTTPReceiver): App {
    return new App({
      token: 'xoxb-bolt',
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 } },
    });
  }

  it('serves the HTTPReceiver: slash command, modal, button and mention', async () => {
    const receiver = new HTTPReceiver({ signingSecret: secret, logLevel: LogLevel.ERROR });
    const submitted: string[] = [];
    const app = boltApp(receiver);
    wire(app, submitted);
    const server = (await app.start(0)) as Server;
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const slack = new SlackRequester({ url, signingSecret: secret });

      const commandUrl = standIn.newResponseUrl({ channel: SANDBOX_CHANNELS.general, userId: SANDBOX_USERS.analyst });
      const command = await slack.send(
        slashCommand({ text: 'pii request', userId: SANDBOX_USERS.analyst, responseUrl: commandUrl }),
      );
      expect(command.status).toBe(200);
      const opened = await standIn.waitFor('views.open');
      expect(opened.response.ok).toBe(true);
      const replied = await standIn.waitFor('response_url');
      expect(replied.body).toMatchObject({ response_type: 'ephemeral', text: 'running: pii request' });
      expect(standIn.messages.ephemerals({ user: SANDBOX_USERS.analyst })[0].text).toBe('running: pii request');

      const view = standIn.views.latest();
      expect(view).toBeDefined();
      const submission = await slack.send(
        viewSubmission({
          userId: SANDBOX_USERS.analyst,
          callbackId: 'pii_request',
          view,
          values: { reason: { value: viewValue.plainText('incident 42') } },
        }),
      );
      expect(submission.status).toBe(200);
      expect(submitted).toEqual(['incident 42']);

      const client = app.client;
      const posted = await client.chat.postMessage({
        channel: SANDBOX_CHANNELS.approvals,
        text: 'approve?',
        blocks: [
          {
            type: 'actions',
            block_id: 'decision',
            elements: [{ type: 'button', action_id: 'approve', value: 'req-1', text: { type: 'plain_text', text: 'Approve' } }],
          },
        ],
      });
      const message = standIn.messages.get(SANDBOX_CHANNELS.approvals, posted.ts as string);
      expect(message).toBeDefined();
      const actionUrl = standIn.newResponseUrl({
        channel: message?.channel,
        messageTs: message?.ts,
        userId: SANDBOX_USERS.approver,
      });
      const click = await slack.send(
        blockActions({ userId: SANDBOX_USERS.approver, actionId: 'approve', message, responseUrl: actionUrl }),
      );
      expect(click.status).toBe(200);
      await standIn.waitFor('response_url', (call) => call.responseUrlId !== replied.responseUrlId);
      const after = standIn.messages.get(SANDBOX_CHANNELS.approvals, posted.ts as string);
      expect(after?.text).toBe('Approved by bob');
      expect(textOfBlocks(after?.blocks)).toBe('');

      const mention = await slack.send(
        eventCallback({
          type: 'app_mention',
          user: SANDBOX_USERS.analyst,
          text: '<@U0BOT> hi',
          ts: posted.ts as string,
          channel: SANDBOX_CHANNELS.approvals,
          event_ts: posted.ts as string,
        }),
      );
      expect(mention.status).toBe(200);
      const said = await standIn.waitFor('chat.postMessage', (call) => call.body.text === `hello <@${SANDBOX_USERS.analyst}>`);
      expect(said.body.thread_ts).toBe(posted.ts);

      const forged = await slack.send(slashCommand({ text: 'x', userId: SANDBOX_USERS.analyst, responseUrl: commandUrl }), {
        signingSecret: 'wrong',
      });
      expect(forged.status).toBe(401);
    } finally {
      await app.stop();
    }
  });

  it('serves the AwsLambdaReceiver from API Gateway v2 events', async () => {
    const receiver = new AwsLambdaReceiver({ signingSecret: secret, logLevel: LogLevel.ERROR });
    const submitted: string[] = [];
    const app = boltApp(receiver);
    wire(app, submitted);
    const handler = await receiver.start();

    const responseUrl = standIn.newResponseUrl({ channel: SANDBOX_CHANNELS.general, userId: SANDBOX_USERS.analyst });
    const payload = slashCommand({ text: 'status', userId: SANDBOX_USERS.analyst, responseUrl });
    const headers = signSlackRequest(secret, payload.body, Math.floor(Date.now() / 1000));
    const result = await handler(toApiGatewayV2Event(payload, headers), {});
    expect(result.statusCode).toBe(200);
    await standIn.waitFor('response_url');
    await standIn.waitFor('views.open');

    const encoded = toApiGatewayV2Event(
      viewSubmission({
        userId: SANDBOX_USERS.analyst,
        callbackId: 'pii_request',
        values: { reason: { value: viewValue.plainText('b64') } },
      }),
      {},
      '/slack/events',
      { base64: true },
    );
    // Re-sign over the decoded body: Bolt verifies what Slack signed, not the base64 text.
    const raw = Buffer.from(encoded.body, 'base64').toString('utf8');
    Object.assign(encoded.headers, lowerCase(signSlackRequest(secret, raw, Math.floor(Date.now() / 1000))));
    const submittedResult = await handler(encoded, {});
    expect(submittedResult.statusCode).toBe(200);
    expect(submitted).toEqual(['b64']);

    const unsigned = await handler(toApiGatewayV2Event(payload, {}), {});
    expect(unsigned.statusCode).toBe(401);
  });
});

function lowerCase(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
