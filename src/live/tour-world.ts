import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import type { ChatopsConfig } from '../config/chatops';
import type { AwsPorts } from '../runtime/aws';
import { startServer, type RunningServer } from '../runtime/server';
import {
  blockActions,
  slashCommand,
  SlackRequester,
  startSlackStandIn,
  type JsonObject,
  type SlackStandIn,
  type StoredMessage,
} from '../sandbox/slack';
import { SANDBOX_CHANNELS } from '../sandbox/slack/seed';
import { recordAwsCalls, type RecordedCall } from './recorded-aws';

/** Where the tour's commands are typed. */
export const TOUR_CHANNEL = SANDBOX_CHANNELS.general;

/**
 * The bot as it runs in production (the server runtime, its jobs and schedules) on the team's AWS
 * account, with Slack replaced by the local stand-in and a throwaway store: the tour drives it with
 * signed requests and reads what it posted, and nothing reaches the team's workspace or store.
 */
export interface TourWorld {
  slack: SlackStandIn;
  bot: RunningServer;
  /** Every AWS and Data API call the bot made, in order, failures with their error. */
  calls: RecordedCall[];
  /** `/redshift <text>` as `user`; the HTTP answer's text and the stand-in's call count before it. */
  command(text: string, user: string): Promise<{ answer: string; since: number }>;
  /** What the bot posted to response URLs after call `since`. */
  replies(since: number): JsonObject[];
  /** `user` clicks the button `actionId` on `message`, posted in `channel`. */
  click(message: Pick<StoredMessage, 'ts' | 'text' | 'blocks'>, actionId: string, user: string, channel: string): Promise<void>;
  /** Resolves with `check`'s first truthy value, polling until `ms` pass; undefined then. */
  waitFor<T>(check: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T | undefined>;
  close(): Promise<void>;
}

export async function startTourWorld(config: ChatopsConfig, aws: AwsPorts, dir: string): Promise<TourWorld> {
  const slack = await startSlackStandIn();
  const calls: RecordedCall[] = [];
  const signingSecret = randomBytes(16).toString('hex');
  let bot: RunningServer;
  try {
    bot = await startServer({
      env: {
        slack: { signingSecret, botToken: 'xoxb-live-tour' },
        slackApiUrl: slack.apiUrl,
        configPath: 'live tour',
        store: { kind: 'sqlite', path: join(dir, 'tour.db') },
        port: 0,
      },
      config,
      aws: recordAwsCalls(aws, (call) => calls.push(call)),
      logLevel: LogLevel.ERROR,
    });
  } catch (error) {
    await slack.close();
    throw error;
  }
  const requester = new SlackRequester({ url: `${bot.url ?? ''}/slack/events`, signingSecret });
  const lastSeq = () => slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  return {
    slack,
    bot,
    calls,
    async command(text, user) {
      const since = lastSeq();
      const response = await requester.send(
        slashCommand({ text, userId: user, channelId: TOUR_CHANNEL, responseUrl: slack.newResponseUrl({ userId: user }) }),
      );
      const json = response.json;
      const answer = typeof json === 'object' && json !== null && 'text' in json ? json.text : undefined;
      return { answer: typeof answer === 'string' ? answer : response.text, since };
    },
    replies: (since) => slack.calls.filter((call) => call.method === 'response_url' && call.seq > since).map((call) => call.body),
    async click(message, actionId, user, channel) {
      await requester.send(
        blockActions({
          userId: user,
          actionId,
          message: { ...message, channel },
          channelId: channel,
          responseUrl: slack.newResponseUrl({ userId: user }),
        }),
      );
    },
    async waitFor(check, ms) {
      const end = Date.now() + ms;
      for (;;) {
        const value = await check();
        if (value) return value;
        if (Date.now() > end) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async close() {
      await bot.stop();
      await slack.close();
    },
  };
}
