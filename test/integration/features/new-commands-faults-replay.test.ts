import { CreateClusterSnapshotCommand } from '@aws-sdk/client-redshift';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { CONFIRM_ACTION } from '../../../src/features/backup/warehouse-restore-types';
import { statement } from '../../../src/redshift/sql';
import { blockActions, slashCommand, type JsonObject } from '../../../src/sandbox/slack';
import { approvedByOneYaml, permissionsMatrix } from '../../support/config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ALICE = 'U0ANALYST';
const APPROVALS = 'C0APPROVALS';
const ROLE_ARN = 'arn:aws:sts::123456789012:assumed-role/chatops-bot/i-0abc';

const yaml = `${twoTargetsYaml}
${approvedByOneYaml('restore', 'retention', 'permissions')}identity: { map: { U0ANALYST: alice, U0APPROVER: bob } }
permissions:
${permissionsMatrix('prod')}`;

/**
 * Issue 14, item 8, for the commands that came later: an AWS error naming the account and the bot's
 * role reaches the requester without them (the audit log keeps them), and a command Slack delivers
 * again asks approvers once.
 */
describe('restore cluster, backup copy, grants apply and doctor: AWS errors as the requester sees them, and replays', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  }, 120_000);
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const deny = (operation: string, times = 1) =>
    bot.aws.faults.inject({
      service: 'redshift',
      operation,
      times,
      fault: {
        kind: 'named',
        code: 'AccessDenied',
        message: `User: ${ROLE_ARN} is not authorized to perform: redshift:${operation} on resource: arn:aws:redshift:us-east-1:123456789012:cluster:analytics-prod (account 123456789012).`,
        status: 403,
      },
    });
  const said = (replies: JsonObject[]) => replies.map((reply) => JSON.stringify(reply)).join('\n');
  const auditOf = async (action: string) =>
    JSON.stringify(
      (await bot.server.store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items.filter((r) => r.action === action),
    );
  const requests = async () =>
    (await bot.server.chatops.ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const approvalPosts = () =>
    bot.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.body.channel === APPROVALS).length;

  test.each([
    ['restore cluster some-snap fault-one prod', 'DescribeClusterSnapshots', 'restore.cluster.preview'],
    ['backup copy prod', 'DescribeClusters', undefined],
    ['backup copy prod us-west-2 7', 'DescribeClusters', undefined],
    ['doctor prod', 'DescribeClusters', undefined],
  ])('`%s` with %s denied: the requester is told why without the account id or ARNs', async (command, operation, audited) => {
    deny(operation, 5);
    const { answer, replies } = await bot.run(command, ALICE);
    const text = `${answer}\n${said(replies)}`;
    expect(text).toMatch(/not authorized|AccessDenied|permission/i);
    expect(text).not.toMatch(/\d{12}/);
    expect(text).not.toContain('arn:');
    if (audited) expect(await auditOf(audited)).toContain(ROLE_ARN);
  });

  /** A slash command Slack delivers twice: the retry comes 7 s later with Slack's retry headers. */
  const deliveredTwice = async (text: string) => {
    const payload = slashCommand({ text, userId: ALICE, responseUrl: bot.slack.newResponseUrl({ userId: ALICE }) });
    await bot.requester.send(payload);
    await bot.settle();
    bot.clock.advance(7_000);
    await bot.requester.send(payload, { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    await bot.settle();
  };

  test('backup copy, delivered again by Slack with retry headers: one request, one post for approvers', async () => {
    const posts = approvalPosts();
    await deliveredTwice('backup copy prod us-west-2 7');
    expect((await requests()).filter((r) => r.action === 'retention' && r.requester === ALICE)).toHaveLength(1);
    expect(approvalPosts()).toBe(posts + 1);
  });

  test('grants apply, delivered again by Slack with retry headers: one request, one post for approvers', async () => {
    const prod = bot.server.chatops.ports.config.targets.prod;
    await bot.server.chatops.ports.sql.execute(prod, statement('GRANT USAGE ON SCHEMA pii TO bob'));
    const posts = approvalPosts();
    await deliveredTwice('grants apply prod');
    expect((await requests()).filter((r) => r.action === 'permissions.apply')).toHaveLength(1);
    expect(approvalPosts()).toBe(posts + 1);
  });

  test('restore cluster, delivered again and its Confirm clicked twice: one preview answered, one request', async () => {
    await bot.clients
      .redshift()
      .send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: 'replay-snap' }));
    await bot.tick(45_000);
    const since = bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
    await deliveredTwice('restore cluster replay-snap replayed-one prod');
    const previews = bot.responses(since).filter((reply) => String(reply.text).includes('Restore into a NEW cluster `replayed-one`'));
    expect(previews).toHaveLength(1);
    const blocks = Array.isArray(previews[0].blocks) ? previews[0].blocks : [];
    for (const ts of ['1764064800.000100', '1764064800.000100']) {
      await bot.requester.send(
        blockActions({
          userId: ALICE,
          actionId: CONFIRM_ACTION,
          message: { ts, text: String(previews[0].text), blocks },
          channelId: 'C0GENERAL',
          responseUrl: bot.slack.newResponseUrl({ userId: ALICE }),
        }),
      );
    }
    await bot.settle();
    expect((await requests()).filter((r) => r.action === 'restore.cluster')).toHaveLength(1);
  });
});
