import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTPReceiver, LogLevel, SocketModeReceiver, type Receiver } from '@slack/bolt';
import cron from 'node-cron';
import { createApp, type ChatopsApp } from '../app';
import type { ChatopsConfig } from '../config/chatops';
import type { Env } from '../config/env';
import { systemClock, type Clock } from '../clock';
import type { Feature } from '../features/types';
import { InProcessDispatcher } from '../jobs/in-process-dispatcher';
import { RUNNING_LEASE_MS } from '../jobs/queue';
import { runScheduleIfDue } from '../jobs/scheduler';
import type { Store } from '../store/store';
import { openStore } from './store-factory';
import { lazyAws, type AwsPorts } from './aws';
import type { AwsClientSettings } from '../redshift/clients';
import { guardRequestListener, MAX_BODY_BYTES } from './slack-request-guard';

export const SLACK_EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

export interface ServerOptions {
  env: Env;
  config: ChatopsConfig;
  clock?: Clock;
  /** Defaults to the store CHATOPS_STORE names. */
  store?: Store;
  features?: readonly Feature[];
  /** Warehouses and the Data API; default: the AWS SDK's own settings (AWS_REGION, AWS_ENDPOINT_URL_*, credentials chain). */
  aws?: AwsPorts;
  /** The settings `aws` was made with (the sandbox: the emulator), so `/redshift doctor` makes its clients alike. Default: {}. */
  awsSettings?: AwsClientSettings;
  slackRetries?: number;
  logLevel?: LogLevel;
  /** Off in tests that drive schedules themselves. */
  schedules?: boolean;
  /**
   * What request timestamps are held to. Default: wall-clock time, as Slack signs with it and Bolt
   * checks stale ones against it; `clock` may be a sandbox's clock that jumps ahead.
   */
  requestClock?: Clock;
}

export interface RunningServer {
  chatops: ChatopsApp;
  store: Store;
  dispatcher: InProcessDispatcher;
  /** Where the HTTP receiver listens (absent in Socket Mode). */
  url?: string;
  stop(): Promise<void>;
}

/**
 * The long-lived runtime: Bolt's HTTPReceiver at /slack/events (or Socket Mode when SLACK_APP_TOKEN is
 * set), jobs run in this process, node-cron fires the schedules, state in SQLite by default.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { env, config } = options;
  if (!env.slack) throw new Error('startServer needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
  const clock = options.clock ?? systemClock;
  const store = options.store ?? (await openStore(env.store, clock));
  let chatops: ChatopsApp | undefined;
  const dispatcher = new InProcessDispatcher(
    async ({ jobId }) => chatops?.runJob(jobId),
    (error) => chatops?.app.logger.error('job failed to run', error),
  );
  const healthRoute = {
    path: HEALTH_PATH,
    method: ['GET'],
    handler: (_req: unknown, res: { writeHead(status: number, headers: Record<string, string>): void; end(body: string): void }) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok' }));
    },
  };
  let receiver: Receiver;
  if (env.slack.appToken) {
    receiver = new SocketModeReceiver({ appToken: env.slack.appToken, customRoutes: [healthRoute], installerOptions: { port: env.port } });
  } else {
    const http = new HTTPReceiver({
      signingSecret: env.slack.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      customRoutes: [healthRoute],
      bodyLimit: MAX_BODY_BYTES,
    });
    // Bolt's server calls this property for every request, so the guard runs before Bolt reads the body.
    http.requestListener = guardRequestListener(http.requestListener, {
      path: SLACK_EVENTS_PATH,
      clock: options.requestClock ?? systemClock,
      onRefused: (reason) => chatops?.app.logger.warn(`refused a request to ${SLACK_EVENTS_PATH}: ${reason}`),
    });
    receiver = http;
  }
  chatops = createApp({
    config,
    receiver,
    botToken: env.slack.botToken,
    slackApiUrl: env.slackApiUrl,
    slackRetries: options.slackRetries,
    store,
    ...(options.aws ?? lazyAws(config)),
    dispatcher,
    clock,
    logLevel: options.logLevel,
    features: options.features,
    // A store handed in is not necessarily the one CHATOPS_STORE names: then the doctor says it cannot tell.
    ...(options.store ? {} : { setup: { store: env.store, aws: options.awsSettings ?? {} } }),
  });
  // Bolt types the result as its HTTP receiver's server; the receiver in use may hand back something else.
  const started: unknown = await chatops.app.start(env.port);
  const url = isServer(started) ? `http://127.0.0.1:${portOf(started.address())}` : undefined;

  const app = chatops;
  // Half-done work of a process that died (a decision without its job, a job never dispatched) resumes now, not at a later tick.
  await app.recover().catch((error: unknown) => app.app.logger.error('recovery at start failed; the tick retries it', error));
  // A job the dead process was running still holds its short lease: look again once it has run out,
  // so it resumes within seconds of the restart rather than at the next jobs.advance tick.
  const afterLeases = setTimeout(() => {
    app.recover().catch((error: unknown) => app.app.logger.error('recovery after the leases failed; the tick retries it', error));
  }, RUNNING_LEASE_MS + 1_000);
  afterLeases.unref();
  const tasks =
    options.schedules === false
      ? []
      : config.schedules
          .filter((schedule) => schedule.enabled)
          .map((schedule) =>
            cron.schedule(
              schedule.cron,
              async () => {
                // node-cron may fire a hair early; the tolerance lets this firing claim its own occurrence.
                const outcome = await runScheduleIfDue(schedule, { store, clock, tasks: app.tasks }, { toleranceMs: 1000 });
                if (outcome.ran && outcome.outcome === 'failed') app.app.logger.error(`schedule ${schedule.name} failed: ${outcome.error}`);
              },
              { timezone: schedule.timezone, name: schedule.name },
            ),
          );

  return {
    chatops,
    store,
    dispatcher,
    url,
    async stop() {
      clearTimeout(afterLeases);
      for (const task of tasks) await task.destroy();
      await app.app.stop();
      await dispatcher.idle();
      await store.close();
    },
  };
}

/** The port of a TCP listener's address; a pipe or a closed server has none. */
function portOf(address: AddressInfo | string | null): number | undefined {
  return typeof address === 'object' && address !== null ? address.port : undefined;
}

function isServer(value: unknown): value is Server {
  return typeof value === 'object' && value !== null && 'address' in value && typeof value.address === 'function';
}
