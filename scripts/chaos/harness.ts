import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { ManualClock } from '../../src/clock';
import type { ChatopsConfig } from '../../src/config/chatops';
import type { Env } from '../../src/config/env';
import { loadConfig } from '../../src/config/load';
import { runDueSchedules } from '../../src/jobs/scheduler';
import { lazyAws } from '../../src/runtime/aws';
import { startServer, type RunningServer } from '../../src/runtime/server';
import { startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws/server';
import { SlackRequester, startSlackStandIn, type RecordedCall, type SlackStandIn } from '../../src/sandbox/slack';

export const ROOT = join(__dirname, '..', '..');
export const SIGNING_SECRET = 'chaos-signing-secret-5f1e';
export const BOT_TOKEN = 'xoxb-chaos-bot-token-77aa';
export const ACCOUNT_ID = '123456789012';
export const APPROVALS = 'C0APPROVALS';

/** Strings that must never reach a requester: the secrets the bot holds and the AWS identity. */
export const SECRETS = [SIGNING_SECRET, BOT_TOKEN, ACCOUNT_ID, 'arn:aws:'];

/** AWS operations that only read. Everything else the bot calls changes something. */
const READ_ONLY_OPERATION = /^(Describe|List|Get|ExecuteStatement$|BatchExecuteStatement$|CancelStatement$)/;
/** Statements that only read (the checks the bot makes before it acts). */
const READ_ONLY_SQL = /^\s*(SELECT|WITH|SHOW)\b/i;

/** What changed between two marks: mutating AWS calls, mutating SQL and posts to the approvals channel. */
export interface Changes {
  awsCalls: string[];
  statements: string[];
  approvalsPosts: number;
}

export interface Mark {
  aws: number;
  statements: number;
  slackSeq: number;
}

/**
 * The real server runtime (Bolt's HTTPReceiver behind the request guard) on the AWS emulator and the
 * Slack stand-in, all in this process, on a manual clock that requests are signed with and sweeps move.
 */
export interface Harness {
  config: ChatopsConfig;
  clock: ManualClock;
  aws: AwsEmulator;
  slack: SlackStandIn;
  server: RunningServer;
  requester: SlackRequester;
  url: string;
  mark(): Mark;
  changesSince(mark: Mark): Changes;
  /** Slack calls since a mark whose text a requester may see (not the approvals or audit channel). */
  requesterVisibleSince(mark: Mark): RecordedCall[];
  /** Waits for listeners and jobs started so far. */
  settle(): Promise<void>;
  /** Moves the clock by `ms` and runs every schedule then due, as the tick does. */
  sweep(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: { configPath?: string; statementMs?: number } = {}): Promise<Harness> {
  const config = await loadConfig(options.configPath ?? join(ROOT, 'chatops.example.yml'));
  const clock = new ManualClock(Date.now());
  const awsOperations: string[] = [];
  const aws = await startAwsEmulator({
    clock,
    timings: { statementMs: options.statementMs ?? 0 },
    onRequest: (req, body) => awsOperations.push(operationOf(req.headers['x-amz-target'], body)),
  });
  await aws.ready;
  const slack = await startSlackStandIn({ clock });
  const dir = mkdtempSync(join(tmpdir(), 'chatops-chaos-'));
  const env: Env = {
    slack: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
    slackApiUrl: slack.apiUrl,
    configPath: 'chaos',
    store: { kind: 'sqlite', path: join(dir, 'state.db') },
    port: 0,
  };
  const credentials = { accessKeyId: 'chaos', secretAccessKey: 'chaos' };
  const server = await startServer({
    env,
    config,
    clock,
    aws: lazyAws(config, { endpoint: aws.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 }),
    slackRetries: 0,
    logLevel: LogLevel.ERROR,
    schedules: false,
  });
  if (!server.url) throw new Error('the server did not start an HTTP receiver');
  const url = `${server.url}/slack/events`;
  // Signed with wall-clock time, as Slack does: the bot's clock is the one sweeps move.
  const requester = new SlackRequester({ url, signingSecret: SIGNING_SECRET });

  let running = 0;
  server.chatops.app.use(async ({ next }) => {
    running += 1;
    try {
      await next();
    } finally {
      running -= 1;
    }
  });
  const settle = async (): Promise<void> => {
    for (;;) {
      while (running > 0) await new Promise((resolve) => setTimeout(resolve, 2));
      await server.dispatcher.idle();
      await new Promise((resolve) => setImmediate(resolve));
      if (running === 0) return;
    }
  };
  const lastSeq = (): number => slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);

  return {
    config,
    clock,
    aws,
    slack,
    server,
    requester,
    url,
    mark: () => ({ aws: awsOperations.length, statements: aws.data.statements.length, slackSeq: lastSeq() }),
    changesSince(mark) {
      return {
        awsCalls: awsOperations.slice(mark.aws).filter((op) => !READ_ONLY_OPERATION.test(op)),
        statements: aws.data.statements
          .slice(mark.statements)
          .map((s) => s.sql)
          .filter((sql) => !READ_ONLY_SQL.test(sql)),
        approvalsPosts: slack.calls.filter((c) => c.seq > mark.slackSeq && c.method === 'chat.postMessage' && c.body.channel === APPROVALS)
          .length,
      };
    },
    requesterVisibleSince(mark) {
      const hidden = new Set([APPROVALS, config.channels.audit]);
      return slack.calls.filter(
        (c) =>
          c.seq > mark.slackSeq && !(typeof c.body.channel === 'string' && hidden.has(c.body.channel) && c.method !== 'chat.postEphemeral'),
      );
    },
    settle,
    async sweep(ms) {
      clock.advance(ms);
      await runDueSchedules(config, { store: server.store, clock, tasks: server.chatops.tasks });
      await settle();
    },
    async stop() {
      await settle();
      await server.stop();
      await slack.close();
      await aws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `RedshiftData.ExecuteStatement` from the JSON protocol's target, or `Action=…` from the Query protocol. */
function operationOf(target: string | string[] | undefined, body: string): string {
  const header = Array.isArray(target) ? target[0] : target;
  if (header) return header.split('.').pop() ?? header;
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1];
  return action ?? `unknown:${body.slice(0, 40)}`;
}

/** Every secret and raw hostile marker found in these texts, as a list of what was seen. */
export function leaksIn(texts: readonly string[], markers: readonly string[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    for (const secret of SECRETS) if (text.includes(secret)) found.push(`secret ${secret.slice(0, 12)}…`);
    for (const marker of markers) if (text.includes(marker)) found.push(`raw mrkdwn ${marker}`);
  }
  return found;
}

/** The text, blocks and attachments of a Slack call (not a modal: its plain_text is never mrkdwn), as one string to search. */
export function callText(call: RecordedCall): string {
  return JSON.stringify([call.body.text ?? '', call.body.blocks ?? '', call.body.attachments ?? '']);
}

/**
 * Errors nothing caught while the bot ran in this process. In a real deployment each would have
 * ended the bot's process; here they are recorded so the run carries on and the input is named.
 */
export const uncaught: string[] = [];
let watching = false;

export function watchUncaught(): void {
  if (watching) return;
  watching = true;
  const record = (error: unknown): void => {
    uncaught.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  };
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
}
