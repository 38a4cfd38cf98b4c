import { CreateClusterSnapshotCommand, RestoreFromClusterSnapshotCommand } from '@aws-sdk/client-redshift';
import { CreateSnapshotCommand } from '@aws-sdk/client-redshift-serverless';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import {
  CONFIRM_ACTION,
  EXECUTE_JOB,
  RECORD_KIND,
  type WarehouseRestoreOperation,
} from '../../../src/features/backup/warehouse-restore-types';
import type { ProvisionedTarget, ServerlessTarget } from '../../../src/config/targets';
import { DataApiExecutor } from '../../../src/redshift/data-api';
import { statement } from '../../../src/redshift/sql';
import { SEED_SECRET_ARNS } from '../../../src/sandbox/aws/data/secrets';
import { blockActions, type JsonObject } from '../../../src/sandbox/slack';
import { operationLog, waitFor } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVALS = 'C0APPROVALS';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
const CAROL = 'U0ADMIN';
const prodTarget: ProvisionedTarget = { kind: 'provisioned', cluster: 'analytics-prod', database: 'dev', dbUser: 'chatops_admin' };
const lakeTarget: ServerlessTarget = {
  kind: 'serverless',
  workgroup: 'lake',
  namespace: 'lake',
  database: 'dev',
  secretArn: SEED_SECRET_ARNS.lake,
};

const yaml = `${twoTargetsYaml}
policies:
  restore:
    allowed: { users: [U0ANALYST, U0APPROVER, U0ADMIN] }
`;

