import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import type { ChatopsConfig } from '../config/chatops';
import type { Env } from '../config/env';
import { runDueSchedules } from '../jobs/scheduler';
import { startAwsEmulator } from '../sandbox/aws/server';
import { OffsetClock, runPanelSql, sqlTargets, startConsole } from '../sandbox/console';
import { SlackRequester, startSlackStandIn } from '../sandbox/slack';
import { lazyAws } from './aws';
import { startServer } from './server';

export interface SandboxOptions {
  config: ChatopsConfig;
  /** The console's port (PORT, default 3000); 0 picks a free one. */
  port: number;
  host?: string;
  /** The bot's store goes here; emptied at every start (see README: the warehouse is in memory). */
  stateDir: string;
  /** How often due schedules run, as node-cron would fire them. */
  tickMs?: number;
  logLevel?: LogLevel;
}

export interface RunningSandbox {
  consoleUrl: string;
  slackUrl: string;
  awsEndpoint: string;
  botUrl: string;
  clock: OffsetClock;
  stop(): Promise<void>;
}

/** The emulator's seeded database users, for the console's SQL panel. */
const DB_USERS = ['alice', 'bob', 'carol', 'chatops_admin'];

/**
 * `npm start` without Slack credentials: the AWS emulator and the Slack stand-in in this process,
 * the real server runtime pointed at both, and the console in front. Nothing leaves the machine.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { config } = options;
  // Start fresh: the emulator's warehouses live in memory, so an old store would describe grants,
  // snapshots and requests the new warehouse never had.
  rmSync(options.stateDir, { recursive: true, force: true });
  mkdirSync(options.stateDir, { recursive: true });

  const clock = new OffsetClock();
  const aws = await startAwsEmulator({ clock });
  await aws.ready;
  const slack = await startSlackStandIn({ clock });
  const signingSecret = randomBytes(16).toString('hex');
  const env: Env = {
    slack: { signingSecret, botToken: 'xoxb-sandbox' },
    slackApiUrl: slack.apiUrl,
    configPath: 'sandbox',
    store: { kind: 'sqlite', path: join(options.stateDir, 'state.db') },
    port: 0,
  };
  const bot = await startServer({
    env,
    config,
    clock,
    aws: lazyAws(config, { endpoint: aws.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } }),
    schedules: false,
    logLevel: options.logLevel ?? LogLevel.WARN,
  });
  if (bot.url === undefined) throw new Error('the sandbox bot did not start an HTTP receiver');

  // Schedules run like the Lambda tick: every due one once. The console's clock control calls the
  // same function after moving time, so both never run an occurrence twice.
  let ticking: Promise<string[]> = Promise.resolve([]);
  const tick = (): Promise<string[]> =>
    (ticking = ticking.then(async () => {
      const outcomes = await runDueSchedules(config, { store: bot.store, clock, tasks: bot.chatops.tasks });
      await bot.dispatcher.idle();
      return outcomes.filter((outcome) => outcome.ran).map((outcome) => outcome.schedule);
    }).catch((error: unknown) => {
      bot.chatops.app.logger.error('sandbox schedules failed', error);
      return [];
    }));
  const timer = setInterval(() => void tick(), options.tickMs ?? 5_000);

  const consoleServer = await startConsole({
    slack,
    // The real clock signs requests: Bolt rejects timestamps far from its own wall clock.
    requester: new SlackRequester({ url: `${bot.url}/slack/events`, signingSecret }),
    clock,
    sqlTargets: sqlTargets(config),
    dbUsers: DB_USERS,
    runSql: (request) => runPanelSql({ config, sql: bot.chatops.ports.sql, databases: aws.databases }, request),
    advanceClock: async (ms) => {
      clock.advance(ms);
      return { now: clock.now(), ran: await tick() };
    },
    port: options.port,
    host: options.host,
  });

  return {
    consoleUrl: consoleServer.url,
    slackUrl: slack.url,
    awsEndpoint: aws.endpoint,
    botUrl: bot.url,
    clock,
    async stop() {
      clearInterval(timer);
      await ticking;
      await consoleServer.close();
      await bot.stop();
      await slack.close();
      await aws.close();
    },
  };
}
