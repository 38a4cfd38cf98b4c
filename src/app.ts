import { App, LogLevel, type Logger, type Receiver } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ChatopsConfig } from './config/chatops';
import type { Clock } from './clock';
import { builtFeatures } from './features/catalog';
import { registerRouter } from './features/router';
import type { AppPorts, Feature } from './features/types';
import { advanceJobs } from './jobs/advance';
import { JobQueue } from './jobs/queue';
import { runJob, type JobHandlers, type RunOutcome } from './jobs/runner';
import type { TaskRegistry } from './jobs/scheduler';
import type { Dispatcher, WorkContext } from './jobs/types';
import { PeopleResolver } from './approvals/people';
import { failFastClient } from './slack/fail-fast';
import { registerApprovalActions } from './approvals/register';
import { ApprovalWorkflow } from './approvals/workflow';
import { publishAudit } from './jobs/audit-channel';
import { advanceWatches, type WatchHandlers } from './jobs/watches';
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
}

export interface ChatopsApp {
  app: App;
  ports: AppPorts;
  /** The Web API client outside listeners (worker, tick). */
  slack: WebClient;
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
  const botIds = deps.config.slack?.botId && deps.config.slack.botUserId ? deps.config.slack : undefined;
  const app = new App({
    token: deps.botToken,
    receiver: deps.receiver,
    // With the bot's ids known, no auth.test is made at cold start.
    ...(botIds ? { botId: botIds.botId, botUserId: botIds.botUserId, tokenVerificationEnabled: false } : {}),
    clientOptions: {
      ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}),
      ...(deps.slackRetries !== undefined ? { retryConfig: { retries: deps.slackRetries } } : {}),
    },
    ...(deps.logger ? { logger: deps.logger } : {}),
    logLevel: deps.logLevel ?? LogLevel.INFO,
  });
  const logger = app.logger;
  const jobs = new JobQueue(deps.store, deps.dispatcher, deps.clock);
  // Usergroup lookups answer commands and clicks: they go through the fail-fast client (built on first use).
  const people = new PeopleResolver(() => failFastClient(app.client), () => deps.clock.now());
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
  };
  registerRouter(app, features, ports);
  registerApprovalActions(app, ports);
  for (const feature of features) feature.register?.(app, ports);

  const work: WorkContext = {
    config: deps.config,
    store: deps.store,
    clock: deps.clock,
    slack: app.client,
    warehouses,
    lifecycle,
    billing,
    sql,
    approvals,
    log: (message) => logger.info(message),
  };
  // Each feature's jobs, watches and tasks in one table each; as before, a later feature's entry wins.
  const jobHandlers: JobHandlers = merged({}, features.map((feature) => feature.jobs));
  const watchHandlers: WatchHandlers = merged({}, features.map((feature) => feature.watches));
  const advance: TaskRegistry = {
    'jobs.advance': async () => {
      await advanceJobs(work, deps.dispatcher);
      await advanceWatches(work, watchHandlers);
      await approvals.expireDue(app.client);
      await publishAudit(work);
    },
  };
  const tasks = merged(advance, features.map((feature) => feature.tasks?.(work)));
  const recover = async () => {
    await approvals.expireDue(app.client, 100, { resumeAll: true });
    await advanceJobs(work, deps.dispatcher, 100, { atStart: true });
  };
  return { app, ports, slack: app.client, tasks, runJob: (jobId) => runJob(jobId, jobHandlers, work), recover };
}

/** `first`, then each part's entries over it, in order. */
function merged<T extends object>(first: T, parts: readonly (T | undefined)[]): T {
  return parts.reduce<T>((all, part) => ({ ...all, ...part }), first);
}
