import { CreateClusterSnapshotCommand } from '@aws-sdk/client-redshift';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { RESTORE_MODAL } from '../../../src/features/backup/restore-form';
import { recordFormOrigin } from '../../../src/features/shared/form-origin';
import { SANDBOX_CHANNELS, viewSubmission, type JsonObject } from '../../../src/sandbox/slack';
import type { AuditRecord } from '../../../src/store/store';
import { usergroupGatedYaml } from '../../support/config';
import {
  openRestoreForm,
  startBotWithSnapshot,
  restoreFormValues,
  shownProblems,
  sourceOptions,
  submitRestoreForm,
  waitFor,
  type RestoreFormInput,
} from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
/** Far below Slack's 3 s: the submission's answer waits on no AWS call. */
const FAST_MS = 1_000;

const restoreYaml = `${twoTargetsYaml}
policies:
  restore:
    approvers: { users: [U0APPROVER, U0APPROVER2] }
    approvalsRequired: 1
`;

type Block = { block_id?: string; text?: { text?: string }; element?: { initial_value?: string; initial_option?: { value?: string } } };
const blocks = (view: JsonObject | undefined) => (view?.blocks ?? []) as Block[];
const block = (view: JsonObject | undefined, id: string) => blocks(view).find((b) => b.block_id === id);
const viewText = (view: JsonObject | undefined) =>
  blocks(view)
    .map((b) => b.text?.text ?? '')
    .join('\n');

/**
 * The restore form's submission is acked at once with a "checking" view; its AWS checks run in a job
 * that redraws the modal: the form again with what was typed and the problems, or "Asked approvers…".
 */
