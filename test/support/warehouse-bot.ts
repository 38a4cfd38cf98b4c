import { ManualClock } from '../../src/clock';
import { AwsRedshiftClients } from '../../src/redshift/clients';
import { startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from '../../src/sandbox/aws/server';
import type { ApprovalRequest } from '../../src/approvals/types';
import { blockActions, slashCommand, type JsonObject, type RecordedCall, type SlackHttpResponse } from '../../src/sandbox/slack';
import { emulatorAws, emulatorSettings } from './aws';
import { startTestBot, type TestBot } from './bot';

/** Two targets on the emulator's standard seed: the provisioned cluster and the Serverless workgroup. */
export const twoTargetsYaml = `
targets:
  prod:
    kind: provisioned
    cluster: analytics-prod
    database: dev
    dbUser: chatops_admin
  lake:
    kind: serverless
    workgroup: lake
    namespace: lake
    database: dev
    # The emulator's seeded secret for chatops_admin: without it the bot would be its own IAM identity.
    secretArn: arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift-chatops/lake/chatops_admin-Lk7wPz
channels:
  approvals: C0APPROVALS
  alerts: C0ALERTS
  audit: C0AUDIT
`;

/** twoTargetsYaml plus a target `name` on the same cluster, signed in as `dbUser` (a plain user, say). */
export function withClusterUser(name: string, dbUser: string, yaml = twoTargetsYaml): string {
  return yaml.replace(
    'channels:',
    `  ${name}:
    kind: provisioned
    cluster: analytics-prod
    database: dev
    dbUser: ${dbUser}
channels:`,
  );
}

export interface WarehouseBot extends TestBot {
  aws: AwsEmulator;
  clients: AwsRedshiftClients;
  /** Sends `/redshift <text>` as `user` and returns the HTTP answer's text. */
  command(text: string, user?: string): Promise<string>;
  /** Runs every job dispatched so far to its end. */
  settle(): Promise<void>;
  /** What the bot sent to the command's response URLs since `since` (a call sequence number). */
  responses(since?: number): JsonObject[];
  /** Sends the command, runs its jobs, and returns the answer and what the jobs replied through its response URL. */
  run(text: string, user?: string): Promise<{ answer: string; replies: JsonObject[] }>;
  /** `user` clicks Approve on the request's message in the approvals channel. */
  approve(request: ApprovalRequest, user: string): Promise<SlackHttpResponse>;
  /** Moves the shared clock and runs the `jobs.advance` task, as the tick would. */
  tick(ms: number): Promise<void>;
  stopAll(): Promise<void>;
}

export async function startWarehouseBot(
  configYaml = twoTargetsYaml,
  emulator: Pick<AwsEmulatorOptions, 'onRequest'> = {},
): Promise<WarehouseBot> {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  // Snapshots take 45 s here, so a test sees one creating before it is available.
  const aws = await startAwsEmulator({ clock, timings: { snapshotCreateMs: 45_000 }, ...emulator });
  await aws.ready;
  const clients = new AwsRedshiftClients({
    endpoint: aws.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const bot = await startTestBot({
    clock,
    configYaml,
    aws: (config) => emulatorAws(config, aws.endpoint),
    awsSettings: emulatorSettings(aws.endpoint),
  });
  const settle = () => bot.server.dispatcher.idle();
  const command = async (text: string, user = 'U0ANALYST'): Promise<string> => {
    const response = await bot.requester.send(
      slashCommand({ text, userId: user, responseUrl: bot.slack.newResponseUrl({ userId: user }) }),
    );
    return (response.json as { text?: string } | undefined)?.text ?? response.text;
  };
  const responses = (since = 0): JsonObject[] =>
    bot.slack.calls.filter((call: RecordedCall) => call.method === 'response_url' && call.seq > since).map((call) => call.body);
  return {
    ...bot,
    aws,
    clients,
    settle,
    command,
    responses,
    async run(text, user) {
      const since = bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
      const answer = await command(text, user);
      await settle();
      return { answer, replies: responses(since) };
    },
    approve(request, user) {
      const channel = bot.config.channels.approvals;
      const message = request.approvalMessage && bot.slack.messages.get(channel, request.approvalMessage.ts);
      if (!message) throw new Error(`request ${request.id} has no approval message in ${channel}`);
      return bot.requester.send(
        blockActions({
          userId: user,
          actionId: 'approval_approve',
          value: request.id,
          message: { ...message, channel },
          channelId: channel,
        }),
      );
    },
    async tick(ms) {
      clock.advance(ms);
      const advance = bot.server.chatops.tasks['jobs.advance'];
      if (advance) await advance({ schedule: bot.config.schedules[0], occurrence: clock.now() });
      await settle();
    },
    async stopAll() {
      await bot.stop();
      clients.destroy();
      await aws.close();
    },
  };
}
