import { CreateClusterSnapshotCommand } from '@aws-sdk/client-redshift';
import { CreateSnapshotCommand, ListRecoveryPointsCommand } from '@aws-sdk/client-redshift-serverless';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { RESTORE_KIND, SWAP_BUTTON, type RestoreRecord } from '../../../src/features/backup/restore-details';
import { RESTORE_TARGET_ACTION } from '../../../src/features/backup/restore-form';
import { statement } from '../../../src/redshift/sql';
import { blockActions, type JsonObject, type StoredMessage } from '../../../src/sandbox/slack';
import type { AuditRecord } from '../../../src/store/store';
import { openRestoreForm, operationLog, sourceOptions, submitRestoreForm, waitFor, type RestoreFormInput } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVALS = 'C0APPROVALS';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
const CAROL = 'U0APPROVER2';

const restoreYaml = `${twoTargetsYaml}
policies:
  restore:
    approvers: { users: [U0APPROVER, U0APPROVER2] }
    approvalsRequired: 1
`;

describe('table restores against the emulator', () => {
  let bot: WarehouseBot;
  /** Every AWS operation the emulator was asked for, in order. */
  const { calls, onRequest } = operationLog();
  beforeAll(async () => {
    bot = await startWarehouseBot(restoreYaml, { onRequest });
  });
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const ports = () => bot.server.chatops.ports;
  const restoreCalls = () => calls.filter((op) => op.startsWith('RestoreTableFrom')).length;
  const rows = async (target: 'prod' | 'lake', sql: string) => (await ports().sql.execute(bot.config.targets[target], statement(sql))).rows;
  const count = async (target: 'prod' | 'lake', table: string) => Number((await rows(target, `SELECT count(*) AS n FROM ${table}`))[0]?.n);
  const requests = async () => (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const audit = async (): Promise<AuditRecord[]> => (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;
  const openForm = (target: string) => openRestoreForm(bot, target, ALICE);
  const optionValues = sourceOptions;
  const submit = (view: JsonObject, form: RestoreFormInput) => submitRestoreForm(bot, view, form, ALICE);
  /** The restore request opened since the last call (the manual clock gives several the same createdAt). */
  const seen = new Set<string>();
  const newestRequest = async () => {
    const fresh = (await requests()).find((r) => r.action === 'restore' && !seen.has(r.id));
    if (!fresh) throw new Error('no new restore request');
    seen.add(fresh.id);
    return fresh;
  };
  const approvalMessage = (req: ApprovalRequest): StoredMessage => bot.slack.messages.get(APPROVALS, req.approvalMessage!.ts)!;
  const click = (user: string, req: ApprovalRequest) =>
    bot.requester.send(blockActions({ userId: user, actionId: 'approval_approve', value: req.id, message: { ...approvalMessage(req), channel: APPROVALS }, channelId: APPROVALS }));
  const record = async (key: string) => (await ports().store.get<RestoreRecord>(RESTORE_KIND, key))?.data;
  const thread = (req: ApprovalRequest) => bot.slack.messages.thread(APPROVALS, req.approvalMessage!.ts);
  const threadText = (req: ApprovalRequest) => thread(req).map((m) => m.text ?? '');
  const said = (req: ApprovalRequest, pattern: RegExp) => threadText(req).some((text) => pattern.test(text));
  /** One Approve click, waited for until the executor said in the thread whether AWS took the restore. */
  const approve = async (user: string, req: ApprovalRequest) => {
    await click(user, req);
    await waitFor(() => said(req, /AWS accepted the restore|did not start/), 'the restore to start');
    await bot.settle();
  };
  /** Moves the clock past the next progress check and waits for the report of how the restore ended. */
  const untilEnded = async (req: ApprovalRequest) => {
    await bot.tick(30_000);
    await waitFor(() => said(req, /Restore (SUCCEEDED|FAILED|CANCELED)/), 'the end of the restore');
    await bot.settle();
  };

  test('provisioned: snapshot, delete rows, restore to a new table that holds the rows from before the delete; then swap it into place', async () => {
    const before = await count('prod', 'analytics.daily_revenue');
    await bot.clients.redshift().send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: 'before-cleanup' }));
    await bot.tick(45_000);
    await rows('prod', 'DELETE FROM analytics.daily_revenue WHERE orders % 2 = 0');
    const after = await count('prod', 'analytics.daily_revenue');
    expect(after).toBeLessThan(before);

    const view = await openForm('prod');
    expect(optionValues(view)).toContain('snapshot:before-cleanup');
    const restoresBefore = restoreCalls();
    expect(await submit(view, { source: 'snapshot:before-cleanup', schema: 'analytics', table: 'daily_revenue' })).toBeUndefined();
    expect(restoreCalls()).toBe(restoresBefore);
    const req = await newestRequest();
    expect(req).toMatchObject({ action: 'restore', status: 'pending', requester: ALICE, target: 'prod' });
    expect(req.willRun[0]).toContain('RestoreTableFromClusterSnapshot ClusterIdentifier=analytics-prod SnapshotIdentifier=before-cleanup');
    expect(req.willRun[0]).toContain('NewTableName=daily_revenue_restored_20261125');

    // A long restore, so progress shows between the start and the end.
    bot.aws.context.timings.tableRestoreMs = 90_000;
    try {
      await approve(BOB, req);
      expect(restoreCalls()).toBe(restoresBefore + 1);
      await bot.tick(45_000);
      // The emulator learns the table's size only once it is copied, so it reports no total meanwhile.
      expect(threadText(req).join('\n')).toMatch(/IN_PROGRESS: size not reported yet/);
      await bot.tick(60_000);
    } finally {
      bot.aws.context.timings.tableRestoreMs = 2_000;
    }
    const text = threadText(req).join('\n');
    expect(text).toContain(`:white_check_mark: Restore SUCCEEDED: \`analytics.daily_revenue_restored_20261125\` holds ${before} rows`);
    expect(await count('prod', 'analytics.daily_revenue_restored_20261125')).toBe(before);
    expect((await record(req.id))?.rows).toBe(before);
    expect((await audit()).map((r) => r.action)).toEqual(expect.arrayContaining(['restore.request', 'restore.start', 'restore.succeeded']));

    // A restored table has none of the source table's grants (the analytics schema's default privileges do not apply).
    expect(await rows('prod', "SELECT count(*) AS n FROM svv_relation_privileges WHERE relation_name = 'daily_revenue_restored_20261125'")).toEqual([{ n: 0 }]);
    // A view bound to the live table: after the swap it still reads the old one.
    await rows('prod', 'CREATE VIEW analytics.revenue_by_orders AS SELECT orders, sum(revenue) AS revenue FROM analytics.daily_revenue GROUP BY orders');

    // Swap into place: the clicker asks, an approver approves, both renames run in one transaction.
    const offer = thread(req).find((m) => JSON.stringify(m.blocks ?? []).includes(SWAP_BUTTON))!;
    await bot.requester.send(blockActions({ userId: ALICE, actionId: SWAP_BUTTON, value: req.id, message: { ...offer, channel: APPROVALS }, channelId: APPROVALS }));
    await waitFor(async () => (await requests()).some((r) => r.action === 'restore.swap' && r.approvalMessage !== undefined), 'the swap request');
    await bot.settle();
    // A second click asks nothing new.
    await bot.requester.send(blockActions({ userId: ALICE, actionId: SWAP_BUTTON, value: req.id, message: { ...offer, channel: APPROVALS }, channelId: APPROVALS }));
    await bot.settle();
    const swaps = (await requests()).filter((r) => r.action === 'restore.swap');
    expect(swaps).toHaveLength(1);
    expect(swaps[0].willRun.join('\n')).toContain('ALTER TABLE "analytics"."daily_revenue" RENAME TO "daily_revenue_before_restore_');
    // Before approval: the grants given again in the same transaction, and the view that depends on the table.
    expect(swaps[0].willRun).toContain('GRANT SELECT ON TABLE "analytics"."daily_revenue" TO ROLE "analytics_users";');
    const summary = swaps[0].summary.join('\n');
    expect(summary).toContain('SELECT to role analytics_users');
    expect(summary).toContain('`analytics.revenue_by_orders`');
    await click(CAROL, swaps[0]);
    await waitFor(async () => (await record(req.id))?.swap?.state === 'swapped', 'the swap');
    await bot.settle();
    expect(await count('prod', 'analytics.daily_revenue')).toBe(before);
    const aside = (await record(req.id))!.swap!.aside;
    expect(await count('prod', `analytics.${aside}`)).toBe(after);
    const done = threadText(swaps[0]).join('\n');
    expect(done).toContain('To undo, run in one transaction');
    expect(done).toContain('Granted again on it: ');
    expect(done).toContain('`analytics.revenue_by_orders`');
    expect(done).toContain('CREATE OR REPLACE VIEW');
    // analytics_users (alice, carol) still read the table under its name, as before the swap.
    const asAlice = await ports().sql.execute({ ...bot.config.targets.prod, dbUser: 'alice' } as never, statement('SELECT count(*) AS n FROM analytics.daily_revenue'));
    expect(Number(asAlice.rows[0]?.n)).toBe(before);
    // The view still reads the old table, renamed aside.
    expect((await rows('prod', "SELECT definition FROM pg_views WHERE viewname = 'revenue_by_orders'"))[0]?.definition).toContain(aside);
  });

  test('serverless: the same from a recovery point of the last 24 hours', async () => {
    const { recoveryPoints } = await bot.clients.serverless().send(new ListRecoveryPointsCommand({ namespaceName: 'lake' }));
    const point = recoveryPoints![0].recoveryPointId!;
    const before = await count('lake', 'adhoc.campaign_scratch');
    await rows('lake', 'DELETE FROM adhoc.campaign_scratch WHERE clicks > 1000');
    expect(await count('lake', 'adhoc.campaign_scratch')).toBeLessThan(before);

    const view = await openForm('lake');
    expect(optionValues(view)).toContain(`recovery-point:${point}`);
    expect(await submit(view, { source: `recovery-point:${point}`, schema: 'adhoc', table: 'campaign_scratch', newTable: 'campaign_back' })).toBeUndefined();
    const req = await newestRequest();
    expect(req.willRun[0]).toContain(`RestoreTableFromRecoveryPoint namespaceName=lake workgroupName=lake recoveryPointId=${point}`);
    await approve(BOB, req);
    await untilEnded(req);
    expect(threadText(req).join('\n')).toContain(`Restore SUCCEEDED: \`adhoc.campaign_back\` holds ${before} rows`);
    expect(await count('lake', 'adhoc.campaign_back')).toBe(before);
  });

  test('an existing new table, a snapshot of another cluster and invalid names are refused in the form, with no AWS restore call', async () => {
    await bot.aws.redshift.state.addCluster({ identifier: 'analytics-dev', nodeType: 'ra3.xlplus', numberOfNodes: 1, dbName: 'dev', masterUsername: 'chatops_admin' });
    await bot.clients.redshift().send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-dev', SnapshotIdentifier: 'dev-snap' }));
    await bot.tick(45_000);
    const view = await openForm('prod');
    const source = optionValues(view)[0];
    const opened = (await requests()).length;
    const restoresBefore = restoreCalls();

    expect(await submit(view, { source, schema: 'analytics', table: 'sessions', newTable: 'daily_revenue' })).toEqual({
      new_table: 'analytics.daily_revenue already exists; AWS never overwrites a table, so choose another name.',
    });
    const foreign = await submit(view, { source: 'snapshot:dev-snap', schema: 'analytics', table: 'sessions' });
    expect(foreign?.source).toContain('dev-snap is not a snapshot or recovery point of cluster analytics-prod');
    const invalid = await submit(view, { source, schema: 'analytics', table: `sessions\u0007`, newTable: 'x'.repeat(128) });
    expect(invalid?.table).toContain('contains a control character');
    expect(invalid?.new_table).toContain('longer than 127 bytes');
    expect(await submit(view, { source, schema: 'analytics', table: 'no_such_table' })).toEqual({
      table: 'analytics.no_such_table does not exist in dev; check the schema and table names.',
    });

    expect(restoreCalls()).toBe(restoresBefore);
    expect((await requests()).length).toBe(opened);
    expect((await audit()).filter((r) => r.action === 'restore.refused').length).toBeGreaterThanOrEqual(4);
  });

  test('an injected restore failure ends in a FAILED report with AWS’s message', async () => {
    const view = await openForm('prod');
    expect(await submit(view, { source: 'snapshot:before-cleanup', schema: 'analytics', table: 'sessions', newTable: 'sessions_failing' })).toBeUndefined();
    const req = await newestRequest();
    bot.aws.redshift.failNextTableRestore('Disk full while restoring table sessions (injected).');
    await approve(BOB, req);
    await untilEnded(req);
    expect(threadText(req).join('\n')).toContain(':x: Restore FAILED: Disk full while restoring table sessions (injected). Nothing was created.');
    expect((await record(req.id))?.status).toBe('FAILED');
    expect((await audit()).some((r) => r.action === 'restore.failed' && (r.result as { message?: string }).message?.includes('Disk full'))).toBe(true);
  });

  test('a restore AWS cancels ends in a CANCELED report', async () => {
    const view = await openForm('prod');
    expect(await submit(view, { source: 'snapshot:before-cleanup', schema: 'analytics', table: 'sessions', newTable: 'sessions_cancelled' })).toBeUndefined();
    const req = await newestRequest();
    bot.aws.redshift.failNextTableRestore('Cancelled for cluster maintenance (injected)', 'CANCELED');
    await approve(BOB, req);
    await untilEnded(req);
    expect(threadText(req).join('\n')).toContain(':no_entry_sign: Restore CANCELED: Cancelled for cluster maintenance (injected). Nothing was created.');
    expect((await audit()).some((r) => r.action === 'restore.canceled')).toBe(true);
  });

  test('with several targets and none named, the form asks for the target first', async () => {
    const since = bot.slack.views.all().length;
    await bot.command('restore', ALICE);
    await waitFor(() => bot.slack.views.all().length > since, 'the picker');
    const picker = bot.slack.views.latest() as JsonObject;
    expect(JSON.stringify(picker.blocks)).toContain(RESTORE_TARGET_ACTION);
    await bot.requester.send(blockActions({ userId: ALICE, actionId: RESTORE_TARGET_ACTION, selectedOption: { value: 'lake' }, view: picker }));
    await waitFor(() => JSON.stringify(bot.slack.views.get(String(picker.id))).includes('"block_id":"source"'), 'the form for lake');
    await bot.settle();
    expect(optionValues(bot.slack.views.get(String(picker.id)) as JsonObject).some((v) => v.startsWith('recovery-point:'))).toBe(true);
  });

  test('two approvals clicked at once start one restore', async () => {
    const view = await openForm('prod');
    expect(await submit(view, { source: 'snapshot:before-cleanup', schema: 'analytics', table: 'channel_summary' })).toBeUndefined();
    const req = await newestRequest();
    const restoresBefore = restoreCalls();
    await Promise.all([click(BOB, req), click(CAROL, req)]);
    await waitFor(() => said(req, /AWS accepted the restore/), 'the restore');
    await bot.settle();
    await untilEnded(req);
    expect(restoreCalls()).toBe(restoresBefore + 1);
    expect(threadText(req).join('\n')).toContain('Restore SUCCEEDED: `analytics.channel_summary_restored_20261125`');
  });

  test('serverless snapshots are offered, and the form refuses another namespace’s snapshot', async () => {
    await bot.clients.serverless().send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'lake-snap' }));
    await bot.tick(45_000);
    const view = await openForm('prod');
    expect(optionValues(view)).not.toContain('snapshot:lake-snap');
    const errors = await submit(view, { source: 'snapshot:lake-snap', schema: 'analytics', table: 'sessions' });
    expect(errors?.source).toContain('is not a snapshot or recovery point of cluster analytics-prod');
    const lake = await openForm('lake');
    expect(optionValues(lake)).toContain('snapshot:lake-snap');
    expect(await submit(lake, { source: 'snapshot:lake-snap', schema: 'analytics', table: 'daily_revenue' })).toBeUndefined();
    const req = await newestRequest();
    expect(req.willRun[0]).toMatch(/^RestoreTableFromSnapshot namespaceName=lake workgroupName=lake snapshotName=lake-snap /);
    await approve(BOB, req);
    await untilEnded(req);
    expect(threadText(req).join('\n')).toContain('Restore SUCCEEDED: `analytics.daily_revenue_restored_20261125` holds 90 rows');
  });
});
