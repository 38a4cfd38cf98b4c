import { slack } from '../../../src/runtime/lambda';
import { SlackRequester, slashCommand, toApiGatewayV2Event, type JsonObject } from '../../../src/sandbox/slack';
import { SIGNING_SECRET } from '../../support/bot';
import { minimalConfigYaml } from '../../support/config';
import { startLambdaWorld, type LambdaWorld } from '../../support/lambda-world';

const WORKER = 'redshift-chatops-doctor-worker';
const ALICE = 'U0ANALYST';

/**
 * `/redshift doctor` on Lambda: the `slack` function checks the policy, acks and records the job; the
 * worker, invoked asynchronously, runs the checks with the Lambda's own setup (the DynamoDB store on
 * dynalite, the worker's name) and answers through the response URL.
 */
describe('Lambda: /redshift doctor', () => {
  let world: LambdaWorld;
  const signer = new SlackRequester({ url: 'unused', signingSecret: SIGNING_SECRET });

  beforeAll(async () => {
    world = await startLambdaWorld({
      configYaml: `${minimalConfigYaml}\nslack:\n  botId: B0BOT\n  botUserId: U0BOT\n`,
      workerFunction: WORKER,
    });
    // Redshift and the Data API on the emulator too (it has no cluster: those checks fail, quickly).
    process.env.AWS_ENDPOINT_URL = world.aws.endpoint;
    process.env.AWS_MAX_ATTEMPTS = '1';
  });
  afterAll(async () => world.stop());

  test('acked by the slack function, run by the worker, answered with the DynamoDB store and the worker checked', async () => {
    const payload = slashCommand({ text: 'doctor', userId: ALICE, responseUrl: world.slackApi.newResponseUrl({ userId: ALICE }) });
    const since = world.slackApi.calls.reduce((max, call) => Math.max(max, call.seq), 0);
    const response = await slack(toApiGatewayV2Event(payload, signer.headersFor(payload)), {});
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body) as JsonObject).text).toContain('Checking the setup');
    await world.aws.lambda.idle();
    expect(world.aws.lambda.invocations.map((invocation) => invocation.functionName)).toEqual([WORKER]);
    const answers = world.slackApi.calls
      .filter((call) => call.seq > since && call.method === 'response_url')
      .map((call) => JSON.stringify(call.body));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/Setup check for prod: \d+ ok, \d+ missing \(\d+ required\), \d+ not verified/);
    expect(answers[0]).toContain("DynamoDB table chatops exists with the bot's keys");
    expect(answers[0]).not.toContain('state store');
    // The worker's own name reached the checks (the Lambda runtime's setup).
    expect(answers[0]).toContain('lambda:InvokeFunction');
    expect(answers[0]).not.toContain('xoxb-');
  }, 60_000);
});
