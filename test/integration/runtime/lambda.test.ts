import { builtFeatures } from '../../../src/features/catalog';
import { ManualClock } from '../../../src/clock';
import { resetLambdaRuntimeForTests, slack, tick, worker } from '../../../src/runtime/lambda';
import { MAX_BODY_BYTES } from '../../../src/runtime/slack-request-guard';
import type { AwsEmulator } from '../../../src/sandbox/aws/server';
import { SlackRequester, slashCommand, toApiGatewayV2Event, type SlackStandIn } from '../../../src/sandbox/slack';
import { SIGNING_SECRET } from '../../support/bot';
import { minimalConfigYaml } from '../../support/config';
import { countingFeature } from '../../support/counting-feature';
import { startLambdaWorld, type LambdaWorld } from '../../support/lambda-world';

const WORKER = 'redshift-chatops-ci-worker';

describe('Lambda runtime: slack, worker and tick handlers', () => {
  let world: LambdaWorld;
  let aws: AwsEmulator;
  let slackApi: SlackStandIn;
  const counting = countingFeature();
  const signer = new SlackRequester({ url: 'unused', signingSecret: SIGNING_SECRET });

  beforeAll(async () => {
    // As `npm run build` writes it; bot ids configured, so no auth.test at cold start.
    world = await startLambdaWorld({
      configYaml: `${minimalConfigYaml}\nslack:\n  botId: B0BOT\n  botUserId: U0BOT\n`,
      workerFunction: WORKER,
      features: [...builtFeatures, counting.feature],
    });
    ({ aws, slackApi } = world);
  });

  afterAll(async () => world.stop());

  const event = (text: string, options: { secret?: string; timestampSeconds?: number; retry?: boolean } = {}) => {
    const payload = slashCommand({ text, userId: 'U0ANALYST', responseUrl: slackApi.newResponseUrl() });
    return toApiGatewayV2Event(
      payload,
      signer.headersFor(payload, {
        signingSecret: options.secret,
        timestampSeconds: options.timestampSeconds,
        headers: options.retry ? { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } : undefined,
      }),
    );
  };

  test('an API Gateway v2 event with /redshift help is answered by the handler', async () => {
    const response = await slack(event('help'), {});
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('snapshot create');
    expect(slackApi.callsTo('auth.test')).toHaveLength(0);
  });

  test('bad signatures and stale timestamps get 401 and run nothing', async () => {
    const before = counting.runs();
    expect((await slack(event('snapshot create', { secret: 'nope' }), {})).statusCode).toBe(401);
    expect((await slack(event('snapshot create', { timestampSeconds: Math.floor(Date.now() / 1000) - 301 }), {})).statusCode).toBe(401);
    await aws.lambda.idle();
    expect(counting.runs()).toBe(before);
    expect(aws.lambda.invocations).toHaveLength(0);
  });

  test('work is recorded, handed to the worker by an asynchronous invoke, and run once despite a retry', async () => {
    const first = event('snapshot create');
    const response = await slack(first, {});
    expect(JSON.parse(response.body)).toMatchObject({ text: 'Started.' });
    const retried = { ...first, headers: { ...first.headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } };
    expect(JSON.parse((await slack(retried, {})).body)).toMatchObject({ text: 'Already started.' });
    await aws.lambda.idle();
    expect(counting.runs()).toBe(1);
    expect(aws.lambda.invocations).toEqual([
      expect.objectContaining({ functionName: WORKER, invocationType: 'Event', payload: { jobId: expect.stringMatching(/^j-/) } }),
    ]);
    // A redelivery of the same envelope (Lambda retries async invokes) finds the job done.
    const redelivered = await worker(aws.lambda.invocations[0].payload as { jobId: string });
    expect(redelivered.outcome).toBe('skipped');
    expect(counting.runs()).toBe(1);
  });

  test('requests dated more than 5 minutes either way, or with a body over the cap, are refused before anything runs', async () => {
    // Pinned to wall-clock time, so the ±300 s boundary is exact.
    const pinned = new ManualClock(Date.now());
    resetLambdaRuntimeForTests([...builtFeatures, counting.feature], pinned);
    const now = Math.floor(pinned.now() / 1000);
    const before = counting.runs();
    const invoked = aws.lambda.invocations.length;
    for (const offset of [301, 365 * 24 * 3600, -301]) {
      expect((await slack(event('snapshot create', { timestampSeconds: now + offset }), {})).statusCode).toBe(401);
    }
    const big = event('snapshot create', { timestampSeconds: now });
    const padded = { ...big, body: `${big.body}&pad=${'x'.repeat(MAX_BODY_BYTES)}` };
    expect((await slack(padded, {})).statusCode).toBe(413);
    for (const offset of [299, -299]) {
      const response = await slack(event('help', { timestampSeconds: now + offset }), {});
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ response_type: 'ephemeral' });
    }
    await aws.lambda.idle();
    expect(counting.runs()).toBe(before);
    expect(aws.lambda.invocations).toHaveLength(invoked);
  });

  test('tick runs the schedules that came due, and a doubled tick runs nothing again', async () => {
    const first = await tick();
    const ran = first.filter((outcome) => outcome.ran).map((outcome) => outcome.schedule);
    expect(ran).toEqual(expect.arrayContaining(['access-expiry', 'jobs-advance']));
    const again = await tick();
    expect(again.filter((outcome) => outcome.ran)).toEqual([]);
  });
});
