import { App, LogLevel, type Logger, type Receiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { ChatopsConfig } from './config/chatops';
import type { Clock } from './clock';
import { builtFeatures } from './features/catalog';
import { registerRouter } from './features/router';
import type { AppPorts, Feature, JobHandlers, ProcessSetup, WatchHandlers, WorkContext } from './features/types';
import { advanceJobs } from './jobs/advance';
import { JobQueue } from './jobs/queue';
import { runJob, type RunOutcome } from './jobs/runner';
import type { TaskRegistry } from './jobs/scheduler';
import type { Dispatcher } from './jobs/types';
import { PeopleResolver } from './approvals/people';
import { botAuthorize } from './slack/bot-authorize';
import { failFastClient, FAIL_FAST_OPTIONS, FAIL_FAST_TIMEOUT_MS, fetchWithin, RESPONSE_URL_TIMEOUT_MS } from './slack/fail-fast';
import { registerApprovalActions } from './approvals/register';
import { ApprovalWorkflow, SLACK_RETRY_JOB } from './approvals/workflow';
import { publishAudit } from './jobs/audit-channel';
import { advanceWatches } from './jobs/watches';
import type { SqlRunner } from './redshift/sql-runner';
import type { WarehouseDirectory } from './redshift/warehouse';
import type { LifecycleDirectory } from './redshift/lifecycle';
import type { Billing } from './redshift/billing';
import type { Store } from './store/store';

export interface AppDeps {
  config: ChatopsConfig;
  /** Built by the runtime: HTTPReceiver, SocketModeReceiver or AwsLambdaReceiver. */
  receiver: Receiver;
  botToken: string;
  /** Base URL of the Slack Web API (SLACK_API_URL), for proxies and the local stand-in. */
  slackApiUrl?: string;
  /** Web API retries; tests and the sandbox turn them off. */
  slackRetries?: number;
  /**
   * When Slack's HTTP answer leaves. `ack` (HTTPReceiver, Socket Mode): at the ack, so listeners may
   * go on calling Slack patiently. `listener-end` (AwsLambdaReceiver): only once every listener has
   * ended, so what listeners call after the ack must fail fast too; jobs and ticks keep a patient client.
   */
  answerLeaves?: 'ack' | 'listener-end';
  store: Store;
  /** Each target's warehouse adapter (created lazily). */
  warehouses: WarehouseDirectory;
  /** Each target's lifecycle adapter (pause, resume, delete; created lazily). */
  lifecycle: LifecycleDirectory;
  /** Serverless usage limits (created lazily). */
  billing: Billing;
  /** The Data API, on each target's way in. */
  sql: SqlRunner;
  dispatcher: Dispatcher;
  clock: Clock;
  logger?: Logger;
  logLevel?: LogLevel;
  /** Defaults to every capability this build ships. */
  features?: readonly Feature[];
  /** How the runtime set this process up (store, AWS client settings, worker), for `/redshift doctor`. */
  setup?: ProcessSetup;
}

export interface ChatopsApp {
  app: App;
  ports: AppPorts;
  /** The Web API client outside listeners (worker, tick); on Lambda built on first use. */
  readonly slack: WebClient;
  tasks: TaskRegistry;
  /** Runs one recorded job; what the worker (Lambda) or the in-process dispatcher calls. */
  runJob(jobId: string): Promise<RunOutcome>;
  /**
   * What a starting server does first: finishes the follow-up of every decided request and sends
   * every queued job a previous process left behind. Running jobs resume once their short lease runs out.
   */
  recover(): Promise<void>;
}

/** Builds the Bolt app with every listener; knows nothing of the runtime it is served by. */
export function createApp(deps: AppDeps): ChatopsApp {
  const features = deps.features ?? builtFeatures;
  const { warehouses, sql, lifecycle, billing } = deps;
  const botIds = deps.config.slack?.botId && deps.config.slack.botUserId ? { botId: deps.config.slack.botId, botUserId: deps.config.slack.botUserId } : undefined;
  const slackApiUrl = deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {};
  const patient = deps.slackRetries !== undefined ? { retryConfig: { retries: deps.slackRetries } } : {};
  const listenerEnd = deps.answerLeaves === 'listener-end';
  const clientOptions = {
    ...slackApiUrl,
    ...(listenerEnd ? FAIL_FAST_OPTIONS : patient),
    fetch: fetchWithin(listenerEnd ? FAIL_FAST_TIMEOUT_MS : RESPONSE_URL_TIMEOUT_MS),
  };
  // The bot token's client outside Bolt's listeners (which get their own with the token from `authorize`); built on first use.
  let botClient: WebClient | undefined;
  const slackClient = (): WebClient => (botClient ??= new WebClient(deps.botToken, { ...clientOptions, logger: app.logger }));
  const app = new App({
    receiver: deps.receiver,
    // auth.test is on the ack path: asked fail-fast, and asked again after a failure (src/slack/bot-authorize.ts).
    authorize: botAuthorize(deps.botToken, botIds, () => failFastClient(slackClient())),
    // Bolt builds listeners' clients and respond() from these options.
    clientOptions,
    ...(deps.logger ? { logger: deps.logger } : {}),
    logLevel: deps.logLevel ?? LogLevel.INFO,
  });
  const logger = app.logger;
  // Jobs and ticks run where nobody waits on an answer: Slack's retries and Retry-After are honoured.
  let jobClient: WebClient | undefined;
  const slackForJobs = (): WebClient => (listenerEnd ? (jobClient ??= new WebClient(deps.botToken, { ...slackApiUrl, ...patient, logger })) : slackClient());
  const jobs = new JobQueue(deps.store, deps.dispatcher, deps.clock);
  // Usergroup lookups answer commands and clicks: they go through the fail-fast client (built on first use).
  const people = new PeopleResolver(() => failFastClient(slackClient()), () => deps.clock.now());
  const approvals = new ApprovalWorkflow({ config: deps.config, store: deps.store, clock: deps.clock, jobs, people, log: (message) => logger.warn(message) });
  const ports: AppPorts = {
    config: deps.config,
    store: deps.store,
    clock: deps.clock,
    jobs,
    warehouses,
    lifecycle,
    billing,
    sql,
    people,
    approvals,
    logger,
    ...(deps.setup ? { setup: deps.setup } : {}),
  };
  registerRouter(app, features, ports);
  registerApprovalActions(app, ports);
  for (const feature of features) feature.register?.(app, ports);

  // The same ports, plus what only work nobody waits on gets: the patient client, built on first use
  // (the `slack` function's cold start never pays for it).
  const work: WorkContext = {
    ...ports,
    get slack() {
      return slackForJobs();
    },
    log: (message) => logger.info(message),
  };
  // Each feature's jobs, watches and tasks in one table each; as before, a later feature's entry wins.
  const jobHandlers: JobHandlers = merged({ [SLACK_RETRY_JOB]: approvals.slackRetryJob() }, features.map((feature) => feature.jobs));
  const watchHandlers: WatchHandlers = merged({}, features.map((feature) => feature.watches));
  const advance: TaskRegistry = {
    'jobs.advance': async () => {
      await advanceJobs(work, deps.dispatcher);
      await advanceWatches(work, watchHandlers);
      await approvals.expireDue(work.slack);
      await publishAudit(work);
    },
  };
  const tasks = merged(advance, features.map((feature) => feature.tasks?.(work)));
  const recover = async () => {
    await approvals.expireDue(work.slack, 100, { resumeAll: true });
    await advanceJobs(work, deps.dispatcher, 100, { atStart: true });
  };
  return {
    app,
    ports,
    get slack() {
      return work.slack;
    },
    tasks,
    runJob: (jobId) => runJob(jobId, jobHandlers, work),
    recover,
  };
}

/** `first`, then each part's entries over it, in order. */
function merged<T extends object>(first: T, parts: readonly (T | undefined)[]): T {
  return parts.reduce<T>((all, part) => ({ ...all, ...part }), first);
}
