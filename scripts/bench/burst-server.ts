/** The burst's first bot: the server runtime as `npm start` runs it, with SQLite in a temp dir, AWS at the emulator, Slack at the bench's stand-in. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LogLevel } from '@slack/bolt';
import { parseChatopsConfig } from '../../src/config/chatops';
import { lazyAws } from '../../src/runtime/aws';
import { startServer } from '../../src/runtime/server';
import { SlackRequester, slashCommand } from '../../src/sandbox/slack';
import type { BenchContext } from '../bench';
import { repoRoot } from '../bundle';
import type { RunningBurstTarget } from './burst';
import { startEmulatorProcess } from './emulator-process';

/** Work the acks started (jobs in this process) gets this long to finish before the server stops. */
const SETTLE_MS = 30_000;

export async function startServerTarget(context: BenchContext): Promise<RunningBurstTarget> {
  const config = parseChatopsConfig(readFileSync(path.join(repoRoot, 'chatops.example.yml'), 'utf8'));
  const dir = mkdtempSync(path.join(tmpdir(), 'chatops-bench-burst-'));
  const signingSecret = 'bench-burst-signing-secret';
  const stops: Array<() => Promise<void>> = [async () => rmSync(dir, { recursive: true, force: true })];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await step();
  };
  try {
    // In its own process, as AWS is elsewhere: its database work is not the server's to carry.
    const aws = await startEmulatorProcess();
    stops.push(aws.stop);
    const awsSettings = { endpoint: aws.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
    const server = await startServer({
      env: {
        slack: { signingSecret, botToken: 'xoxb-bench-token' },
        slackApiUrl: context.standIn.apiUrl,
        configPath: 'chatops.example.yml',
        store: { kind: 'sqlite', path: path.join(dir, 'state.db') },
        port: 0,
      },
      config,
      aws: lazyAws(config, awsSettings),
      awsSettings,
      schedules: false,
      logLevel: LogLevel.ERROR,
    });
    stops.push(() => server.stop());
    if (server.url === undefined) throw new Error('the server runtime started no HTTP receiver');
    const url = `${server.url}/slack/events`;
    // A long-running server is warm when a burst comes: one request first, so its first-request set-up is not in the figures.
    await new SlackRequester({ url, signingSecret }).send(
      slashCommand({ text: 'help', userId: 'U0ANALYST', responseUrl: context.standIn.newResponseUrl() }),
    );
    return {
      label: 'server runtime',
      target: { url, signingSecret, responseUrl: (command) => context.standIn.newResponseUrl({ userId: command.userId }) },
      async afterwards() {
        const settled = await Promise.race([
          server.dispatcher.idle().then(() => true),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), SETTLE_MS).unref()),
        ]);
        return `the jobs the acks started ${settled ? 'all finished' : `were still running after ${SETTLE_MS / 1000} s`}`;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
