import { randomBytes } from 'node:crypto';
import { LogLevel } from '@slack/bolt';
import type { ChatopsConfig } from '../config/chatops';
import type { Env } from '../config/env';
import { runDueSchedules } from '../jobs/scheduler';
import { startAwsEmulator, type AwsEmulator } from '../sandbox/aws/server';
import {
  discardSaved,
  lockState,
  prepareStart,
  storePath,
  writeSaved,
  type SandboxStart,
  type SavedSandbox,
} from '../sandbox/saved-sandbox';
import { OffsetClock, runPanelSql, sqlTargets, startConsole } from '../sandbox/console';
import { SlackRequester, startSlackStandIn } from '../sandbox/slack';
import { lazyAws } from './aws';
import { startServer } from './server';

export interface SandboxOptions {
  config: ChatopsConfig;
  /** The console's port (PORT, default 3000); 0 picks a free one. */
  port: number;
  host?: string;
  /** The bot's store and the state saved at the last clean stop (see sandbox/saved-sandbox.ts). */
  stateDir: string;
  /** Start from the seed even when a saved state is there (`npm start -- --fresh`); it is removed. */
  fresh?: boolean;
  /** How often due schedules run, as node-cron would fire them. */
  tickMs?: number;
  logLevel?: LogLevel;
  /** How long each Data API statement takes (ms of the sandbox clock); default SANDBOX_STATEMENT_MS. */
  statementMs?: number;
}

/**
 * Long enough that a person sees a statement SUBMITTED and STARTED in the console and the bot's
 * polling at work, short enough that a command with a dozen statements answers in a few seconds.
 */
export const SANDBOX_STATEMENT_MS = 400;

export interface RunningSandbox {
  consoleUrl: string;
  slackUrl: string;
  awsEndpoint: string;
  botUrl: string;
  clock: OffsetClock;
  /** How this start began: carrying on from a save, or fresh and why. */
  start: SandboxStartReport;
  /** Stops everything; with `save` (the default) the state is written for the next start first. */
  stop(options?: { save?: boolean }): Promise<void>;
}

export type SandboxStartReport = { kind: 'resumed'; savedAt: number } | { kind: 'fresh'; why: string };

/** The emulator's seeded database users, for the console's SQL panel. */
const DB_USERS = ['alice', 'bob', 'carol', 'chatops_admin'];

interface BegunEmulator {
  aws: AwsEmulator;
  clock: OffsetClock;
  /** What the other parts carry on from, when this start resumes. */
  saved?: SavedSandbox;
  report: SandboxStartReport;
}

/** The emulator as saved at the last clean stop, or seeded; a save that will not load is dropped for a fresh start. */
async function beginEmulator(stateDir: string, fresh: boolean, statementMs: number): Promise<BegunEmulator> {
  const start = prepareStart(stateDir, fresh);
  if (start.kind === 'fresh') return seeded(freshReason(start), statementMs);
  const clock = new OffsetClock(Date.now, start.saved.clockOffsetMs);
  const aws = await startAwsEmulator({ clock, timings: { statementMs }, saved: { state: start.saved.aws, imageDir: start.imageDir } });
  try {
    await aws.ready;
    return { aws, clock, saved: start.saved, report: { kind: 'resumed', savedAt: start.saved.savedAt } };
  } catch (error) {
    await aws.close();
    discardSaved(stateDir);
    return seeded(`the saved state could not be loaded (${error instanceof Error ? error.message : String(error)})`, statementMs);
  }
}

async function seeded(why: string, statementMs: number): Promise<BegunEmulator> {
  const clock = new OffsetClock();
  // The sandbox's clock is real time (plus the console's jumps), so statements take real time.
  const aws = await startAwsEmulator({ clock, timings: { statementMs } });
  await aws.ready;
  return { aws, clock, report: { kind: 'fresh', why } };
}

function freshReason(start: Extract<SandboxStart, { kind: 'fresh' }>): string {
  if (start.why === 'asked') return 'asked for with --fresh';
  if (start.why === 'nothing saved') return 'nothing was saved';
  return `the saved state was unreadable (${start.detail ?? 'no detail'})`;
}

