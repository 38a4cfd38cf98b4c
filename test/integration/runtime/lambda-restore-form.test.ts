import { RESTORE_MODAL } from '../../../src/features/backup/restore-form';
import { slack, worker } from '../../../src/runtime/lambda';
import {
  SlackRequester,
  slashCommand,
  toApiGatewayV2Event,
  viewSubmission,
  type JsonObject,
  type SlackPayload,
} from '../../../src/sandbox/slack';
import { SIGNING_SECRET } from '../../support/bot';
import { startLambdaWorld, type LambdaWorld } from '../../support/lambda-world';
import { restoreFormValues } from '../../support/restore-form';
import { twoTargetsYaml } from '../../support/warehouse-bot';

/**
 * On Lambda the HTTP answer leaves only when the listener ends: the restore form's submission must
 * not load the AWS SDK's Redshift clients or call AWS before it. It answers with the "checking" view;
 * the worker (held here until the answer is in) makes the live checks and redraws the modal.
 */
const WORKER = 'redshift-chatops-restore-form-worker';
const ALICE = 'U0ANALYST';
const FAST_MS = 2_500;

describe('Lambda `slack` handler: the restore form is answered before any AWS check', () => {
  let world: LambdaWorld;
  const signer = new SlackRequester({ url: 'unused', signingSecret: SIGNING_SECRET });
  /** The worker waits for this before it runs: what runs before the answer is the `slack` function's alone. */
  let release: () => void = () => undefined;
  let held = Promise.resolve();

  beforeAll(async () => {
    world = await startLambdaWorld({ configYaml: twoTargetsYaml, workerFunction: WORKER });
    // Redshift, Serverless and the Data API on the emulator too (it has no cluster: every live check fails).
    process.env.AWS_ENDPOINT_URL = world.aws.endpoint;
    world.aws.lambda.register(WORKER, async (event) => {
      await held;
      return worker(event as { jobId: string });
    });
  });
  afterAll(async () => world.stop());

  const send = async (payload: SlackPayload) => {
    const started = Date.now();
    const response = await slack(toApiGatewayV2Event(payload, signer.headersFor(payload)), {});
    return { status: response.statusCode, ms: Date.now() - started, json: (response.body ? JSON.parse(response.body) : {}) as JsonObject };
  };
  const lastSeq = () => world.slackApi.calls.reduce((max, call) => Math.max(max, call.seq), 0);

  test('acked with "checking" in time, no AWS call before the answer; the worker then redraws the modal with the problems', async () => {
    expect(
      (await send(slashCommand({ text: 'help', userId: ALICE, responseUrl: world.slackApi.newResponseUrl({ userId: ALICE }) }))).status,
    ).toBe(200);
    await send(slashCommand({ text: 'restore prod', userId: ALICE, responseUrl: world.slackApi.newResponseUrl({ userId: ALICE }) }));
    const opened = await world.slackApi.waitFor('views.open');
    await world.aws.lambda.idle();
    const view = opened.response.view as JsonObject;

    held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const invoked = world.aws.lambda.invocations.length;
    const since = lastSeq();
    const answer = await send(
      viewSubmission({
        userId: ALICE,
        callbackId: RESTORE_MODAL,
        view,
        values: restoreFormValues({ source: 'snapshot:before-cleanup', schema: 'analytics', table: 'sessions' }),
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(FAST_MS);
    expect(answer.json).toMatchObject({ response_action: 'update', view: { callback_id: RESTORE_MODAL } });
    expect(JSON.stringify(answer.json)).toContain(
      ':hourglass_flowing_sand: Checking snapshot `before-cleanup` and `analytics.sessions` in `dev`…',
    );
    // Only the worker was asked for (the job), and the check has not run: the answer waited on no AWS check.
    expect(world.aws.lambda.invocations.slice(invoked).map((i) => i.functionName)).toEqual([WORKER]);
    expect(world.slackApi.calls.filter((call) => call.seq > since && call.method === 'views.update')).toEqual([]);

    release();
    await world.aws.lambda.idle();
    const redrawn = world.slackApi.calls.filter((call) => call.seq > since && call.method === 'views.update');
    expect(redrawn).toHaveLength(1);
    expect(redrawn[0].body.view_id).toBe(view.id);
    expect(JSON.stringify(redrawn[0].body.view)).toContain('What was wrong with the form');
  }, 30_000);
});
