import { slashCommand } from '../../../src/sandbox/slack';
import { usergroupGatedYaml } from '../../support/config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

// restore is gated by usergroupGatedYaml; retention (backup copy) and doctor are gated here the same way.
const yaml = `${twoTargetsYaml}${usergroupGatedYaml}`.replace(
  'policies:\n',
  'policies:\n  retention:\n    allowed: { usergroups: [S0DATALEADS] }\n    approvers: { usergroups: [S0DATALEADS] }\n  doctor:\n    allowed: { usergroups: [S0DATALEADS] }\n',
);
const BOB = 'U0APPROVER';
const RETRY_AFTER_S = 30;
const FAST_MS = 2_500;

/**
 * Issue 14, item 8, for the commands that came later: with the usergroup check rate-limited (429,
 * Retry-After 30 s), `restore cluster`, `backup copy` and `doctor` are answered well within Slack's
 * 3 s, the person is told Slack is busy, and nothing is started.
 */
describe('the ack never waits on the Web API: restore cluster, backup copy, doctor', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  });
  afterAll(async () => bot.stopAll());
  // Cached usergroups are trusted for a minute: each test starts with none, so Slack must be asked.
  beforeEach(() => bot.clock.advance(61_000));

  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);

  test.each(['restore cluster snap-a fresh-one prod', 'backup copy prod us-west-2 7', 'doctor prod'])(
    '`%s`: answered at once; a rate-limited usergroup check says "Slack is busy" and starts nothing',
    async (text) => {
      bot.slack.rateLimitNext('usergroups.users.list', RETRY_AFTER_S);
      const since = lastSeq();
      const started = Date.now();
      const response = await bot.requester.send(
        slashCommand({ text, userId: BOB, responseUrl: bot.slack.newResponseUrl({ userId: BOB }) }),
      );
      expect(Date.now() - started).toBeLessThan(FAST_MS);
      expect(response.status).toBe(200);
      // Acked empty first (doctor), the answer follows through the response URL.
      if (!response.text) await bot.slack.waitFor('response_url', (call) => call.seq > since, 5_000);
      await bot.settle();
      const said = [response.text, ...bot.responses(since).map((body) => String(body.text))].join('\n');
      expect(said).toContain('Slack is busy');
      expect(said).not.toMatch(/Looking at|Checking the setup/);
      expect(bot.slack.calls.filter((call) => call.seq > since && call.method === 'chat.postMessage')).toHaveLength(0);
    },
    20_000,
  );
});
