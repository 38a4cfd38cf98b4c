import type { IncomingMessage } from 'node:http';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { executorKey } from '../../../src/approvals/workflow';
import {
  CONFIRM_ACTION,
  DEFER_ACTION,
  DELETE_MODAL,
  FINAL_BLOCK,
  NAME_BLOCK,
  RETENTION_BLOCK,
  SKIP_FINAL,
  SNAPSHOT_NAME_BLOCK,
  TAKE_FINAL,
  TARGET_MODAL,
} from '../../../src/features/lifecycle/ids';
import type { LifecycleOperation } from '../../../src/features/lifecycle/types';
import { JOB_KIND, jobIdFor } from '../../../src/jobs/queue';
import {
  blockActions,
  SANDBOX_CHANNELS,
  SANDBOX_USERS,
  viewSubmission,
  type JsonObject,
  type SlackHttpResponse,
  type StoredMessage,
} from '../../../src/sandbox/slack';
import type { AuditRecord } from '../../../src/store/store';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const { approvals: APPROVALS, alerts: ALERTS, general: GENERAL } = SANDBOX_CHANNELS;
const { analyst: ALICE, approver: BOB, approver2: CAROL, admin: DANA } = SANDBOX_USERS;
const SEC = 1_000;
const HOUR = 3_600 * SEC;

/** prod and lake from the standard seed, plus two clusters the tests add: dev (to delete) and ops (maintenance soon). */
const lifecycleYaml = `${twoTargetsYaml.replace(
  'targets:\n',
  `targets:
  dev:
    kind: provisioned
    cluster: scratch-dev
    database: dev
    dbUser: chatops_admin
  ops:
    kind: provisioned
    cluster: ops-cluster
    database: dev
    dbUser: chatops_admin
`,
)}
policies:
  pause:
    allowed: { users: [U0ANALYST, U0APPROVER, U0APPROVER2] }
  resume: { approvalsRequired: 0 }
  delete:
    approvers: { users: [U0APPROVER, U0APPROVER2, U0ADMIN] }
  maintenance: { approvalsRequired: 0 }
`;

