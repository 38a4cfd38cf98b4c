import { slashCommand } from '../../../src/sandbox/slack';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

// Snapshots are for members of a usergroup, so the policy check asks Slack for its members.
const yaml = `${twoTargetsYaml}policies:
  snapshot:
    allowed: { usergroups: [S0DATALEADS] }
`;
const MEMBER = 'U0APPROVER';
const RETRY_AFTER_S = 4;

describe('slash commands are acknowledged within 3 s while Slack answers 429 with Retry-After', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  });
  afterAll(async () => bot.stopAll());

  const timed = async (text: string) => {
    const responseUrl = bot.slack.newResponseUrl({ userId: MEMBER });
    const started = Date.now();
    const response = await bot.requester.send(slashCommand({ text, userId: MEMBER, responseUrl }));
    return { response, ms: Date.now() - started, text: (response.json as { text?: string } | undefined)?.text ?? response.text };
  };

  test('a command whose policy check is rate-limited is acked at once with "Slack is busy", and nothing is started', async () => {
    bot.slack.rateLimitNext('usergroups.users.list', RETRY_AFTER_S);
    const since = bot.slack.calls.length;
    const { response, ms, text } = await timed('snapshot create prod 7');
    expect(response.status).toBe(200);
    expect(ms).toBeLessThan(3_000);
    // The usergroup lookup goes through the fail-fast client: the 429 ends it without waiting out Retry-After.
    expect(text).toContain('Slack is busy');
    expect(text).toContain('Nothing was run');
    await bot.settle();
    expect(bot.slack.calls.filter((call) => call.seq > since && call.method === 'chat.postMessage')).toHaveLength(0);
  }, 20_000);

  test('a command that opens a modal is acked before views.open; a rate-limited views.open tells the person Slack is busy', async () => {
    bot.slack.rateLimitNext('views.open', RETRY_AFTER_S);
    const since = bot.slack.calls.length;
    const { response, ms, text } = await timed('snapshot create');
    expect(response.status).toBe(200);
    expect(ms).toBeLessThan(3_000);
    expect(text).not.toContain('could not be started');
    const told = await bot.slack.waitFor('response_url', (call) => call.seq > since, 3_000);
    expect(String(told.body.text)).toContain('Slack is busy');
    await bot.settle();
  }, 20_000);
});
