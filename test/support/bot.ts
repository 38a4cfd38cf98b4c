import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { parseChatopsConfig, type ChatopsConfig } from '../../src/config/chatops';
import type { Env } from '../../src/config/env';
import { ManualClock } from '../../src/clock';
import type { Feature } from '../../src/features/types';
import type { AwsClientSettings } from '../../src/redshift/clients';
import type { AwsPorts } from '../../src/runtime/aws';
import { startServer, type RunningServer } from '../../src/runtime/server';
import { SlackRequester, startSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack';
import { offlineAws } from './aws';
import { minimalConfigYaml } from './config';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';

export interface TestBot {
  slack: SlackStandIn;
  server: RunningServer;
  requester: SlackRequester;
  clock: ManualClock;
  config: ChatopsConfig;
  stop(): Promise<void>;
}

/** The real server runtime on a free port, talking to the Slack stand-in, with state in a temp SQLite file. */
export interface TestBotOptions {
  features?: readonly Feature[];
  configYaml?: string;
  clock?: ManualClock;
  aws?: (config: ChatopsConfig) => AwsPorts;
  /** The settings `aws` makes its clients with, for `/redshift doctor`'s own clients. */
  awsSettings?: AwsClientSettings;
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const slack = await startSlackStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'chatops-bot-'));
  const clock = options.clock ?? new ManualClock(Date.now());
  const env: Env = {
    slack: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
    slackApiUrl: slack.apiUrl,
    configPath: 'unused',
    store: { kind: 'sqlite', path: join(dir, 'state.db') },
    port: 0,
  };
  const config = parseChatopsConfig(options.configYaml ?? minimalConfigYaml);
  const aws = options.aws?.(config) ?? offlineAws(config);
  const server = await startServer({
    env,
    config,
    clock,
    aws,
    awsSettings: options.awsSettings,
    features: options.features,
    slackRetries: 0,
    logLevel: LogLevel.ERROR,
    schedules: false,
  });
  const requester = new SlackRequester({ url: `${server.url}/slack/events`, signingSecret: SIGNING_SECRET });
  return {
    slack,
    server,
    requester,
    clock,
    config,
    async stop() {
      await server.stop();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
