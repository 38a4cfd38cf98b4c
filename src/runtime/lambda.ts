import { readFileSync } from 'node:fs';
import { AwsLambdaReceiver } from '@slack/bolt';
import { createApp, type ChatopsApp } from '../app';
import type { ChatopsConfig } from '../config/chatops';
import { readCompiledConfig } from '../config/compiled';
import { parseEnv } from '../config/env';
import { systemClock, type Clock } from '../clock';
import { LambdaDispatcher } from '../jobs/lambda-dispatcher';
import type { Feature } from '../features/types';
import type { RunOutcome } from '../jobs/runner';
import type { ScheduleOutcome } from '../jobs/scheduler';
import type { JobEnvelope } from '../jobs/types';
import { lazyStore } from '../store/lazy';
import type { Store } from '../store/store';
import { openStore } from './store-factory';
import { lazyAws } from './aws';
import { guardLambdaEvent } from './slack-request-guard';
import type { AwsEvent, AwsResponse } from './lambda-event';

interface LambdaRuntime {
  config: ChatopsConfig;
  store: Store;
  chatops: ChatopsApp;
  handle: (event: AwsEvent, context: unknown) => Promise<AwsResponse>;
}

let runtime: Promise<LambdaRuntime> | undefined;
let featureOverride: readonly Feature[] | undefined;
/** What request timestamps are held to: wall-clock time, as Slack signs with it. */
let requestClock: Clock = systemClock;

/** Built once per container and shared by all three handlers; a failed start is retried on the next event. */
function lambdaRuntime(): Promise<LambdaRuntime> {
  runtime ??= buildRuntime().catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

async function buildRuntime(): Promise<LambdaRuntime> {
  const env = parseEnv(process.env);
  if (!env.slack) throw new Error('SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN must be set for the Lambda functions');
  if (env.store.kind !== 'dynamodb') throw new Error('On Lambda CHATOPS_STORE must be dynamodb:TABLE; local files do not survive');
  if (!env.workerFunction) throw new Error('CHATOPS_WORKER_FUNCTION must name the worker function');
  // The build validated chatops.yml into JSON; YAML and the schemas stay out of the cold start.
  const config = readCompiledConfig(readFileSync(env.configPath, 'utf8'), env.configPath);
  const storeSpec = env.store;
  const store = lazyStore(() => openStore(storeSpec, systemClock));
  const receiver = new AwsLambdaReceiver({ signingSecret: env.slack.signingSecret });
  const chatops = createApp({
    config,
    receiver,
    botToken: env.slack.botToken,
    slackApiUrl: env.slackApiUrl,
    store,
    ...lazyAws(config),
    // The answer leaves only when the listener ends: what listeners call after the ack must fail fast.
    answerLeaves: 'listener-end',
    dispatcher: new LambdaDispatcher(env.workerFunction),
    clock: systemClock,
    features: featureOverride,
    setup: { store: storeSpec, aws: {}, workerFunction: env.workerFunction },
  });
  return { config, store, chatops, handle: receiver.toHandler() };
}

/** `slack`: POST /slack/events from API Gateway (HTTP API, payload v2); acks, records jobs, invokes the worker. */
export async function slack(event: AwsEvent, context: unknown): Promise<AwsResponse> {
  // Refused before the runtime is built: a forged or future-dated request costs no cold start.
  const refused = guardLambdaEvent(event, requestClock.now());
  if (refused) return refused;
  return (await lambdaRuntime()).handle(event, context);
}

/** `worker`: invoked asynchronously with a job envelope; runs the recorded job once. */
export async function worker(envelope: JobEnvelope): Promise<{ jobId: string; outcome: RunOutcome }> {
  if (typeof envelope?.jobId !== 'string') throw new Error('worker expects {"jobId": "..."}');
  const { chatops } = await lambdaRuntime();
  return { jobId: envelope.jobId, outcome: await chatops.runJob(envelope.jobId) };
}

/** `tick`: EventBridge rate schedule; runs every schedule that came due since the last tick, once. */
export async function tick(): Promise<ScheduleOutcome[]> {
  const { config, store, chatops } = await lambdaRuntime();
  // Loaded here, not at the top: the cron maths has no place in the `slack` function's cold start.
  const { runDueSchedules } = await import('../jobs/scheduler');
  return runDueSchedules(config, { store, clock: systemClock, tasks: chatops.tasks });
}

/** Tests rebuild the runtime after changing the environment, optionally with extra features and a pinned request clock. */
export function resetLambdaRuntimeForTests(features?: readonly Feature[], clock: Clock = systemClock): void {
  runtime = undefined;
  featureOverride = features;
  requestClock = clock;
}
