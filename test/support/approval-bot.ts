import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import type { ApprovalRequest } from '../../src/approvals/types';
import { ManualClock } from '../../src/clock';
import { parseChatopsConfig } from '../../src/config/chatops';
import type { Env } from '../../src/config/env';
import type { Feature } from '../../src/features/types';
import { startServer, type RunningServer } from '../../src/runtime/server';
import {
  blockActions,
  defaultSlackSeed,
  slashCommand,
  SlackRequester,
  startSlackStandIn,
  viewSubmission,
  type JsonObject,
  type SlackHttpResponse,
  type SlackSeedUser,
  type SlackStandIn,
  type StoredMessage,
} from '../../src/sandbox/slack';
import { offlineAws } from './aws';
import { BOT_TOKEN, SIGNING_SECRET } from './bot';
import { minimalConfigYaml } from './config';

/** Twenty more people, all in one usergroup, for simultaneous clicks by distinct approvers. */
export const CROWD_GROUP = 'S0CROWD';
export const crowd: SlackSeedUser[] = Array.from({ length: 20 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return {
    id: `U0CROWD${n}`,
    name: `crowd${n}`,
    realName: `Crowd ${n}`,
    email: `crowd${n}@example.com`,
    tz: 'UTC',
    tzLabel: 'UTC',
    tzOffset: 0,
  };
});

export interface ApprovalBot {
  slack: SlackStandIn;
  server: RunningServer;
  clock: ManualClock;
  /** `/redshift pause prod` as `user`: opens a request through the test feature; returns its id. */
  open(user?: string): Promise<string>;
  request(id: string): Promise<ApprovalRequest>;
  /** The approval message (in the approvals channel) and the requester's copy, as they now stand. */
  approvalMessage(id: string): Promise<StoredMessage>;
  requesterMessage(id: string): Promise<StoredMessage>;
  /** Clicks a button that really is in the message, signed as Slack would; resolves once the bot has finished with it. */
  click(message: StoredMessage, actionId: string, user: string): Promise<SlackHttpResponse>;
  /** Submits the modal the bot opened last, with this reason. */
  submitReason(user: string, reason: string | null): Promise<SlackHttpResponse>;
  /** Moves the clock and runs the `jobs.advance` task, as the tick would. */
  tick(ms: number): Promise<void>;
  /** Waits for every listener and job still running. */
  idle(): Promise<void>;
  audit(action?: string): Promise<Array<{ actor: string; action: string; input?: unknown; result?: unknown }>>;
  stop(): Promise<void>;
}

/** The real server runtime with the test approval feature, on the Slack stand-in seeded with the crowd. */
export async function startApprovalBot(feature: Feature): Promise<ApprovalBot> {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const slack = await startSlackStandIn({
    users: [...defaultSlackSeed.users, ...crowd],
    usergroups: { ...defaultSlackSeed.usergroups, [CROWD_GROUP]: crowd.map((user) => user.id) },
  });
  const dir = mkdtempSync(join(tmpdir(), 'chatops-approvals-'));
  const env: Env = {
    slack: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
    slackApiUrl: slack.apiUrl,
    configPath: 'unused',
    store: { kind: 'sqlite', path: join(dir, 'state.db') },
    port: 0,
  };
  const config = parseChatopsConfig(minimalConfigYaml);
  const server = await startServer({
    env,
    config,
    clock,
    aws: offlineAws(config),
    features: [feature],
    slackRetries: 0,
    logLevel: LogLevel.ERROR,
    schedules: false,
  });
  const requester = new SlackRequester({ url: `${server.url}/slack/events`, signingSecret: SIGNING_SECRET });

  // Listeners go on after their ack; counting them lets a test wait for the end of what a click started.
  let running = 0;
  server.chatops.app.use(async ({ next }) => {
    running += 1;
    try {
      await next();
    } finally {
      running -= 1;
    }
  });
  const idle = async () => {
    for (;;) {
      while (running > 0) await new Promise((resolve) => setTimeout(resolve, 2));
      await server.dispatcher.idle();
      await new Promise((resolve) => setImmediate(resolve));
      if (running === 0) return;
    }
  };
  const request = async (id: string) => {
    const found = await server.chatops.ports.approvals.get(id);
    if (!found) throw new Error(`no request ${id}`);
    return found;
  };
  const stored = (ref: { channel: string; ts: string } | undefined) => {
    const message = ref ? slack.messages.get(ref.channel, ref.ts) : undefined;
    if (!message) throw new Error('message not posted');
    return message;
  };

  return {
    slack,
    server,
    clock,
    async open(user = 'U0ANALYST') {
      const response = await requester.send(
        slashCommand({ text: 'pause prod', userId: user, responseUrl: slack.newResponseUrl({ userId: user }) }),
      );
      const text = (response.json as { text?: string } | undefined)?.text ?? response.text;
      const id = /Opened (r-[0-9a-f]{10})/.exec(text)?.[1];
      if (!id) throw new Error(`the command answered: ${text}`);
      await idle();
      return id;
    },
    request,
    approvalMessage: async (id) => stored((await request(id)).approvalMessage),
    requesterMessage: async (id) => stored((await request(id)).requesterMessage),
    async click(message, actionId, user) {
      const response = await requester.send(blockActions({ userId: user, actionId, message }));
      await idle();
      return response;
    },
    async submitReason(user, reason) {
      const view = slack.views.latest() as JsonObject;
      const response = await requester.send(
        viewSubmission({
          userId: user,
          callbackId: String(view.callback_id),
          view,
          values: { reason: { value: { type: 'plain_text_input', value: reason } } },
        }),
      );
      await idle();
      return response;
    },
    async tick(ms) {
      clock.advance(ms);
      const advance = server.chatops.tasks['jobs.advance'];
      if (advance) await advance({ schedule: config.schedules[0], occurrence: clock.now() });
      await idle();
    },
    idle,
    async audit(action) {
      const page = await server.store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 1000 });
      return page.items.filter((record) => action === undefined || record.action === action);
    },
    async stop() {
      await server.stop();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