describe('the restore form is checked after the ack', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startBotWithSnapshot(restoreYaml);
  });
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const ports = () => bot.server.chatops.ports;
  const requests = async () => (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const audit = async (): Promise<AuditRecord[]> =>
    (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;
  const send = (view: JsonObject, form: RestoreFormInput, user = ALICE) =>
    bot.requester.send(viewSubmission({ userId: user, callbackId: RESTORE_MODAL, view, values: restoreFormValues(form) }));
  const lastSeq = () => bot.slack.calls.at(-1)?.seq ?? 0;
  const ephemeralsTo = (user: string, since: number) =>
    bot.slack.calls.filter((c) => c.method === 'chat.postEphemeral' && c.seq > since && c.body.user === user);

  test('a slow Data API (a workgroup waking up): acked at once with "checking", then the request opens and the modal says so', async () => {
    const view = await openRestoreForm(bot, 'prod', ALICE);
    const opened = (await requests()).length;
    bot.aws.faults.inject({ service: 'redshift-data', operation: 'ExecuteStatement', fault: { kind: 'slow', ms: 40_000 } });
    const started = Date.now();
    const answer = await send(view, {
      source: 'snapshot:before-cleanup',
      schema: 'analytics',
      table: 'sessions',
      newTable: 'sessions_slow',
    });
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    const checking = (answer.json as { response_action?: string; view?: JsonObject }).view;
    expect(answer.json).toMatchObject({
      response_action: 'update',
      view: { callback_id: RESTORE_MODAL, private_metadata: view.private_metadata },
    });
    expect(checking?.submit).toBeUndefined();
    expect(viewText(checking)).toBe(':hourglass_flowing_sand: Checking snapshot `before-cleanup` and `analytics.sessions` in `dev`…');

    // The statement is still running on the emulator's clock: nothing is asked yet, and nothing said "submit again".
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await requests()).length).toBe(opened);
    await bot.tick(40_000);
    await waitFor(async () => (await requests()).length > opened, 'the restore request');
    await bot.settle();
    const request = (await requests()).find((r) => r.action === 'restore' && r.willRun[0].includes('NewTableName=sessions_slow'));
    expect(request).toMatchObject({ status: 'pending', requester: ALICE });
    const closing = bot.slack.views.get(String(view.id));
    expect(closing?.submit).toBeUndefined();
    expect(viewText(closing)).toContain(
      `:incoming_envelope: Asked approvers in <#C0APPROVALS> to restore into \`analytics.sessions_slow\` (request \`${request!.id}\`)`,
    );
  }, 20_000);

  test('a live problem comes back in the redrawn form, with what was typed kept; fixed, it is asked', async () => {
    const view = await openRestoreForm(bot, 'prod', ALICE);
    const opened = (await requests()).length;
    const typed = {
      source: 'snapshot:before-cleanup',
      schema: 'analytics',
      table: 'sessions',
      newTable: 'daily_revenue',
      targetSchema: 'analytics',
    };
    expect(await submitRestoreForm(bot, view, typed, ALICE)).toEqual({
      new_table: 'analytics.daily_revenue already exists; AWS never overwrites a table, so choose another name.',
    });
    const form = bot.slack.views.get(String(view.id)) as JsonObject;
    expect(form).toMatchObject({ callback_id: RESTORE_MODAL, private_metadata: view.private_metadata, submit: { text: 'Ask approvers' } });
    expect(sourceOptions(form)).toEqual(sourceOptions(view));
    expect(block(form, 'source')?.element?.initial_option?.value).toBe('snapshot:before-cleanup');
    expect(block(form, 'database')?.element?.initial_value).toBe('dev');
    expect(block(form, 'schema')?.element?.initial_value).toBe('analytics');
    expect(block(form, 'table')?.element?.initial_value).toBe('sessions');
    expect(block(form, 'new_table')?.element?.initial_value).toBe('daily_revenue');
    expect(block(form, 'target_schema')?.element?.initial_value).toBe('analytics');
    expect(viewText(form)).toContain(':warning: *Nothing was asked yet:*');
    expect((await audit()).filter((r) => r.action === 'restore.refused').at(-1)).toMatchObject({
      actor: ALICE,
      input: { newTable: 'daily_revenue' },
      result: { errors: { new_table: expect.stringContaining('already exists') } },
    });
    expect((await requests()).length).toBe(opened);

    // Submitted again from the redrawn form (a new view version) with another name: asked.
    expect(await submitRestoreForm(bot, form, { ...typed, newTable: 'daily_revenue_back' }, ALICE)).toBeUndefined();
    expect((await requests()).length).toBe(opened + 1);
    expect(shownProblems(bot.slack.views.get(String(view.id)))).toBeUndefined();
  });

  test('a source no longer listed is not selected in the redrawn form; its problem shows under it', async () => {
    await bot.aws.redshift.state.addCluster({
      identifier: 'analytics-qa',
      nodeType: 'ra3.xlplus',
      numberOfNodes: 1,
      dbName: 'dev',
      masterUsername: 'chatops_admin',
    });
    await bot.clients
      .redshift()
      .send(new CreateClusterSnapshotCommand({ ClusterIdentifier: 'analytics-qa', SnapshotIdentifier: 'qa-snap' }));
    await bot.tick(45_000);
    const view = await openRestoreForm(bot, 'prod', ALICE);
    const problems = await submitRestoreForm(bot, view, { source: 'snapshot:qa-snap', schema: 'analytics', table: 'sessions' }, ALICE);
    expect(problems?.source).toContain('qa-snap is not a snapshot or recovery point of cluster analytics-prod');
    expect(block(bot.slack.views.get(String(view.id)), 'source')?.element?.initial_option).toBeUndefined();
  });

  test('the modal closed before the check ended: the problem arrives by ephemeral message where the form was opened', async () => {
    const view = await openRestoreForm(bot, 'prod', ALICE);
    const since = lastSeq();
    // Slack answers views.update of a closed modal with not_found.
    bot.slack.failNext('views.update', 'not_found');
    const answer = await send(view, { source: 'snapshot:before-cleanup', schema: 'analytics', table: 'no_such_table' });
    expect((answer.json as { response_action?: string }).response_action).toBe('update');
    await bot.settle();
    const told = ephemeralsTo(ALICE, since);
    expect(told).toHaveLength(1);
    expect(told[0].body.channel).toBe(SANDBOX_CHANNELS.general);
    expect(String(told[0].body.text)).toContain(':warning: Your restore of `analytics.no_such_table` on *prod* was not asked:');
    expect(String(told[0].body.text)).toContain('analytics.no_such_table does not exist in dev; check the schema and table names.');
  });

  test('the modal closed before an accepted check ended: the request opens all the same', async () => {
    const view = await openRestoreForm(bot, 'prod', ALICE);
    const opened = (await requests()).length;
    const since = lastSeq();
    bot.slack.failNext('views.update', 'not_found');
    await send(view, { source: 'snapshot:before-cleanup', schema: 'analytics', table: 'sessions', newTable: 'sessions_closed' });
    await bot.settle();
    expect((await requests()).length).toBe(opened + 1);
    expect(ephemeralsTo(ALICE, since).map((c) => String(c.body.text))).toEqual([
      expect.stringContaining(':incoming_envelope: Asked approvers'),
    ]);
  });
});

