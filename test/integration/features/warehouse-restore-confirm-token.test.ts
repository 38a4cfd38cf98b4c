import { CONFIRM_ACTION } from '../../../src/features/backup/warehouse-restore-types';
import { blockActions, type JsonObject } from '../../../src/sandbox/slack';
import { waitFor } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const BOB = 'U0APPROVER';
const YEAR_MS = 366 * 24 * 3_600_000;

/**
 * The Confirm button of a `restore cluster` preview carries the operation as a JSON token. Forged, it
 * must hold only what the typed command accepts (issue 14, items 5 and 6): nothing else is confirmed,
 * and no field of it is shown raw.
 */
describe('restore cluster: a forged Confirm token', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(`${twoTargetsYaml}
policies:
  restore:
    allowed: { everyone: true }
`);
  });
  afterAll(async () => bot.stopAll());

  let key = 0;
  const token = (fields: Record<string, unknown>) => ({
    t: 'prod',
    s: 'no-such-snapshot',
    r: false,
    n: 'fresh-cluster',
    k: (key += 1).toString(16).padStart(16, '0'),
    at: bot.clock.now(),
    ...fields,
  });
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const confirmed = async () =>
    (await bot.server.chatops.ports.store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items.filter(
      (record) => record.action === 'restore.cluster.confirm',
    ).length;

  /** Clicks Confirm with `value` and returns everything said back through the response URL. */
  const click = async (value: Record<string, unknown>): Promise<string> => {
    const since = lastSeq();
    await bot.requester.send(
      blockActions({
        userId: BOB,
        actionId: CONFIRM_ACTION,
        value: JSON.stringify(value),
        message: { ts: '1764064800.000100', text: 'preview', blocks: [] },
        channelId: 'C0GENERAL',
        responseUrl: bot.slack.newResponseUrl({ userId: BOB }),
      }),
    );
    await waitFor(() => bot.responses(since).length > 0, 'the answer to the click');
    await bot.settle();
    return bot
      .responses(since)
      .map((body: JsonObject) => String(body.text ?? ''))
      .join('\n');
  };

  test('a token as the bot writes it is confirmed', async () => {
    const before = await confirmed();
    expect(await click(token({}))).toContain('Confirmed: restoring `no-such-snapshot` into `fresh-cluster`');
    expect(await confirmed()).toBe(before + 1);
  });

  const forged: ReadonlyArray<[string, (now: number) => Record<string, unknown>]> = [
    ['a source with mrkdwn', () => ({ s: '<https://evil.example|click to approve>' })],
    ['a source with a mention', () => ({ s: 'snap <!channel>' })],
    ['a source with a zero-width space', () => ({ s: 'before\u200bdelete' })],
    ['a source with SQL', () => ({ s: "x'; DROP TABLE pii.customers; --" })],
    ['a new name with mrkdwn', () => ({ n: '<!channel>' })],
    ['a new name in capitals (the command folds it; a token never holds one)', () => ({ n: 'Fresh-Cluster' })],
    ['a recovery-point flag on a snapshot name', () => ({ t: 'lake', n: 'lake', r: true })],
    ['a preview dated in the future', (now) => ({ at: now + YEAR_MS })],
    ['a preview time that is not a whole number', (now) => ({ at: now + 0.5 })],
  ];
  test.each(forged)('%s is refused, changes nothing and is never shown raw', async (_name, fields) => {
    const before = await confirmed();
    const said = await click(token(fields(bot.clock.now())));
    expect(said).toContain('Nothing was restored');
    expect(said).not.toContain('Confirmed');
    expect(said).not.toMatch(/<!channel>|<https:\/\/evil/);
    expect(await confirmed()).toBe(before);
  });
});