/**
 * `npm start` without Slack credentials: the AWS emulator and the Slack stand-in in this process,
 * the real server runtime pointed at both, and the console in front. Nothing leaves the machine.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const unlock = lockState(options.stateDir);
  // What has started so far, stopped in reverse if a later part fails (the console's port in use).
  const started: Array<() => Promise<void>> = [];
  try {
    return await startParts(options, unlock, started);
  } catch (error) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    unlock();
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE') {
      throw new Error(`port ${options.port} is already in use: stop what uses it, or start with PORT set to a free port`);
    }
    throw error;
  }
}

async function startParts(options: SandboxOptions, unlock: () => void, started: Array<() => Promise<void>>): Promise<RunningSandbox> {
  const { config, stateDir } = options;
  const begun = await beginEmulator(stateDir, options.fresh ?? false, options.statementMs ?? SANDBOX_STATEMENT_MS);
  const { aws, clock, saved: resumed } = begun;
  started.push(() => aws.close());
  const slack = await startSlackStandIn({ clock, saved: resumed?.slack });
  started.push(() => slack.close());
  const signingSecret = randomBytes(16).toString('hex');
  const env: Env = {
    slack: { signingSecret, botToken: 'xoxb-sandbox' },
    slackApiUrl: slack.apiUrl,
    configPath: 'sandbox',
    store: { kind: 'sqlite', path: storePath(stateDir) },
    port: 0,
  };
  const awsSettings = { endpoint: aws.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } };
  const bot = await startServer({
    env,
    config,
    clock,
    aws: lazyAws(config, awsSettings),
    awsSettings,
    schedules: false,
    logLevel: options.logLevel ?? LogLevel.WARN,
  });
  started.push(() => bot.stop());
  if (bot.url === undefined) throw new Error('the sandbox bot did not start an HTTP receiver');

  // Schedules run like the Lambda tick: every due one once. The console's clock control calls the
  // same function after moving time, so both never run an occurrence twice.
  let ticking: Promise<string[]> = Promise.resolve([]);
  const tick = (): Promise<string[]> =>
    (ticking = ticking
      .then(async () => {
        const outcomes = await runDueSchedules(config, { store: bot.store, clock, tasks: bot.chatops.tasks });
        await bot.dispatcher.idle();
        return outcomes.filter((outcome) => outcome.ran).map((outcome) => outcome.schedule);
      })
      .catch((error: unknown) => {
        bot.chatops.app.logger.error('sandbox schedules failed', error);
        return [];
      }));
  const timer = setInterval(() => void tick(), options.tickMs ?? 5_000);
  started.push(async () => clearInterval(timer));

  const consoleServer = await startConsole({
    slack,
    // The real clock signs requests: Bolt rejects timestamps far from its own wall clock.
    requester: new SlackRequester({ url: `${bot.url}/slack/events`, signingSecret }),
    clock,
    sqlTargets: sqlTargets(config),
    dbUsers: DB_USERS,
    runSql: (request) => runPanelSql({ config, sql: bot.chatops.ports.sql, databases: aws.databases }, request),
    advanceClock: async (ms) => {
      // A tick first, so each schedule knows where the skipped span starts: every occurrence in it is due after the jump.
      await tick();
      clock.advance(ms);
      return { now: clock.now(), ran: await tick() };
    },
    port: options.port,
    host: options.host,
    savedLog: resumed?.log,
  });

  return {
    consoleUrl: consoleServer.url,
    slackUrl: slack.url,
    awsEndpoint: aws.endpoint,
    botUrl: bot.url,
    clock,
    start: begun.report,
    async stop(stopOptions = {}) {
      clearInterval(timer);
      await ticking;
      await consoleServer.close();
      // The bot goes first: its store is closed and nothing changes the warehouses while they are saved.
      await bot.stop();
      try {
        if (stopOptions.save ?? true) {
          await writeSaved(stateDir, {
            aws: (imageDir) => aws.save(imageDir),
            slack: slack.save(),
            log: consoleServer.saveLog(),
            clockOffsetMs: clock.skippedMs,
            now: Date.now(),
          });
        }
      } finally {
        await slack.close();
        await aws.close();
        unlock();
      }
    },
  };
}
