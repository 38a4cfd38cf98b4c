import { CreateClusterSnapshotCommand } from '@aws-sdk/client-redshift';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { CONFIRM_ACTION } from '../../../src/features/backup/warehouse-restore-types';
import { statement } from '../../../src/redshift/sql';
import { blockActions } from '../../../src/sandbox/slack';
import { approvedByOneYaml, permissionsMatrix } from '../../support/config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ALICE = 'U0ANALYST';
const APPROVALS = 'C0APPROVALS';

const yaml = `${twoTargetsYaml}
identity: { map: { U0ANALYST: alice, U0APPROVER: bob } }
approvals: { maxOpenPerPerson: 2 }
access:
  roles:
    pii_users:
      targets: [prod]
      approvers: { users: [U0APPROVER] }
      maxDuration: 8h
${approvedByOneYaml('restore', 'retention', 'permissions', 'vacuum')}permissions:
${permissionsMatrix('prod')}`;

/**
 * Issue 14, item 7, for the commands that came later: `restore cluster`, `backup copy` and `grants
 * apply` count against the same per-person limit on open requests, and past it ask nobody.
 */
describe('the per-person limit on open requests covers restore cluster, backup copy, grants apply and vacuum run', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  }, 120_000);
  afterAll(async () => bot.stopAll());

  const requests = async () =>
    (await bot.server.chatops.ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const approvalPosts = () =>
    bot.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.body.channel === APPROVALS).length;
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const saidSince = (since: number) =>
    bot.slack.calls
      .filter((call) => call.seq > since && call.body.channel !== APPROVALS)
      .map((call) => JSON.stringify(call.body))
      .join('\n');

  test('with two requests open, each of the four is refused with the limit message and posts nothing for approvers', async () => {
    await bot.run('access request pii_users 1h ticket 1', ALICE);
    await bot.run('access request pii_users 2h ticket 2', ALICE);
    const open = (await requests()).filter((r) => r.requester === ALICE && r.status === 'pending');
    expect(open).toHaveLength(2);
    const posts = approvalPosts();
    const opened = (await requests()).length;

    // restore cluster: the preview, then Confirm; the request it would open is refused.
    await bot.clients
      .redshift()
      .send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: 'limit-snap' }));
    await bot.tick(45_000);
    const { replies } = await bot.run('restore cluster limit-snap limited-one prod', ALICE);
    const preview = replies[0];
    expect(String(preview?.text)).toContain('Restore into a NEW cluster `limited-one`');
    let since = lastSeq();
    await bot.requester.send(
      blockActions({
        userId: ALICE,
        actionId: CONFIRM_ACTION,
        message: { ts: '1764064800.000100', text: String(preview.text), blocks: Array.isArray(preview.blocks) ? preview.blocks : [] },
        channelId: 'C0GENERAL',
        responseUrl: bot.slack.newResponseUrl({ userId: ALICE }),
      }),
    );
    await bot.settle();
    expect(saidSince(since)).toContain('You have 2 open requests');

    // backup copy: refused the same way.
    since = lastSeq();
    await bot.run('backup copy prod us-west-2 7', ALICE);
    expect(saidSince(since)).toContain('You have 2 open requests');

    // grants apply, with drift to fix: refused the same way.
    const prod = bot.server.chatops.ports.config.targets.prod;
    await bot.server.chatops.ports.sql.execute(prod, statement('GRANT USAGE ON SCHEMA pii TO bob'));
    await bot.server.chatops.ports.sql.execute(prod, statement('GRANT SELECT ON pii.customers TO bob'));
    since = lastSeq();
    await bot.run('grants apply prod', ALICE);
    expect(saidSince(since)).toContain('You have 2 open requests');

    // vacuum run with approvals: its plan job tells the person, and asks nobody.
    since = lastSeq();
    await bot.run('vacuum run prod analytics.sessions', ALICE);
    expect(saidSince(since)).toContain('You have 2 open requests');

    expect(approvalPosts()).toBe(posts);
    expect((await requests()).length).toBe(opened);
  });
});
