import { resetLambdaRuntimeForTests, slack } from '../../../src/runtime/lambda';
import { SlackRequester, slashCommand, toApiGatewayV2Event } from '../../../src/sandbox/slack';
import { SIGNING_SECRET } from '../../support/bot';
import { minimalConfigYaml } from '../../support/config';
import { startLambdaWorld, type LambdaWorld } from '../../support/lambda-world';

/**
 * Without `slack.botId`/`botUserId` the bot asks auth.test who it is on its first request. A failed
 * answer (Slack down for a moment at a cold start) must cost that one request, not every later one
 * on the same instance.
 */
describe('auth.test failing on a cold start', () => {
  let world: LambdaWorld;
  const signer = new SlackRequester({ url: 'unused', signingSecret: SIGNING_SECRET });
  beforeAll(async () => {
    world = await startLambdaWorld({ configYaml: minimalConfigYaml, workerFunction: 'redshift-chatops-ci-worker' });
  });
  afterAll(async () => world.stop());

  const help = async () => {
    const payload = slashCommand({ text: 'help', userId: 'U0ANALYST', responseUrl: world.slackApi.newResponseUrl() });
    const response = await slack(toApiGatewayV2Event(payload, signer.headersFor(payload)), {});
    return `${response.statusCode} ${response.body}`;
  };

  // Bolt's Lambda receiver answers a failed authorization with 500: Slack shows the person the command failed.
  test('the failed request is refused; the next asks again and is answered; later ones ask nothing', async () => {
    resetLambdaRuntimeForTests();
    world.slackApi.failNext('auth.test', 'internal_error');
    expect(await help()).toMatch(/^500 /);
    expect(await help()).toMatch(/^200 .*snapshot create/);
    expect(await help()).toMatch(/^200 .*snapshot create/);
    expect(world.slackApi.callsTo('auth.test')).toHaveLength(2);
  });

  test('a rate-limited auth.test is not waited out on the ack path, and is asked again next time', async () => {
    resetLambdaRuntimeForTests();
    const before = world.slackApi.callsTo('auth.test').length;
    world.slackApi.rateLimitNext('auth.test', 30);
    const started = Date.now();
    expect(await help()).toMatch(/^500 /);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await help()).toMatch(/^200 .*snapshot create/);
    expect(world.slackApi.callsTo('auth.test').length - before).toBe(2);
  });
});
