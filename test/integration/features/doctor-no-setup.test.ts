import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { ManualClock } from '../../../src/clock';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { openStore } from '../../../src/runtime/store-factory';
import { startServer, type RunningServer } from '../../../src/runtime/server';
import { SlackRequester, slashCommand, startSlackStandIn, type SlackStandIn } from '../../../src/sandbox/slack';
import { offlineAws } from '../../support/aws';
import { BOT_TOKEN, SIGNING_SECRET } from '../../support/bot';
import { minimalConfigYaml } from '../../support/config';

/**
 * A server handed a store of its own (an embedder's, a test's) does not know which CHATOPS_STORE it
 * stands for: `/redshift doctor` says the store was not verified and why, instead of checking another.
 */
describe('/redshift doctor without the runtime setup', () => {
  let slack: SlackStandIn;
  let server: RunningServer;
  let dir: string;

  const saved = process.env.AWS_ENDPOINT_URL;
  beforeAll(async () => {
    // Without the setup the doctor's own AWS clients take the SDK's settings: keep them off the network.
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    slack = await startSlackStandIn();
    dir = mkdtempSync(join(tmpdir(), 'chatops-doctor-setup-'));
    const config = parseChatopsConfig(minimalConfigYaml);
    const clock = new ManualClock(Date.now());
    server = await startServer({
      env: {
        slack: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN },
        slackApiUrl: slack.apiUrl,
        configPath: 'unused',
        store: { kind: 'sqlite', path: join(dir, 'named.db') },
        port: 0,
      },
      config,
      clock,
      store: await openStore({ kind: 'sqlite', path: join(dir, 'handed-in.db') }, clock),
      aws: offlineAws(config),
      slackRetries: 0,
      logLevel: LogLevel.ERROR,
      schedules: false,
    });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await server.stop();
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the store is reported as not verified, with why; the other areas are still checked', async () => {
    const requester = new SlackRequester({ url: `${server.url}/slack/events`, signingSecret: SIGNING_SECRET });
    const since = slack.calls.length;
    await requester.send(slashCommand({ text: 'doctor', userId: 'U0ANALYST', responseUrl: slack.newResponseUrl({ userId: 'U0ANALYST' }) }));
    await server.dispatcher.idle();
    const answers = slack.calls
      .filter((call) => call.seq > since && call.method === 'response_url')
      .map((call) => JSON.stringify(call.body));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain(':grey_question: state store: this process was started without its setup (CHATOPS_STORE)');
    expect(answers[0]).not.toContain('SQLite store');
    expect(answers[0]).toContain('bot token is valid (auth.test)');
  }, 60_000);
});
