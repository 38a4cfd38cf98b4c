import { CreateClusterSnapshotCommand, DescribeClustersCommand, DescribeClusterSnapshotsCommand } from '@aws-sdk/client-redshift';
import { CreateSnapshotCommand, GetSnapshotCommand, ListRecoveryPointsCommand } from '@aws-sdk/client-redshift-serverless';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { ASK_MODAL } from '../../../src/features/backup/backup-ask';
import { CONFIRM_DELETE } from '../../../src/features/backup/snapshot-delete';
import { blockActions, viewSubmission, viewValue, type JsonObject } from '../../../src/sandbox/slack';
import { openRestoreForm, operationLog, submitRestoreForm, waitFor } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVALS = 'C0APPROVALS';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';

const yaml = `${twoTargetsYaml}
policies:
  restore:
    approvalsRequired: 0
  retention:
    approvers: { users: [U0APPROVER] }
    approvalsRequired: 1
`;

describe('snapshot keep, snapshot delete and backup retention against the emulator', () => {
  let bot: WarehouseBot;
  const { calls, onRequest } = operationLog();
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml, { onRequest });
  });
  afterAll(async () => bot.stopAll());

  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const run = (text: string, user = ALICE) => bot.run(text, user);
  const requests = async () => (await bot.server.chatops.ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 100 })).items.map((i) => i.data);
  const audit = async () => (await bot.server.store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;

  test('a restore policy with no approvals restores at once, with progress in a thread in the channel', async () => {
    const view = await openRestoreForm(bot, 'prod', ALICE);
    const automated = await bot.clients.redshift().send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', SnapshotType: 'automated' }));
    const source = `snapshot:${automated.Snapshots![0].SnapshotIdentifier!}`;
    expect(await submitRestoreForm(bot, view, { source, schema: 'analytics', table: 'sessions' }, ALICE)).toBeUndefined();
    const parent = () => bot.slack.messages.inChannel('C0GENERAL').find((m) => (m.text ?? '').includes('is restoring `analytics.sessions` from snapshot'));
    const thread = () => bot.slack.messages.thread('C0GENERAL', parent()?.ts ?? '').map((m) => m.text ?? '').join('\n');
    await waitFor(() => thread().includes('AWS accepted the restore'), 'the restore');
    await bot.settle();
    expect(calls.filter((c) => c === 'RestoreTableFromClusterSnapshot')).toHaveLength(1);
    expect(bot.slack.messages.ephemerals({ user: ALICE }).map((m) => m.text).join('\n')).toContain('(no approval needed)');
    await bot.tick(30_000);
    await waitFor(() => thread().includes('Restore SUCCEEDED'), 'the end');
    expect(thread()).toContain('Restore SUCCEEDED: `analytics.sessions_restored_20261125` holds 240 rows');
    expect((await requests()).filter((r) => r.action === 'restore')).toHaveLength(0);
  });

  test('snapshot keep turns a recovery point into a snapshot and reports when it is available', async () => {
    const { recoveryPoints } = await bot.clients.serverless().send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }));
    const point = recoveryPoints![0].recoveryPointId!;
    const { answer, replies } = await run(`snapshot keep ${point} 7`);
    expect(answer).toContain(`Keeping recovery point \`${point}\` as a snapshot (kept 7 days)`);
    const name = /`(chatops-lake-[a-z0-9-]+)`/.exec(String(replies[0]?.text))?.[1];
    expect(name).toBeDefined();
    const made = await bot.clients.serverless().send(new GetSnapshotCommand({ snapshotName: name }));
    expect(made.snapshot).toMatchObject({ namespaceName: 'lake', snapshotRetentionPeriod: 7 });
    await bot.tick(60_000);
    // The same watch as `snapshot create`: the parent now says available, and the thread how long it took.
    const parent = bot.slack.messages.inChannel('C0GENERAL').find((m) => (m.text ?? '').includes(`Snapshot \`${name}\` of *lake*: *available*`));
    expect(bot.slack.messages.thread('C0GENERAL', parent!.ts).map((m) => m.text)).toEqual([expect.stringContaining('is available')]);
    expect((await audit()).some((r) => r.action === 'snapshot.keep' && r.target === 'lake')).toBe(true);

    const missing = await run('snapshot keep 00000000-0000-4000-8000-000000000000');
    expect(missing.replies[0]?.text).toContain('No Serverless target in chatops.yml has recovery point');
  });

  test('snapshot delete refuses automated snapshots clearly, and deletes a manual one once after a confirm', async () => {
    const automated = await bot.clients.redshift().send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', SnapshotType: 'automated' }));
    const auto = automated.Snapshots![0].SnapshotIdentifier!;
    const refused = await run(`snapshot delete ${auto}`);
    expect(refused.replies[0]?.text).toContain('is an automated snapshot of *prod*: AWS deletes those itself when their retention ends');
    expect(calls).not.toContain('DeleteClusterSnapshot');

    await bot.clients.redshift().send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: 'old-manual' }));
    await bot.tick(45_000);
    const asked = await run('snapshot delete old-manual');
    const confirm = asked.replies[0] as JsonObject;
    expect(confirm.text).toContain('Delete manual snapshot `old-manual` of *prod*');
    const message = { ts: '1764064800.000100', text: String(confirm.text), blocks: confirm.blocks as JsonObject[] };
    const click = () => bot.requester.send(blockActions({ userId: ALICE, actionId: CONFIRM_DELETE, message, channelId: 'C0GENERAL', responseUrl: bot.slack.newResponseUrl({ userId: ALICE }) }));
    await Promise.all([click(), click()]);
    await waitFor(() => calls.includes('DeleteClusterSnapshot'), 'the delete');
    await bot.settle();
    expect(calls.filter((c) => c === 'DeleteClusterSnapshot')).toHaveLength(1);
    const gone = await bot.clients.redshift().send(new DescribeClusterSnapshotsCommand({ ClusterIdentifier: 'analytics-prod', SnapshotType: 'manual' }));
    expect((gone.Snapshots ?? []).map((s) => s.SnapshotIdentifier)).not.toContain('old-manual');
    expect((await audit()).find((r) => r.action === 'snapshot.delete')?.input).toMatchObject({ snapshot: 'old-manual', call: 'DeleteClusterSnapshot' });

    // The same on Serverless, through DeleteSnapshot.
    await bot.clients.serverless().send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'lake-old' }));
    await bot.tick(45_000);
    const lake = (await run('snapshot delete lake-old')).replies[0] as JsonObject;
    expect(lake.text).toContain('Delete manual snapshot `lake-old` of *lake*');
    await bot.requester.send(
      blockActions({ userId: ALICE, actionId: CONFIRM_DELETE, message: { ts: '1764064800.000200', text: String(lake.text), blocks: lake.blocks as JsonObject[] }, channelId: 'C0GENERAL', responseUrl: bot.slack.newResponseUrl({ userId: ALICE }) }),
    );
    await waitFor(() => calls.includes('DeleteSnapshot'), 'the Serverless delete');
    await bot.settle();
    expect((await audit()).some((r) => r.action === 'snapshot.delete' && r.target === 'lake' && (r.result as { deleted?: boolean }).deleted === true)).toBe(true);
  });

  test('a missing snapshot name opens a form; its answer goes through the same checks', async () => {
    const since = lastSeq();
    await bot.command('snapshot delete', ALICE);
    await waitFor(() => bot.slack.calls.some((c) => c.seq > since && c.method === 'views.open'), 'the form');
    const view = bot.slack.views.latest() as JsonObject;
    expect(view.callback_id).toBe(ASK_MODAL);
    const bad = await bot.requester.send(viewSubmission({ userId: ALICE, callbackId: ASK_MODAL, view, values: { value: { value: viewValue.plainText('9bad') } } }));
    expect(JSON.stringify(bad.json)).toContain('must start with a letter');
    await bot.requester.send(viewSubmission({ userId: ALICE, callbackId: ASK_MODAL, view, values: { value: { value: viewValue.plainText('no-such-snapshot') } } }));
    await waitFor(() => bot.slack.messages.ephemerals({ user: ALICE }).some((m) => (m.text ?? '').includes('no-such-snapshot')), 'the answer');
    await bot.settle();
  });

  test('backup retention shows retention and copy status, and changes it after approval with a warning when lowering', async () => {
    const shown = await run('backup retention');
    const text = shown.replies.map((r) => String(r.text)).join('\n');
    expect(text).toContain('*prod*: automated snapshots kept *1 day*; cross-region copy off.');
    expect(text).toContain('*lake* (Serverless): recovery points about every 30 minutes, kept 24 hours');

    expect((await run('backup retention lake 5')).answer).toContain('is Redshift Serverless');

    await run('backup retention prod 7');
    const raise = (await requests()).find((r) => r.action === 'retention' && (r.details as { days: number }).days === 7)!;
    expect(raise.willRun).toEqual(['ModifyCluster ClusterIdentifier=analytics-prod AutomatedSnapshotRetentionPeriod=7']);
    expect(raise.summary.join('\n')).not.toContain('at once');
    const message = bot.slack.messages.get(APPROVALS, raise.approvalMessage!.ts)!;
    await bot.requester.send(blockActions({ userId: BOB, actionId: 'approval_approve', value: raise.id, message: { ...message, channel: APPROVALS }, channelId: APPROVALS }));
    await waitFor(() => calls.includes('ModifyCluster'), 'the change');
    await bot.settle();
    const cluster = await bot.clients.redshift().send(new DescribeClustersCommand({ ClusterIdentifier: 'analytics-prod' }));
    expect(cluster.Clusters![0].AutomatedSnapshotRetentionPeriod).toBe(7);
    await waitFor(() => bot.slack.messages.thread(APPROVALS, raise.approvalMessage!.ts).some((m) => (m.text ?? '').includes('now keeps automated snapshots 7 days')), 'the note');

    await run('backup retention prod 2');
    const lower = (await requests()).find((r) => r.action === 'retention' && (r.details as { days: number }).days === 2)!;
    expect(lower.summary.join('\n')).toContain('deletes automated snapshots older than 2 days *at once*');
    expect(calls.filter((c) => c === 'ModifyCluster')).toHaveLength(1);
  });
});