describe('cluster lifecycle against the emulator', () => {
  let bot: WarehouseBot;
  /** Every AWS operation the bot called, in order (Query Action or JSON X-Amz-Target). */
  const calls: string[] = [];
  const countCall = (req: IncomingMessage, body: string) => {
    const target = req.headers['x-amz-target'];
    const name = typeof target === 'string' ? target.split('.').pop() : new URLSearchParams(body).get('Action');
    if (name) calls.push(name);
  };
  const called = (operation: string) => calls.filter((name) => name === operation).length;

  beforeAll(async () => {
    bot = await startWarehouseBot(lifecycleYaml, { onRequest: countCall });
    const state = bot.aws.redshift.state;
    await state.addCluster({ identifier: 'scratch-dev', nodeType: 'ra3.xlplus', numberOfNodes: 2 });
    // Wednesday 10:00 UTC now: a Thursday 08:00 window opens in 22 hours.
    await state.addCluster({
      identifier: 'ops-cluster',
      nodeType: 'dc2.large',
      numberOfNodes: 1,
      maintenanceWindow: 'thu:08:00-thu:08:30',
    });
    // Three PGlite databases start here; a shared, busy machine needs longer than the default.
  }, 180_000);
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const ports = () => bot.server.chatops.ports;
  const audit = async (): Promise<AuditRecord[]> =>
    (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const requests = async () =>
    (await ports().store.list<ApprovalRequest<LifecycleOperation>>(REQUEST_KIND, { limit: 1000 })).items
      .map((item) => item.data)
      .sort((a, b) => a.createdAt - b.createdAt);
  const request = async (id: string) => (await ports().approvals.get(id)) as ApprovalRequest<LifecycleOperation>;
  const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const clusterState = (id: string) => {
    const cluster = bot.aws.redshift.state.findCluster(id);
    return cluster ? bot.aws.redshift.state.status(cluster) : 'gone';
  };

  /** `/redshift <text>` and the job it starts; returns the command's answer and what the job sent to its response URL. */
  const run = async (text: string, user: string = ALICE) => {
    const since = lastSeq();
    const answer = await bot.command(text, user);
    await bot.settle();
    return { answer, later: bot.responses(since) };
  };
  /** Clicks the preview's Confirm button as `user`, and waits for what it started. */
  const confirm = async (preview: JsonObject, user: string = ALICE): Promise<JsonObject[]> => {
    const since = lastSeq();
    const message = { ts: '1764064800.000100', text: String(preview.text), blocks: preview.blocks as JsonObject[], channel: GENERAL };
    await bot.requester.send(
      blockActions({
        userId: user,
        actionId: CONFIRM_ACTION,
        message,
        channelId: GENERAL,
        responseUrl: bot.slack.newResponseUrl({ userId: user }),
      }),
    );
    await waitFor(() => bot.responses(since).length > 0, 'the answer to Confirm');
    await bot.settle();
    return bot.responses(since);
  };
  const approvalMessage = (req: ApprovalRequest): StoredMessage => bot.slack.messages.get(APPROVALS, req.approvalMessage!.ts)!;
  const click = async (user: string, requestId: string): Promise<SlackHttpResponse> => {
    const message = approvalMessage(await request(requestId));
    return bot.requester.send(
      blockActions({
        userId: user,
        actionId: 'approval_approve',
        value: requestId,
        message: { ...message, channel: APPROVALS },
        channelId: APPROVALS,
      }),
    );
  };
  const executorDone = async (requestId: string) => {
    const job = await ports().store.get<{ status: string }>(JOB_KIND, jobIdFor(executorKey(requestId)));
    return job !== undefined && (job.data.status === 'succeeded' || job.data.status === 'failed');
  };
  /** One Approve click, waited for: the message updated or a refusal, and the executor when it was the last one. */
  const approve = async (user: string, requestId: string) => {
    const since = lastSeq();
    await click(user, requestId);
    await waitFor(
      () => bot.slack.calls.some((c) => c.seq > since && (c.method === 'chat.update' || c.method === 'chat.postEphemeral')),
      `the click of ${user}`,
    );
    if ((await request(requestId)).status === 'approved') await waitFor(() => executorDone(requestId), 'the executor');
    await bot.settle();
  };
  const thread = (req: ApprovalRequest) => bot.slack.messages.thread(APPROVALS, req.approvalMessage!.ts).map((m) => m.text ?? '');
  /** The request opened since `before` (the clock may not have moved, so creation times can tie). */
  const opened = async (before: ApprovalRequest[]) => (await requests()).find((r) => !before.some((b) => b.id === r.id))!;

  /** `/redshift delete <target>`, then the form submitted with these values; returns the HTTP answer to the submission. */
  const submitDelete = async (
    target: string,
    fields: { typed: string; final?: string; name?: string; retention?: string },
    user: string = ALICE,
  ) => {
    const before = await requests();
    const formSince = lastSeq();
    await run(`delete ${target}`, user);
    // The form opens right after the ack.
    await bot.slack.waitFor('views.open', (call) => call.seq > formSince, 3_000);
    const view = bot.slack.views.latest() as JsonObject;
    expect(view.callback_id).toBe(DELETE_MODAL);
    const generated = JSON.stringify(view.blocks).match(/"initial_value":"(chatops-[a-z0-9-]+-final-[0-9]{8}-[0-9]{6}-[0-9a-f]{4})"/)?.[1];
    const response = await bot.requester.send(
      viewSubmission({
        userId: user,
        callbackId: DELETE_MODAL,
        view,
        values: {
          [NAME_BLOCK]: { value: { type: 'plain_text_input', value: fields.typed } },
          [FINAL_BLOCK]: { value: { type: 'radio_buttons', selected_option: { value: fields.final ?? TAKE_FINAL } } },
          [SNAPSHOT_NAME_BLOCK]: { value: { type: 'plain_text_input', value: fields.name ?? generated ?? null } },
          [RETENTION_BLOCK]: { value: { type: 'plain_text_input', value: fields.retention ?? 'forever' } },
        },
      }),
    );
    await bot.settle();
    return { response, generated, request: await opened(before) };
  };

  test('pause: a preview with the storage estimate and checks, Confirm, one approval, progress until paused; pausing again calls nothing', async () => {
    const { answer, later } = await run('pause prod');
    expect(answer).toContain('Looking at *prod*');
    const preview = later[0];
    const shown = JSON.stringify(preview.blocks);
    expect(shown).toContain('takes a snapshot of the cluster first, then ends every running query');
    expect(shown).toContain('cannot be cancelled');
    // The seeded cluster holds tens of MB: its size in MB and a cost under a cent, never "$0.00" or "0.0 GB".
    expect(shown).toMatch(
      /under \$0\.01 a month for storage \([1-9][0-9]*(\.[0-9])? MB at \$0.024 per GB-month, from the latest snapshot's size\)/,
    );
    expect(shown).not.toMatch(/\$0\.00 a month|\(0\.0 GB/);
    expect(shown).toContain('status is available');
    expect(shown).toContain('automated snapshots are on');
    // The button asks once more in Slack's own confirm dialog.
    expect(shown).toContain('"confirm":{"title":{"type":"plain_text","text":"Pause this cluster?"}');
    expect(called('PauseCluster')).toBe(0);

    const before = await requests();
    const answers = await confirm(preview);
    expect(String(answers[0].text)).toContain('asking approvers to pause *prod*');
    const req = await opened(before);
    expect(req).toMatchObject({ action: 'lifecycle.pause', requester: ALICE, target: 'prod', status: 'pending', approvalsRequired: 1 });
    expect(JSON.stringify(approvalMessage(req).blocks)).toContain('PauseCluster ClusterIdentifier=analytics-prod');
    // A second click on the same preview is the same request.
    await confirm(preview);
    expect((await requests()).filter((r) => r.action === 'lifecycle.pause')).toHaveLength(1);

    await approve(ALICE, req.id);
    expect((await request(req.id)).status).toBe('pending');
    await approve(BOB, req.id);
    expect((await request(req.id)).status).toBe('approved');
    expect(called('PauseCluster')).toBe(1);
    expect(thread(req).join('\n')).toContain('AWS accepted PauseCluster (now *pausing*)');
    await bot.tick(30 * SEC);
    expect(clusterState('analytics-prod')).toBe('paused');
    expect(thread(req).pop()).toContain('*prod* is paused. Storage still bills');

    const callsBefore = calls.length;
    const again = await run('pause prod');
    // Only reads: the cluster is described, nothing is asked to change.
    expect(calls.slice(callsBefore).every((name) => name.startsWith('Describe'))).toBe(true);
    expect(String(again.later[0].text)).toContain('is already paused. Nothing was called');
    expect(again.later[0].blocks).toBeUndefined();
    expect(called('PauseCluster')).toBe(1);
    const records = await audit();
    expect(records.find((r) => r.action === 'lifecycle.call' && (r.input as { call: string }).call === 'PauseCluster')).toMatchObject({
      actor: ALICE,
      result: { state: 'pausing' },
    });
    expect(records.filter((r) => r.action === 'lifecycle.pause.preview').map((r) => (r.result as { outcome: string }).outcome)).toEqual([
      'ready',
      'already',
    ]);
    expect(records.some((r) => r.action === 'lifecycle.pause.done')).toBe(true);
  });

  test('resume without approval (policy 0): five simultaneous Confirm clicks make one ResumeCluster, reported in a thread until available', async () => {
    const { later } = await run('resume prod');
    expect(JSON.stringify(later[0].blocks)).toContain('Node-hours bill again');
    const answers = (await Promise.all(Array.from({ length: 5 }, () => confirm(later[0])))).flat();
    expect(String(answers[0].text)).toContain('resuming *prod* now');
    expect(called('ResumeCluster')).toBe(1);
    expect(bot.slack.messages.inChannel(GENERAL).filter((m) => (m.text ?? '').includes('Resuming *prod*, as'))).toHaveLength(1);
    const parent = bot.slack.messages.inChannel(GENERAL).find((m) => (m.text ?? '').includes('Resuming *prod*, as'))!;
    const lines = () => bot.slack.messages.thread(GENERAL, parent.ts).map((m) => m.text ?? '');
    expect(lines().join('\n')).toContain('AWS accepted ResumeCluster (now *resuming*)');
    await bot.tick(30 * SEC);
    expect(clusterState('analytics-prod')).toBe('available');
    expect(lines().pop()).toContain('*prod* is available again');
  });

  test('with no target named, a form asks which; for delete it then becomes the typed-name form', async () => {
    const pick = async (verb: string, target: string) => {
      const formSince = lastSeq();
      await run(verb);
      await bot.slack.waitFor('views.open', (call) => call.seq > formSince, 3_000);
      const view = bot.slack.views.latest() as JsonObject;
      expect(view.callback_id).toBe(TARGET_MODAL);
      const response = await bot.requester.send(
        viewSubmission({
          userId: ALICE,
          callbackId: TARGET_MODAL,
          view,
          values: { target: { value: { type: 'static_select', selected_option: { value: target } } } },
        }),
      );
      await bot.settle();
      return response;
    };
    await pick('pause', 'prod');
    const preview = bot.slack.messages.ephemerals({ user: ALICE }).pop()!;
    expect(JSON.stringify(preview.blocks)).toContain(CONFIRM_ACTION);
    const update = (await pick('delete', 'dev')).json as { response_action: string; view: JsonObject };
    expect(update.response_action).toBe('update');
    expect(update.view.callback_id).toBe(DELETE_MODAL);
    expect(JSON.stringify(update.view.blocks)).toContain('Type scratch-dev to confirm');
  });

  test('who may pause is checked on the command and again on the Confirm click, and refusals are audited', async () => {
    const before = calls.length;
    expect((await run('pause prod', DANA)).answer).toContain('You are not allowed to pause');
    const { later } = await run('pause prod');
    const answers = await confirm(later[0], DANA);
    expect(String(answers[0].text)).toContain('You are not allowed to pause');
    expect((await requests()).filter((r) => r.action === 'lifecycle.pause' && r.requester === DANA)).toEqual([]);
    expect(calls.slice(before).every((name) => name.startsWith('Describe'))).toBe(true);
    const refused = (await audit()).filter((r) => r.action === 'lifecycle.pause.refused');
    expect(refused.map((r) => [r.actor, r.input])).toEqual([
      [DANA, {}],
      [DANA, { key: expect.stringMatching(/^[0-9a-f]{16}$/), via: 'confirm' }],
    ]);
  });

  test('Serverless pause and resume explain per-use billing and usage limits, and call nothing', async () => {
    const before = calls.length;
    for (const verb of ['pause', 'resume']) {
      const { answer } = await run(`${verb} lake`);
      expect(answer).toContain(`there is nothing to ${verb}, and nothing was called`);
      expect(answer).toContain('bills compute per use');
      expect(answer).toContain('usage limit');
    }
    expect(calls.length).toBe(before);
  });

  test('a precondition that fails is shown with no button, and an AWS fault is explained in words and audited', async () => {
    const dev = bot.aws.redshift.state.findCluster('scratch-dev')!;
    dev.automatedRetentionDays = 0;
    const blocked = (await run('pause dev')).later[0];
    expect(String(blocked.text)).toContain('automated snapshots are off');
    expect(JSON.stringify(blocked.blocks)).not.toContain(CONFIRM_ACTION);
    dev.automatedRetentionDays = 1;

    const { later } = await run('pause dev');
    const before = await requests();
    await confirm(later[0]);
    const req = await opened(before);
    bot.aws.faults.inject({
      service: 'redshift',
      operation: 'PauseCluster',
      fault: { kind: 'named', code: 'InvalidClusterState', message: 'The cluster is being modified.' },
    });
    await approve(CAROL, req.id);
    expect(thread(req).join('\n')).toContain(
      'PauseCluster on *dev* failed. PauseCluster failed: InvalidClusterState: The cluster is being modified. Cluster scratch-dev is available; try again after it is available',
    );
    expect(clusterState('scratch-dev')).toBe('available');
    const failed = (await audit()).filter((r) => r.action === 'lifecycle.call' && r.target === 'dev').pop()!;
    expect(failed.result).toMatchObject({ fault: 'InvalidClusterState' });
  });

  test('maintenance within 24 hours is announced once in the alerts channel; defer calls ModifyClusterMaintenance', async () => {
    const task = bot.server.chatops.tasks['lifecycle.maintenance'];
    expect(task).toBeDefined();
    const schedule = bot.config.schedules.find((s) => s.task === 'lifecycle.maintenance')!;
    await task!({ schedule, occurrence: bot.clock.now() });
    await task!({ schedule, occurrence: bot.clock.now() });
    const notices = bot.slack.messages.inChannel(ALERTS).filter((m) => (m.text ?? '').includes('Maintenance of'));
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toContain('Maintenance of *ops* (`ops-cluster`) starts at 2026-11-26 08:00 UTC');
    const notice = { ...notices[0], channel: ALERTS };
    const since = lastSeq();
    /** Picks `days` in the notice's Defer menu, as the admin. */
    const pickDefer = (days: number) =>
      bot.requester.send(
        blockActions({
          userId: DANA,
          actionId: DEFER_ACTION,
          selectedOption: { value: JSON.stringify({ t: 'ops', d: days }) },
          message: notice,
          channelId: ALERTS,
          responseUrl: bot.slack.newResponseUrl({ userId: DANA }),
        }),
      );
    await pickDefer(14);
    await waitFor(() => bot.responses(since).length > 0, 'the defer answer');
    await bot.settle();
    expect(called('ModifyClusterMaintenance')).toBe(1);
    const deferred = bot.aws.redshift.state.findCluster('ops-cluster')!.deferredWindows;
    expect(deferred).toHaveLength(1);
    expect(deferred[0].end - deferred[0].start).toBe(14 * 24 * HOUR);
    expect(bot.slack.messages.thread(ALERTS, notices[0].ts).pop()?.text).toContain('deferred by 14 days');
    // A value outside 1–60 days is refused before any call.
    await pickDefer(90);
    await waitFor(() => bot.responses(since).length > 1, 'the refusal');
    expect(String(bot.responses(since).pop()?.text)).toContain('not 1–60 days');
    expect(called('ModifyClusterMaintenance')).toBe(1);
  });

  test('delete: a mistyped name is a field error; two distinct approvers, not the requester; simultaneous clicks make one DeleteCluster; the final snapshot stays', async () => {
    const before = (await requests()).length;
    const mistyped = await submitDelete('prod', { typed: 'analytics-prd' });
    expect(mistyped.response.json).toEqual({
      response_action: 'errors',
      errors: { [NAME_BLOCK]: '"analytics-prd" is not the name. Type analytics-prod exactly to confirm.' },
    });
    expect(await requests()).toHaveLength(before);

    const { generated, request: req } = await submitDelete('prod', { typed: 'analytics-prod' });
    expect(generated).toMatch(/^chatops-prod-final-20261125-/);
    expect(req).toMatchObject({
      action: 'lifecycle.delete',
      requester: ALICE,
      approvalsRequired: 2,
      details: { finalSnapshot: { skip: false, name: generated, retentionDays: 'forever' } },
    });
    expect(JSON.stringify(approvalMessage(req).blocks)).toContain(`FinalClusterSnapshotIdentifier=${generated}`);

    await approve(ALICE, req.id);
    await approve(BOB, req.id);
    await approve(BOB, req.id);
    expect((await request(req.id)).status).toBe('pending');
    expect(called('DeleteCluster')).toBe(0);
    await Promise.all([CAROL, DANA, CAROL, DANA, CAROL, DANA].map((user) => click(user, req.id)));
    await waitFor(async () => (await request(req.id)).status === 'approved' && (await executorDone(req.id)), 'approval and deletion');
    await bot.settle();
    expect(called('DeleteCluster')).toBe(1);
    expect(clusterState('analytics-prod')).toBe('final-snapshot');

    await bot.tick(30 * SEC);
    expect(thread(req).join('\n')).toContain('*prod* is *final-snapshot*');
    await bot.tick(30 * SEC);
    expect(clusterState('analytics-prod')).toBe('gone');
    const snapshot = bot.aws.redshift.state.snapshots.get(generated!)!;
    expect(bot.aws.redshift.state.snapshotStatus(snapshot)).toBe('available');
    expect(thread(req).pop()).toContain(`Cluster of *prod* is deleted. Final snapshot \`${generated}\` is *available*.`);
    expect(called('DeleteCluster')).toBe(1);
  });

  test('skipping the final snapshot is shown in red and needs one more approval', async () => {
    const { request: req } = await submitDelete('dev', { typed: 'scratch-dev', final: SKIP_FINAL });
    expect(req).toMatchObject({
      action: 'lifecycle.delete',
      target: 'dev',
      approvalsRequired: 3,
      details: { finalSnapshot: { skip: true } },
    });
    const shown = JSON.stringify(approvalMessage(req).blocks);
    expect(shown).toContain(':red_circle: *NO FINAL SNAPSHOT');
    expect(shown).toContain('SkipFinalClusterSnapshot=true');
    await approve(BOB, req.id);
    await approve(CAROL, req.id);
    expect((await request(req.id)).status).toBe('pending');
    expect(clusterState('scratch-dev')).toBe('available');
    await approve(DANA, req.id);
    expect((await request(req.id)).status).toBe('approved');
    await bot.tick(30 * SEC);
    expect(clusterState('scratch-dev')).toBe('gone');
    expect(thread(req).pop()).toContain('No final snapshot was taken, as chosen.');
  });

  test('Serverless deletion deletes the workgroup, waits, then the namespace with its final snapshot, reporting each step', async () => {
    const { generated, request: req } = await submitDelete('lake', { typed: 'lake', retention: '30' });
    expect(req.willRun).toEqual([
      'DeleteWorkgroup workgroupName=lake',
      '(wait until the workgroup is gone)',
      `DeleteNamespace namespaceName=lake finalSnapshotName=${generated} finalSnapshotRetentionPeriod=30`,
    ]);
    await approve(BOB, req.id);
    await approve(CAROL, req.id);
    const order = () => calls.filter((name) => name === 'DeleteWorkgroup' || name === 'DeleteNamespace');
    expect(order()).toEqual(['DeleteWorkgroup']);
    await bot.tick(30 * SEC);
    expect(order()).toEqual(['DeleteWorkgroup', 'DeleteNamespace']);
    // The namespace stays DELETING while its final snapshot is taken (45 s here).
    await bot.tick(30 * SEC);
    expect(thread(req).pop()).toContain('The namespace of *lake* is *deleting*');
    await bot.tick(30 * SEC);
    const lines = thread(req).join('\n');
    expect(lines).toContain('step 1 of 2: workgroup `lake` is *deleting*');
    expect(lines).toContain('Step 1 of 2 done: workgroup `lake` is deleted');
    expect(lines).toContain(`Namespace \`lake\` is *deleting*; final snapshot \`${generated}\` taken first`);
    expect(thread(req).pop()).toContain(
      `Step 2 of 2 done: namespace of *lake* is deleted. Final snapshot \`${generated}\` is *available*.`,
    );
  });
});