describe('a restore policy that names a usergroup is checked in the job, never before the ack', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(`${twoTargetsYaml}${usergroupGatedYaml}`);
  });
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  const requests = async () => (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const lookups = (since: number) => bot.slack.calls.filter((c) => c.method === 'usergroups.users.list' && c.seq > since);
  const form = { source: '', schema: 'analytics', table: 'sessions', newTable: 'sessions_lead' };

  test('a member: acked with "checking", Slack asked in the job, then the request opens', async () => {
    const view = await openRestoreForm(bot, 'prod', BOB);
    // The usergroup's members were cached when the command was checked; a minute later they are asked again.
    bot.clock.advance(61_000);
    const since = bot.slack.calls.at(-1)?.seq ?? 0;
    const opened = (await requests()).length;
    const answer = await bot.requester.send(
      viewSubmission({
        userId: BOB,
        callbackId: RESTORE_MODAL,
        view,
        values: restoreFormValues({ ...form, source: sourceOptions(view)[0] }),
      }),
    );
    expect((answer.json as { response_action?: string }).response_action).toBe('update');
    await bot.settle();
    expect(lookups(since)).toHaveLength(1);
    expect((await requests()).length).toBe(opened + 1);
  });

  test('no longer a member: the refusal is shown in the modal, audited, and nothing is asked', async () => {
    // The form was opened for Alice (as when she was still a data lead); she submits it now.
    const view = await openRestoreForm(bot, 'prod', BOB);
    const origin = await recordFormOrigin(ports(), ALICE, SANDBOX_CHANNELS.general);
    // The members cached meanwhile are stale: Slack must be asked, and it is asked after the ack.
    bot.clock.advance(61_000);
    const since = bot.slack.calls.at(-1)?.seq ?? 0;
    const opened = (await requests()).length;
    const answer = await bot.requester.send(
      viewSubmission({
        userId: ALICE,
        callbackId: RESTORE_MODAL,
        view,
        privateMetadata: JSON.stringify({ origin, target: 'prod' }),
        values: restoreFormValues({ ...form, source: sourceOptions(view)[0] }),
      }),
    );
    expect((answer.json as { response_action?: string }).response_action).toBe('update');
    await bot.settle();
    expect(lookups(since)).toHaveLength(1);
    const shown = bot.slack.views.get(String(view.id));
    expect(shown?.submit).toBeUndefined();
    expect(viewText(shown)).toContain(':no_entry: You are not allowed to restore');
    expect(viewText(shown)).toContain('Nothing was restored.');
    expect((await requests()).length).toBe(opened);
    const audited = (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;
    expect(audited.filter((r) => r.action === 'restore.refused').at(-1)).toMatchObject({
      actor: ALICE,
      result: { reason: expect.stringContaining('not allowed') },
    });
  });
});
