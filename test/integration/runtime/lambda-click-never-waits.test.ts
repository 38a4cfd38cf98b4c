import { APPROVE_ACTION } from '../../../src/approvals/blocks';
import { slack } from '../../../src/runtime/lambda';
import type { AwsEmulator } from '../../../src/sandbox/aws/server';
import { blockActions, SlackRequester, slashCommand, toApiGatewayV2Event, type SlackPayload, type SlackStandIn } from '../../../src/sandbox/slack';
import { SIGNING_SECRET } from '../../support/bot';
import { accessYaml } from '../../support/config';
import { startLambdaWorld, type LambdaWorld } from '../../support/lambda-world';
import { twoTargetsYaml } from '../../support/warehouse-bot';

/**
 * On Lambda a click's answer leaves only when its listener ends, so the Slack calls a listener makes
 * after the ack (redrawing the request, telling the clicker) fail fast instead of waiting out a
 * Retry-After; what they could not do is handed to a job, whose client waits Slack out. Here
 * chat.update answers 429 with Retry-After: 30 at the moment of the click.
 */
const WORKER = 'redshift-chatops-click-worker';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
const ADMIN = 'U0ADMIN';
const FAST_MS = 2_500;
const yaml = `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' }, 'approvalsRequired: 2').replace('users: [U0APPROVER]', `users: [${BOB}, ${ADMIN}]`)}slack:
  botId: B0BOT
  botUserId: U0BOT
`;

describe('Lambda `slack` handler: a click is answered without waiting on the Web API', () => {
  let world: LambdaWorld;
  let aws: AwsEmulator;
  let slackApi: SlackStandIn;
  const signer = new SlackRequester({ url: 'unused', signingSecret: SIGNING_SECRET });
  const send = (payload: SlackPayload) => slack(toApiGatewayV2Event(payload, signer.headersFor(payload)), {});

  beforeAll(async () => {
    world = await startLambdaWorld({ configYaml: yaml, workerFunction: WORKER });
    ({ aws, slackApi } = world);
  });

  afterAll(async () => world.stop());

  /** The approval message in the approvals channel, posted by the worker's access.open job. */
  const requestMessage = async () => {
    const response = await send(slashCommand({ text: 'access request pii_users 1h ticket 7', userId: ALICE, responseUrl: slackApi.newResponseUrl({ userId: ALICE }) }));
    expect(response.statusCode).toBe(200);
    await aws.lambda.idle();
    const posted = slackApi.callsTo('chat.postMessage').find((call) => call.body.channel === 'C0APPROVALS');
    if (!posted || typeof posted.response.ts !== 'string') throw new Error('no approval message was posted');
    const message = slackApi.messages.get('C0APPROVALS', posted.response.ts);
    if (!message) throw new Error('the approval message is not in the channel');
    return message;
  };

  test('Approve with chat.update rate-limited: answered at once, recorded, and the message redrawn by a job', async () => {
    const message = await requestMessage();
    const approve = (message.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === APPROVE_ACTION);
    expect(approve?.value).toMatch(/.+/);
    slackApi.rateLimitNext('chat.update', 30);
    const since = slackApi.calls.length;
    const started = Date.now();
    const response = await send(
      blockActions({
        userId: BOB,
        actionId: APPROVE_ACTION,
        value: approve?.value ?? '',
        channelId: 'C0APPROVALS',
        message: { ...message, channel: 'C0APPROVALS' },
        responseUrl: slackApi.newResponseUrl({ channel: 'C0APPROVALS', userId: BOB }),
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    const approvalUpdates = () => slackApi.calls.slice(since).filter((call) => call.method === 'chat.update' && call.body.channel === 'C0APPROVALS');
    // The listener's own redraw of the approval message was refused (429) …
    expect(approvalUpdates().map((call) => call.response.ok)).toEqual([false]);
    // … and the job drew "1 of 2" once Slack answered again.
    await aws.lambda.idle();
    expect(approvalUpdates().map((call) => call.response.ok)).toEqual([false, true]);
    expect(JSON.stringify(slackApi.messages.get('C0APPROVALS', String(message.ts)))).toContain('1 of 2');
  }, 20_000);
});