describe('restore cluster through the server runtime, against the emulator', () => {
  let bot: WarehouseBot;
  const { calls, onRequest } = operationLog();
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml, { onRequest });
  });
  afterAll(async () => bot.stopAll());

  const sql = () => new DataApiExecutor({ clients: bot.clients, clock: bot.clock, sleep: async (ms) => bot.clock.advance(ms) });
  const count = async (target: ProvisionedTarget | ServerlessTarget, table: string) =>
    Number((await sql().execute(target, statement(`SELECT count(*) AS n FROM ${table}`))).rows[0]?.n);
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const run = (text: string, user = ALICE) => bot.run(text, user);
  const requests = async () =>
    (await bot.server.chatops.ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 100 })).items.map((i) => i.data);
  const click = (preview: JsonObject, user: string, ts: string) =>
    bot.requester.send(
      blockActions({
        userId: user,
        actionId: CONFIRM_ACTION,
        message: { ts, text: String(preview.text), blocks: preview.blocks as JsonObject[] },
        channelId: 'C0GENERAL',
        responseUrl: bot.slack.newResponseUrl({ userId: user }),
      }),
    );
  const approve = (request: ApprovalRequest, user: string) => bot.approve(request, user);
  const thread = (request: ApprovalRequest) =>
    bot.slack.messages
      .thread(APPROVALS, request.approvalMessage!.ts)
      .map((m) => m.text ?? '')
      .join('\n');

  test('a new cluster from a snapshot taken before rows were deleted holds them; one restore for simultaneous approvals', async () => {
    await sql().execute(prodTarget, statement('CREATE TABLE public.orders_kept (id INT)'));
    await sql().execute(prodTarget, statement('INSERT INTO public.orders_kept VALUES (1), (2), (3)'));
    await bot.clients
      .redshift()
      .send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-prod', SnapshotIdentifier: 'before-delete' }));
    await bot.tick(45_000);
    await sql().execute(prodTarget, statement('DELETE FROM public.orders_kept'));

    const { answer, replies } = await run('restore cluster before-delete orders-restored prod');
    expect(answer).toContain('Looking at `before-delete` of *prod*');
    const preview = replies[0] as JsonObject;
    const text = String(preview.text);
    expect(text).toContain('Restore into a NEW cluster `orders-restored`');
    expect(text).toContain('snapshot `before-delete` of `analytics-prod`, taken 2026-11-25');
    expect(text).toContain('*2 × ra3.xlplus*');
    // The config's ra3.xlplus price (the default, $1.086) times two nodes.
    expect(text).toContain(`about *$${(bot.config.cost.prices.nodeHour['ra3.xlplus'] * 2).toFixed(2)} an hour*`);
    expect(text).toContain('an estimate');
    expect(text).toContain('*prod* and its data are not touched. It bills per hour until it is paused or deleted.');

    // Two clicks, by two people: one request.
    const clicked = lastSeq();
    await Promise.all([click(preview, ALICE, '1764064800.000100'), click(preview, CAROL, '1764064800.000100')]);
    await bot.settle();
    expect(JSON.stringify(bot.responses(clicked))).toContain('This restore was confirmed already; it is not started twice.');
    const asked = (await requests()).filter((r) => r.action === 'restore.cluster');
    expect(asked).toHaveLength(1);
    const request = asked[0];
    expect(request.approvalsRequired).toBe(1);
    expect(request.willRun).toEqual([
      'RestoreFromClusterSnapshot ClusterIdentifier=orders-restored SnapshotIdentifier=before-delete SnapshotClusterIdentifier=analytics-prod',
    ]);

    await Promise.all([approve(request, BOB), approve(request, BOB), approve(request, CAROL)]);
    await waitFor(() => calls.includes('RestoreFromClusterSnapshot'), 'the restore');
    await bot.settle();
    expect(calls.filter((c) => c === 'RestoreFromClusterSnapshot')).toHaveLength(1);
    await waitFor(() => thread(request).includes('AWS accepted the restore'), 'the note');

    await bot.tick(30_000);
    await waitFor(() => thread(request).includes('is *available*'), 'available');
    const said = thread(request);
    expect(said).toMatch(/Endpoint: `orders-restored\.[^`]+`/);
    expect(said).toContain('Reminder: `orders-restored` bills about $2.17 an hour');
    expect(said).toContain('AWS console');
    expect(calls.filter((c) => c === 'RestoreFromClusterSnapshot')).toHaveLength(1);

    expect(await count({ ...prodTarget, cluster: 'orders-restored' }, 'public.orders_kept')).toBe(3);
    expect(await count(prodTarget, 'public.orders_kept')).toBe(0);
  });

  test('a name already taken, an unknown snapshot and a bad name are refused before any request or restore', async () => {
    const before = calls.filter((c) => c === 'RestoreFromClusterSnapshot').length;
    const taken = await run('restore cluster before-delete orders-restored prod');
    expect(String(taken.replies[0]?.text)).toContain('A cluster named `orders-restored` exists already');
    const missing = await run('restore cluster no-such-snapshot fresh-one prod');
    expect(String(missing.replies[0]?.text)).toContain('has no snapshot no-such-snapshot');
    expect((await run('restore cluster before-delete Bad_Name prod')).answer).toContain('cannot name a cluster');
    expect((await run('restore cluster before-delete analytics-prod prod')).answer).toContain('NEW cluster');
    expect((await run('restore cluster before-delete fresh-one prod', 'U0STRANGER')).answer).toContain('You are not allowed to restore');
    expect(calls.filter((c) => c === 'RestoreFromClusterSnapshot').length).toBe(before);
    expect((await requests()).filter((r) => r.action === 'restore.cluster')).toHaveLength(1);
  });

  test('an old preview is refused on Confirm', async () => {
    const { replies } = await run('restore cluster before-delete later-one prod');
    await bot.tick(16 * 60_000);
    const since = lastSeq();
    await click(replies[0] as JsonObject, ALICE, '1764064800.000300');
    await waitFor(
      () => bot.slack.calls.some((c) => c.seq > since && JSON.stringify(c.body).includes('more than 15 minutes old')),
      'the refusal',
    );
    await bot.settle();
    expect((await requests()).filter((r) => r.action === 'restore.cluster')).toHaveLength(1);
  });

  test('Serverless: the namespace must be named, two approvals by default, and its rows come back', async () => {
    expect((await run('restore cluster lake-baseline lake-copy lake')).answer).toContain("Type the namespace's name as the second word");

    await sql().execute(lakeTarget, statement('CREATE TABLE public.events_kept (id INT)'));
    await sql().execute(lakeTarget, statement('INSERT INTO public.events_kept VALUES (1), (2)'));
    await bot.clients.serverless().send(new CreateSnapshotCommand({ namespaceName: 'lake', snapshotName: 'events-before-delete' }));
    await bot.tick(45_000);
    await sql().execute(lakeTarget, statement('DELETE FROM public.events_kept'));
    expect(await count(lakeTarget, 'public.events_kept')).toBe(0);

    // With several targets and none named, the namespace's name says which.
    const { replies } = await run('restore cluster events-before-delete lake');
    const preview = replies[0] as JsonObject;
    expect(String(preview.text)).toContain('its current data is REPLACED');
    expect(String(preview.text)).toContain('`/redshift snapshot create lake`');
    expect(String(preview.text)).toContain('Then 2 approvals');
    await click(preview, ALICE, '1764064800.000400');
    await bot.settle();
    const request = (await requests()).find((r) => r.action === 'restore.cluster' && r.target === 'lake')!;
    expect(request.approvalsRequired).toBe(2);
    expect(request.summary.join('\n')).toContain('2 needed');

    await approve(request, BOB);
    await bot.settle();
    expect(calls).not.toContain('RestoreFromSnapshot');
    await approve(request, CAROL);
    await waitFor(() => calls.includes('RestoreFromSnapshot'), 'the restore');
    await bot.settle();
    await bot.tick(30_000);
    await waitFor(() => thread(request).includes('is *available* again'), 'available');
    expect(calls.filter((c) => c === 'RestoreFromSnapshot')).toHaveLength(1);
    expect(await count(lakeTarget, 'public.events_kept')).toBe(2);
  });
  test('a re-run after a lost answer recognises its own cluster and carries on; a namespace is never restored twice', async () => {
    const { store, jobs } = bot.server.chatops.ports;
    const restores = () => calls.filter((c) => c === 'RestoreFromClusterSnapshot').length;
    const operation: WarehouseRestoreOperation = {
      target: 'prod',
      kind: 'new-cluster',
      source: { kind: 'snapshot', id: 'before-delete' },
      name: 'lost-answer',
      requester: ALICE,
      key: 'feedfacefeedface',
      channelId: 'C0GENERAL',
    };
    // The first run claimed the call and AWS made the cluster, but its answer never came back.
    await store.create(RECORD_KIND, `call:${operation.key}`, { state: 'calling', at: bot.clock.now() });
    await bot.clients.redshift().send(
      new RestoreFromClusterSnapshotCommand({
        ClusterIdentifier: 'lost-answer',
        SnapshotIdentifier: 'before-delete',
        SnapshotClusterIdentifier: 'analytics-prod',
      }),
    );
    const before = restores();
    await jobs.enqueue({ idempotencyKey: 'rerun-1', type: EXECUTE_JOB, payload: { operation }, actor: ALICE });
    await bot.settle();
    // Asked once more, AWS answers ClusterAlreadyExists: the cluster is this restore's own, so it goes on.
    expect(restores()).toBe(before + 1);
    const parent = () => bot.slack.messages.inChannel('C0GENERAL').find((m) => (m.text ?? '').includes('into new cluster `lost-answer`'));
    const said = () =>
      bot.slack.messages
        .thread('C0GENERAL', parent()?.ts ?? '')
        .map((m) => m.text ?? '')
        .join('\n');
    expect(said()).toContain('AWS accepted the restore of `before-delete` into new cluster `lost-answer`');
    await bot.tick(30_000);
    await waitFor(() => said().includes('is *available*'), 'available');
    // Run again once more: the call is recorded as made, so nothing is asked of AWS.
    await jobs.enqueue({ idempotencyKey: 'rerun-2', type: EXECUTE_JOB, payload: { operation }, actor: ALICE });
    await bot.settle();
    expect(restores()).toBe(before + 1);

    // A namespace whose first answer was lost and which shows no restore under way is not restored again.
    const namespace: WarehouseRestoreOperation = {
      target: 'lake',
      kind: 'namespace',
      source: { kind: 'snapshot', id: 'lake-baseline' },
      name: 'lake',
      requester: ALICE,
      key: 'deadbeefdeadbeef',
      channelId: 'C0GENERAL',
    };
    await store.create(RECORD_KIND, `call:${namespace.key}`, { state: 'calling', at: bot.clock.now() });
    const serverless = calls.filter((c) => c === 'RestoreFromSnapshot').length;
    await jobs.enqueue({ idempotencyKey: 'rerun-3', type: EXECUTE_JOB, payload: { operation: namespace }, actor: ALICE });
    await bot.settle();
    expect(calls.filter((c) => c === 'RestoreFromSnapshot').length).toBe(serverless);
    const lakeParent = bot.slack.messages.inChannel('C0GENERAL').find((m) => (m.text ?? '').includes('into namespace `lake`'));
    expect(
      bot.slack.messages
        .thread('C0GENERAL', lakeParent!.ts)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('not restored again from here');
  });
});
