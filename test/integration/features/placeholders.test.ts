import { slashCommand } from '../../../src/sandbox/slack';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const USER = 'U0ANALYST';

/**
 * A command's "Looking at …" answer is replaced by the answer its job brings, as Slack does with
 * replace_original on the command's response URL: the person sees one message, not the placeholder
 * above the answer. Where a command answers in several messages, only the first takes its place.
 */
describe('answers take the place of their placeholders', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(`${twoTargetsYaml}policies:\n  pause: { approvalsRequired: 0 }\n`);
  });
  afterAll(async () => bot.stopAll());

  /**
   * Sends `text` with its ack (`placeholder`) shown first, as Slack shows it when the listener returns
   * (before any job can answer), runs its jobs, and returns what the person sees.
   */
  const shownAfter = async (text: string, placeholder: string): Promise<string[]> => {
    const responseUrl = bot.slack.newResponseUrl({ userId: USER });
    const before = bot.slack.messages.ephemerals({ user: USER }).length;
    bot.slack.showAck(responseUrl, { text: placeholder, blocks: [] });
    const ack = await bot.requester.send(slashCommand({ text, userId: USER, responseUrl }));
    expect(ack.json).toMatchObject({ text: placeholder });
    await bot.settle();
    return bot.slack.messages
      .ephemerals({ user: USER })
      .slice(before)
      .map((message) => message.text);
  };

  test('pause: the preview replaces "Looking at prod…"', async () => {
    const shown = await shownAfter('pause prod', ':mag: Looking at *prod* before you pause it…');
    expect(shown).toHaveLength(1);
    expect(shown[0]).not.toContain('Looking at');
    expect(shown[0]).toContain('prod');
  });

  test('snapshot list: the first target replaces "Listing snapshots…", the second follows it', async () => {
    const shown = await shownAfter('snapshot list', 'Listing snapshots of prod, lake…');
    expect(shown).toHaveLength(2);
    expect(shown.some((text) => text.startsWith('Listing snapshots'))).toBe(false);
    expect(shown[0]).toContain('prod');
    expect(shown[1]).toContain('lake');
  });

  test('backup retention and who: the answer replaces "Looking up …"', async () => {
    const retention = await shownAfter('backup retention', 'Looking up backup retention of prod, lake…');
    expect(retention).toHaveLength(1);
    expect(retention[0]).not.toContain('Looking up');
    const who = await shownAfter('who pii prod', 'Looking up who can read `pii` on *prod*…');
    expect(who).toHaveLength(1);
    expect(who[0]).not.toContain('Looking up');
  });
});
