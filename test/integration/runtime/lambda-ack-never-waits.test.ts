import { slack } from '../../../src/runtime/lambda';
import type { AwsEmulator } from '../../../src/sandbox/aws/server';
import { SlackRequester, slashCommand, toApiGatewayV2Event, type SlackStandIn } from '../../../src/sandbox/slack';
import { SIGNING_SECRET } from '../../support/bot';
import { usergroupGatedYaml } from '../../support/config';
import { startLambdaWorld, type LambdaWorld } from '../../support/lambda-world';
import { twoTargetsYaml } from '../../support/warehouse-bot';

/**
 * On Lambda the HTTP answer leaves only when the whole listener has ended, so nothing in it may wait
 * out a Retry-After (the production client would retry for minutes). With users.info,
 * usergroups.users.list and views.open answering 429 with Retry-After: 30, the `slack` handler still
 * answers in well under 3 s, and the person is told that Slack is busy.
 */
const WORKER = 'redshift-chatops-ack-worker';
const BOB = 'U0APPROVER';
const FAST_MS = 2_500;
const yaml = `${twoTargetsYaml}${usergroupGatedYaml}slack:
  botId: B0BOT
  botUserId: U0BOT
`;

describe('Lambda `slack` handler: the answer never waits on the Web API', () => {
  let world: LambdaWorld;
  let aws: AwsEmulator;
  let slackApi: SlackStandIn;
  const signer = new SlackRequester({ url: 'unused', signingSecret: SIGNING_SECRET });

  beforeAll(async () => {
    world = await startLambdaWorld({ configYaml: yaml, workerFunction: WORKER });
    ({ aws, slackApi } = world);
  });

  afterAll(async () => world.stop());

  const lastSeq = () => slackApi.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const timed = async (text: string) => {
    const payload = slashCommand({ text, userId: BOB, responseUrl: slackApi.newResponseUrl({ userId: BOB }) });
    const started = Date.now();
    const response = await slack(toApiGatewayV2Event(payload, signer.headersFor(payload)), {});
    const body = response.body ? (JSON.parse(response.body) as { text?: string }) : {};
    return { status: response.statusCode, ms: Date.now() - started, text: body.text ?? '' };
  };
  const answered = async (since: number) => String((await slackApi.waitFor('response_url', (call) => call.seq > since, 5_000)).body.text);

  test('a warm-up command builds the runtime (the cold start is not what is measured)', async () => {
    expect((await timed('help')).status).toBe(200);
  });

  test('access request (typed in full): answered at once; the worker says Slack is busy, nothing requested', async () => {
    slackApi.rateLimitNext('users.info', 30);
    const since = lastSeq();
    const { status, ms, text } = await timed('access request pii_users 1h ticket 7');
    expect(status).toBe(200);
    expect(ms).toBeLessThan(FAST_MS);
    expect(text).toContain('Looking up your database user');
    await aws.lambda.idle();
    expect(await answered(since)).toContain('Slack is busy');
    expect(slackApi.callsTo('chat.postMessage').filter((call) => call.seq > since)).toHaveLength(0);
  }, 20_000);

  test('access request (form): a rate-limited views.open is answered in time and says Slack is busy', async () => {
    slackApi.rateLimitNext('views.open', 30);
    const since = lastSeq();
    const { status, ms } = await timed('access request');
    expect(status).toBe(200);
    expect(ms).toBeLessThan(FAST_MS);
    expect(await answered(since)).toContain('Slack is busy');
  }, 20_000);

  test('pause <target>: a rate-limited usergroup check is answered in time and says Slack is busy', async () => {
    slackApi.rateLimitNext('usergroups.users.list', 30);
    const since = lastSeq();
    const invoked = aws.lambda.invocations.length;
    const { status, ms } = await timed('pause prod');
    expect(status).toBe(200);
    expect(ms).toBeLessThan(FAST_MS);
    expect(await answered(since)).toContain('Slack is busy');
    await aws.lambda.idle();
    expect(aws.lambda.invocations).toHaveLength(invoked);
  }, 20_000);

  test('restore: a rate-limited usergroup check is answered in time and says Slack is busy', async () => {
    slackApi.rateLimitNext('usergroups.users.list', 30);
    const since = lastSeq();
    const { status, ms } = await timed('restore prod');
    expect(status).toBe(200);
    expect(ms).toBeLessThan(FAST_MS);
    expect(await answered(since)).toContain('Slack is busy');
    expect(slackApi.callsTo('views.open').filter((call) => call.seq > since)).toHaveLength(0);
  }, 20_000);
});
