import { DescribeClusterSnapshotsCommand } from '@aws-sdk/client-redshift';
import { slashCommand } from '../../../src/sandbox/slack';
import { startWarehouseBot, type WarehouseBot } from '../../support/warehouse-bot';

const GENERAL = 'C0GENERAL';

describe('snapshot create: replays and AWS errors as the requester sees them', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot();
  });
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const nameIn = (text: string) => /`(chatops-[a-z0-9-]+)`/.exec(text)?.[1] ?? '';
  const textOf = (response: { json?: unknown; text: string }) => (response.json as { text?: string } | undefined)?.text ?? response.text;
  const manualSnapshots = async () =>
    ((await bot.clients.redshift().send(new DescribeClusterSnapshotsCommand({ SnapshotType: 'manual' }))).Snapshots ?? []).map(
      (snapshot) => snapshot.SnapshotIdentifier,
    );

  test('a replayed command, seconds later and with Slack retry headers, answers with the same snapshot, created once', async () => {
    const before = (await manualSnapshots()).length;
    const payload = slashCommand({
      text: 'snapshot create prod 7',
      userId: 'U0ANALYST',
      responseUrl: bot.slack.newResponseUrl({ userId: 'U0ANALYST' }),
    });
    const first = nameIn(textOf(await bot.requester.send(payload)));
    expect(first).toMatch(/^chatops-prod-/);
    const names = [first];
    for (const retry of ['1', '2', '3']) {
      // The same body (same trigger_id and response_url) delivered again later, newly signed.
      bot.clock.advance(7_000);
      const again = await bot.requester.send(payload, { headers: { 'X-Slack-Retry-Num': retry, 'X-Slack-Retry-Reason': 'http_timeout' } });
      expect(again.status).toBe(200);
      names.push(nameIn(textOf(again)));
    }
    expect(names).toEqual([first, first, first, first]);
    await bot.settle();
    const snapshots = await manualSnapshots();
    expect(snapshots).toContain(first);
    expect(snapshots).toHaveLength(before + 1);
    const parents = bot.slack.messages.inChannel(GENERAL).filter((message) => (message.text ?? '').includes(first));
    expect(parents).toHaveLength(1);
  });

  test('an AWS fault naming the account and role ARN reaches the requester without them; the audit log keeps them', async () => {
    const arn = 'arn:aws:sts::123456789012:assumed-role/chatops-bot/i-0abc';
    const resource = 'arn:aws:redshift:us-east-1:123456789012:snapshot:analytics-prod/x';
    bot.aws.faults.inject({
      service: 'redshift',
      operation: 'CreateClusterSnapshot',
      fault: {
        kind: 'named',
        code: 'AccessDenied',
        message: `User: ${arn} is not authorized to perform: redshift:CreateClusterSnapshot on resource: ${resource} (account 123456789012).`,
        status: 403,
      },
    });
    const since = bot.slack.calls.length;
    const name = nameIn(await bot.command('snapshot create prod'));
    await bot.settle();
    const [answer] = bot.responses(since);
    const text = String(answer.text);
    expect(text).toContain(`Snapshot \`${name}\` of *prod* was not started`);
    expect(text).toContain(
      'User: assumed-role/chatops-bot/i-0abc is not authorized to perform: redshift:CreateClusterSnapshot on resource: snapshot:analytics-prod/x',
    );
    expect(text).toContain("The bot's IAM role lacks the permission for CreateClusterSnapshot");
    expect(text).not.toMatch(/\d{12}/);
    expect(text).not.toContain('arn:');
    const audit = await bot.server.store.listAudit({ from: 0, to: Date.parse('2030-01-01') });
    const record = audit.items.filter((item) => item.action === 'snapshot.create').pop();
    expect(record?.result).toMatchObject({ fault: 'AccessDenied', error: expect.stringContaining(arn) });
    expect(JSON.stringify(record?.result)).toContain(resource);
  });
});
