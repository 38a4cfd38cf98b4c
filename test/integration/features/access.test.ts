import { BREAK_GLASS_MODAL, REASON_BLOCK, REASON_INPUT } from '../../../src/approvals/modals';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import type { AccessDetails } from '../../../src/features/access/details';
import { GRANT_KIND, grantIdFor, type GrantRecord } from '../../../src/features/access/grants';
import { executorKey } from '../../../src/approvals/workflow';
import { JOB_KIND, jobIdFor } from '../../../src/jobs/queue';
import { ACCESS_MODAL, ROLE_ACTION } from '../../../src/features/access/modal';
import { statement } from '../../../src/redshift/sql';
import { blockActions, viewSubmission, viewValue, type JsonObject, type StoredMessage } from '../../../src/sandbox/slack';
import type { AuditRecord } from '../../../src/store/store';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVALS = 'C0APPROVALS';
const AUDIT = 'C0AUDIT';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';
const CAROL = 'U0APPROVER2';
const DANA = 'U0ADMIN';
const MIN = 60_000;
const HOUR = 60 * MIN;

/** pii_users as the brief has it; analytics_authors two-of-two on both targets; analytics_users as a group. */
const accessYaml = `${twoTargetsYaml}
identity:
  map:
    U0ANALYST: alice
access:
  roles:
    pii_users:
      targets: [prod]
      approvers: { users: [U0APPROVER, U0APPROVER2] }
      maxDuration: 8h
      defaultDuration: 4h
      breakGlass: { enabled: true, maxDuration: 1h }
      endSessionsOnRevoke: true
    analytics_authors:
      targets: [prod, lake]
      approvers: { usergroups: [S0DATALEADS] }
      approvalsRequired: 2
      maxDuration: 2h
      reasonRequired: false
    analytics_users:
      targets: [prod]
      mode: group
      approvers: { users: [U0APPROVER2] }
      maxDuration: 1h
      reasonRequired: false
`;

describe('just-in-time access against the emulator', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(accessYaml);
  });
  afterAll(async () => bot.stopAll());
  afterEach(() => bot.aws.faults.clear());

  const ports = () => bot.server.chatops.ports;
  const target = (name: 'prod' | 'lake') => bot.config.targets[name];

  /** Moves the clock, runs jobs.advance and then access.expire, and waits for the jobs they start. */
  const tick = async (ms: number) => {
    await bot.tick(ms);
    const task = bot.server.chatops.tasks['access.expire'];
    if (!task) throw new Error('the app has no access.expire task');
    await task({ schedule: bot.config.schedules.find((s) => s.task === 'access.expire') ?? bot.config.schedules[0], occurrence: bot.clock.now() });
    await bot.settle();
  };

  /** SELECT from pii.customers as alice, on her own database user: 'ok' or the error. */
  const aliceReadsPii = async (): Promise<string> => {
    try {
      await ports().sql.execute(target('prod'), statement('SELECT count(*) AS n FROM pii.customers'), { dbUser: 'alice' });
      return 'ok';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  const adminRows = async (name: 'prod' | 'lake', sql: string, parameters?: Record<string, string>) =>
    (await ports().sql.execute(target(name), statement(sql, parameters))).rows;
  /** The user's active sessions as SYS_SESSION_HISTORY shows them (both target kinds have it). */
  const liveSessions = async (name: 'prod' | 'lake', user: string) =>
    adminRows(
      name,
      "SELECT session_id FROM sys_session_history WHERE TRIM(status) = 'active' AND TRIM(user_id) = (SELECT user_id::varchar FROM svv_user_info WHERE user_name = :u)",
      { u: user },
    );
  const holds = async (name: 'prod' | 'lake', user: string, role: string) =>
    (await adminRows(name, 'SELECT 1 AS held FROM svv_user_grants WHERE user_name = :u AND role_name = :r', { u: user, r: role })).length > 0;

  const requests = async (): Promise<ApprovalRequest<AccessDetails>[]> =>
    (await ports().store.list<ApprovalRequest<AccessDetails>>(REQUEST_KIND, { limit: 1000 })).items.map((item) => item.data).sort((a, b) => a.createdAt - b.createdAt);
  const request = async (id: string) => (await ports().approvals.get(id)) as ApprovalRequest<AccessDetails>;
  const grant = async (id: string) => (await ports().store.get<GrantRecord>(GRANT_KIND, id))!;
  const audit = async (): Promise<AuditRecord[]> => (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items;
  const grantStatements = (role: string, user: string) => bot.aws.data.statements.filter((s) => s.sql.startsWith(`GRANT ROLE "${role}" TO "${user}"`));

  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  const callsSince = (since: number, method: string) => bot.slack.calls.filter((call) => call.seq > since && call.method === method);
  /** Listeners go on after their ack; wait for what they do. */
  const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const executorFinished = async (requestId: string) => {
    const job = await ports().store.get<{ status: string }>(JOB_KIND, jobIdFor(executorKey(requestId)));
    return job !== undefined && (job.data.status === 'succeeded' || job.data.status === 'failed');
  };

  /** Types the command, lets the open job post the request, and returns the answer and the new request. */
  const ask = async (text: string, user = ALICE) => {
    const before = new Set((await requests()).map((r) => r.id));
    const answer = await bot.command(text, user);
    await bot.settle();
    const added = (await requests()).filter((r) => !before.has(r.id));
    return { answer, request: added[0] };
  };
  const approvalMessage = (req: ApprovalRequest): StoredMessage => bot.slack.messages.get(APPROVALS, req.approvalMessage!.ts)!;
  const click = async (user: string, requestId: string, actionId = 'approval_approve') => {
    const req = await request(requestId);
    const message = approvalMessage(req);
    return bot.requester.send(blockActions({ userId: user, actionId, value: requestId, message: { ...message, channel: APPROVALS }, channelId: APPROVALS }));
  };
  /** One Approve click, waited for: a refusal to the clicker, or the message updated (and the executor run when it was the last one). */
  const approve = async (user: string, requestId: string) => {
    const since = lastSeq();
    const ts = (await request(requestId)).approvalMessage!.ts;
    await click(user, requestId);
    await waitFor(
      () => callsSince(since, 'chat.postEphemeral').some((c) => c.body.user === user) || callsSince(since, 'chat.update').some((c) => c.body.ts === ts),
      `the click of ${user}`,
    );
    if ((await request(requestId)).status === 'approved') await waitFor(() => executorFinished(requestId), 'the executor');
    await bot.settle();
  };
  const refusalsTo = (user: string) => bot.slack.messages.ephemerals({ user }).map((m) => m.text ?? '');
  const thread = (req: ApprovalRequest) => bot.slack.messages.thread(APPROVALS, req.approvalMessage!.ts).map((m) => m.text ?? '');

  test('alice cannot read pii.customers before approval, can after, and cannot once it expired', async () => {
    expect(await aliceReadsPii()).toContain('permission denied for schema pii');
    const { answer, request: asked } = await ask('access request pii_users 1h investigating ticket 123');
    expect(answer).toContain('Asking approvers for `pii_users` on *prod* for 1h as `alice`');
    const req = asked!;
    expect(req).toMatchObject({ action: 'access.grant', status: 'pending', requester: ALICE, approvalsRequired: 1, breakGlassAllowed: true });
    expect(req.details).toMatchObject({ role: 'pii_users', target: 'prod', dbUser: 'alice', durationMs: HOUR, reason: 'investigating ticket 123', mode: 'role' });
    const posted = JSON.stringify(approvalMessage(req).blocks);
    expect(posted).toContain('GRANT ROLE \\"pii_users\\" TO \\"alice\\"');
    expect(posted).toContain('0 of 1 approval');
    expect(await aliceReadsPii()).toContain('permission denied');

    await approve(BOB, req.id);
    expect((await request(req.id)).status).toBe('approved');
    const grantId = grantIdFor(req.id);
    const g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'active', user: ALICE, dbUser: 'alice', role: 'pii_users', target: 'prod', mode: 'role', requestId: req.id });
    expect(g.data.endsAt - g.data.grantedAt!).toBe(HOUR);
    expect(g.dueAt).toBe(g.data.endsAt);
    expect(await aliceReadsPii()).toBe('ok');
    expect(thread(req).join('\n')).toContain(`:white_check_mark: Granted \`pii_users\` on *prod* for \`alice\` until`);
    // The grantee's message, with the button only she may use.
    const done = bot.slack.messages.get(g.data.doneMessage!.channel, g.data.doneMessage!.ts)!;
    expect(done.text).toContain('You now hold `pii_users` on *prod*');
    expect(JSON.stringify(done.blocks)).toContain('access_done');

    const records = await audit();
    const sql = records.filter((r) => r.action === 'access.sql' && (r.input as { grantId: string }).grantId === grantId);
    expect(sql.map((r) => (r.input as { phase: string }).phase)).toEqual(['grant', 'verify']);
    for (const record of sql) expect((record.result as { statementId: string }).statementId).toMatch(/^[0-9a-f-]{36}$/);
    expect(records.some((r) => r.action === 'access.granted' && (r.input as { grantId: string }).grantId === grantId)).toBe(true);

    const sessionsBefore = await liveSessions('prod', 'alice');
    expect(sessionsBefore.length).toBe(2);
    await tick(59 * MIN);
    expect((await grant(grantId)).data.status).toBe('active');
    expect(await aliceReadsPii()).toBe('ok');
    await tick(2 * MIN);
    const ended = await grant(grantId);
    expect(ended.data).toMatchObject({ status: 'revoked', revokeCause: 'expired', attempts: 1 });
    expect(ended.dueAt).toBeUndefined();
    expect(await aliceReadsPii()).toContain('permission denied for schema pii');
    expect(await liveSessions('prod', 'alice')).toEqual([]);
    expect(thread(req).pop()).toContain('its time was up. Open sessions were ended (2).');
    const doneAfter = bot.slack.messages.get(g.data.doneMessage!.channel, g.data.doneMessage!.ts)!;
    expect(JSON.stringify(doneAfter.blocks)).not.toContain('access_done');
    expect(doneAfter.text).toContain('its time was up');
    // Alice hears of the end once, in the edit of her grant message: no note in her copy's thread, no new DM.
    const endedOutsideApprovals = Object.values(bot.slack.messages.byChannel())
      .flat()
      .filter((m) => m.channel !== APPROVALS && (m.text ?? '').includes(':lock: Access to'));
    expect(endedOutsideApprovals.map((m) => m.ts)).toEqual([g.data.doneMessage!.ts]);
    const phases = (await audit()).filter((r) => r.action === 'access.sql' && (r.input as { grantId: string }).grantId === grantId).map((r) => (r.input as { phase: string }).phase);
    // The user's id, its active sessions, then one PG_TERMINATE_BACKEND per session.
    expect(phases).toEqual(['grant', 'verify', 'revoke', 'verify-revoke', 'end-sessions', 'end-sessions', 'end-sessions', 'end-sessions']);
    expect((await grant(grantId)).data.sessions).toEqual({ found: 2, ended: 2 });
    expect((await audit()).find((r) => r.action === 'access.revoked')?.input).toMatchObject({ grantId, cause: 'expired' });
  });

  test('self-approval and non-approvers are refused, ephemerally and audited; nothing is granted', async () => {
    const { request: req } = await ask('access request pii_users 30m ticket 7');
    await approve(ALICE, req!.id);
    await approve(DANA, req!.id);
    expect((await request(req!.id)).status).toBe('pending');
    expect((await request(req!.id)).decisions).toEqual([]);
    expect(refusalsTo(ALICE).pop()).toContain('you cannot approve it yourself');
    expect(refusalsTo(DANA).pop()).toMatch(/approv/i);
    const refused = (await audit()).filter((r) => r.action === 'approval.refused' && (r.input as { requestId: string }).requestId === req!.id);
    expect(refused.map((r) => r.actor).sort()).toEqual([DANA, ALICE].sort());
    expect(await aliceReadsPii()).toContain('permission denied');
    await ports().approvals.decide(req!.id, BOB, 'deny', { reason: 'not today' }, bot.server.chatops.slack);
    expect((await request(req!.id)).status).toBe('denied');
  });

  test('twenty simultaneous Approve clicks run the GRANT once; I’m done ends it at once, only for the grantee', async () => {
    const before = grantStatements('pii_users', 'alice').length;
    const { request: req } = await ask('access request pii_users 30m incident 42');
    const clickers = Array.from({ length: 20 }, (_, i) => [BOB, CAROL, ALICE, DANA][i % 4]);
    await Promise.all(clickers.map((user) => click(user, req!.id)));
    await waitFor(async () => (await request(req!.id)).status === 'approved' && (await executorFinished(req!.id)), 'approval and grant');
    await bot.settle();
    expect((await request(req!.id)).status).toBe('approved');
    expect(grantStatements('pii_users', 'alice').length - before).toBe(1);
    const grants = (await ports().store.list<GrantRecord>(GRANT_KIND, { limit: 1000 })).items.filter((item) => item.data.requests.includes(req!.id));
    expect(grants).toHaveLength(1);
    expect(await aliceReadsPii()).toBe('ok');

    // A redelivered executor job finds the grant and does nothing more.
    const job = (await ports().store.list<{ type: string; payload: { requestId: string } }>('job', { limit: 1000 })).items.find(
      (item) => item.data.type === 'access.grant' && item.data.payload.requestId === req!.id,
    )!;
    await ports().store.update('job', job.id, job.version, { ...job.data, status: 'queued' });
    await bot.server.chatops.runJob(job.id);
    expect(grantStatements('pii_users', 'alice').length - before).toBe(1);

    const grantId = grantIdFor(req!.id);
    const doneRef = (await grant(grantId)).data.doneMessage!;
    const doneMessage = { ...bot.slack.messages.get(doneRef.channel, doneRef.ts)!, channel: doneRef.channel };
    /** Presses I'm done and returns what the bot answered through the click's response URL. */
    const press = async (user: string, answers: number) => {
      const since = lastSeq();
      await bot.requester.send(blockActions({ userId: user, actionId: 'access_done', message: doneMessage, channelId: doneRef.channel, responseUrl: bot.slack.newResponseUrl({ userId: user }) }));
      await waitFor(() => callsSince(since, 'response_url').length >= answers, 'the answer');
      await bot.settle();
      return callsSince(since, 'response_url').map((c) => String(c.body.text));
    };
    expect(await press(BOB, 1)).toEqual([expect.stringContaining('Only <@U0ANALYST> can say they are done')]);
    expect((await grant(grantId)).data.status).toBe('active');
    expect((await audit()).some((r) => r.action === 'access.revoke.refused' && r.actor === BOB)).toBe(true);
    expect(await press(ALICE, 2)).toEqual([expect.stringContaining('Ending `pii_users` on *prod* now'), expect.stringContaining('the revoke is confirmed')]);
    expect((await grant(grantId)).data).toMatchObject({ status: 'revoked', revokeCause: 'done', revokedBy: ALICE });
    expect(await aliceReadsPii()).toContain('permission denied');
  });

  test('a grantee whose grant message never arrived hears of the end in a direct message, once', async () => {
    const { request: req } = await ask('access request pii_users 30m ticket 77');
    bot.slack.failNext('conversations.open', 'user_disabled');
    await approve(BOB, req!.id);
    const grantId = grantIdFor(req!.id);
    expect((await grant(grantId)).data).toMatchObject({ status: 'active' });
    expect((await grant(grantId)).data.doneMessage).toBeUndefined();
    const since = lastSeq();
    await bot.command(`access revoke ${grantId}`, BOB);
    await bot.settle();
    const ended = callsSince(since, 'chat.postMessage').filter((c) => String(c.body.text).includes(':lock: Access to'));
    // One note in the approval thread, one direct message to alice: no note in her copy's thread.
    expect(ended.map((c) => (c.body.thread_ts === undefined ? 'dm' : String(c.body.channel)))).toEqual([APPROVALS, 'dm']);
  });

  test('a request overlapping an active grant extends it; list and revoke follow who may see and end it', async () => {
    const first = (await ask('access request pii_users 1h ticket 9')).request!;
    await approve(CAROL, first.id);
    const grantId = grantIdFor(first.id);
    const endsFirst = (await grant(grantId)).data.endsAt;
    const grantsBefore = grantStatements('pii_users', 'alice').length;

    bot.clock.advance(10 * MIN);
    const second = (await ask('access request pii_users 2h still on ticket 9')).request!;
    expect(second.title).toContain('asks to extend pii_users on prod');
    expect(second.details.grantId).toBe(grantId);
    await approve(BOB, second.id);
    const extended = await grant(grantId);
    expect(extended.data.requests).toEqual([first.id, second.id]);
    expect(extended.data.endsAt).toBe(bot.clock.now() + 2 * HOUR);
    expect(extended.data.endsAt).toBeGreaterThan(endsFirst);
    expect(extended.dueAt).toBe(extended.data.endsAt);
    expect(grantStatements('pii_users', 'alice').length).toBe(grantsBefore);
    expect(await ports().store.get(GRANT_KIND, grantIdFor(second.id))).toBeUndefined();
    expect(thread(second).join('\n')).toContain('Extended `pii_users` on *prod*');

    // Someone else's pending request: approvers see it, alice does not.
    const other = (await ask('access request pii_users 1h checking refunds', BOB)).request!;
    const list = async (user: string) => {
      const since = bot.slack.calls.length;
      await bot.command('access list', user);
      await bot.settle();
      return JSON.stringify(bot.responses(since));
    };
    const asAlice = await list(ALICE);
    expect(asAlice).toContain(grantId);
    expect(asAlice).not.toContain(other.id);
    const asBob = await list(BOB);
    expect(asBob).toContain('"text":"1 active grant, 1 pending request","blocks"');
    // The list takes the place of the "Looking up…" ack.
    expect(asBob).toContain('"replace_original":true');
    expect(asBob).toContain(grantId);
    expect(asBob).toContain(other.id);
    // A pending request's time is when it lapses undecided, not when access would end.
    expect(asBob).toContain(`0 of 1 approval · lapses unless decided by <!date^${Math.floor(other.expiresAt / 1000)}^`);
    expect(await list(DANA)).not.toContain(grantId);

    expect(await bot.command(`access revoke ${grantId}`, DANA)).toContain('Only <@U0ANALYST> (the grantee) or an approver of `pii_users`');
    expect((await grant(grantId)).data.status).toBe('active');
    expect((await audit()).some((r) => r.action === 'access.revoke.refused' && r.actor === DANA)).toBe(true);
    const revokeSince = lastSeq();
    expect(await bot.command(`access revoke ${grantId}`, BOB)).toContain(`Revoking grant \`${grantId}\` now`);
    await bot.settle();
    // The outcome takes the place of the "Revoking … now…" ack.
    expect(callsSince(revokeSince, 'response_url').map((c) => c.body)).toEqual([expect.objectContaining({ replace_original: true, text: expect.stringContaining('the revoke is confirmed') })]);
    expect((await grant(grantId)).data).toMatchObject({ status: 'revoked', revokeCause: 'revoked', revokedBy: BOB });
    expect(await aliceReadsPii()).toContain('permission denied');
    expect(await bot.command(`access revoke ${grantId}`, BOB)).toContain('has already ended');
    await ports().approvals.decide(other.id, CAROL, 'deny', {}, bot.server.chatops.slack);
  });

  test('break-glass: offered only within its shorter maximum; the requester approves herself with a reason, loudly', async () => {
    const long = (await ask('access request pii_users 2h big export')).request!;
    expect(long.breakGlassAllowed).toBe(false);
    expect(JSON.stringify(approvalMessage(long).blocks)).not.toContain('approval_break_glass');
    await ports().approvals.decide(long.id, BOB, 'deny', {}, bot.server.chatops.slack);

    const req = (await ask('access request pii_users 30m prod incident')).request!;
    expect(JSON.stringify(approvalMessage(req).blocks)).toContain('approval_break_glass');
    const since = lastSeq();
    await click(ALICE, req.id, 'approval_break_glass');
    await waitFor(() => callsSince(since, 'views.open').length > 0, 'the break-glass form');
    const modal = bot.slack.views.latest()!;
    expect(modal.callback_id).toBe(BREAK_GLASS_MODAL);
    await bot.requester.send(
      viewSubmission({ userId: ALICE, callbackId: BREAK_GLASS_MODAL, view: modal, values: { [REASON_BLOCK]: { [REASON_INPUT]: viewValue.plainText('SEV1, on-call lead unreachable') } } }),
    );
    await waitFor(() => executorFinished(req.id), 'the break-glass grant');
    await bot.settle();
    expect((await request(req.id)).status).toBe('approved');
    expect((await grant(grantIdFor(req.id))).data.status).toBe('active');
    expect(await aliceReadsPii()).toBe('ok');
    expect(bot.slack.messages.inChannel(AUDIT).map((m) => m.text).join('\n')).toContain('Break-glass');
    await tick(31 * MIN);
    expect((await grant(grantIdFor(req.id))).data.status).toBe('revoked');
    expect(await aliceReadsPii()).toContain('permission denied');
  });

  test('a failing revoke is retried at every sweep, escalated to the approvals channel, and ends once it works', async () => {
    const req = (await ask('access request pii_users 30m ticket 77')).request!;
    await approve(BOB, req.id);
    const grantId = grantIdFor(req.id);
    bot.aws.faults.inject({
      service: 'redshift-data',
      operation: 'ExecuteStatement',
      fault: { kind: 'internal' },
      times: 3,
      when: (input) => String(input.Sql ?? '').startsWith('REVOKE ROLE'),
    });
    const escalations = () => bot.slack.messages.inChannel(APPROVALS).filter((m) => !m.thread_ts && (m.text ?? '').includes(grantId));

    await tick(30 * MIN);
    let g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'revoking', attempts: 1 });
    expect(g.data.lastError).toContain('InternalServerException');
    expect(g.dueAt).toBe(bot.clock.now());
    expect(g.data.leaseUntil).toBeUndefined();
    expect(await aliceReadsPii()).toBe('ok');

    await tick(MIN);
    g = await grant(grantId);
    expect(g.data.attempts).toBe(2);
    expect(g.dueAt).toBe(bot.clock.now());
    expect(escalations()).toHaveLength(0);

    await tick(MIN);
    g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'revoking', attempts: 3 });
    expect(escalations().map((m) => m.text)).toEqual([expect.stringContaining('after 3 attempts')]);
    expect((await audit()).some((r) => r.action === 'access.revoke.escalated')).toBe(true);

    await tick(MIN);
    g = await grant(grantId);
    expect(g.data).toMatchObject({ status: 'revoked', attempts: 4 });
    expect(await aliceReadsPii()).toContain('permission denied');
    expect(escalations().map((m) => m.text)).toEqual([expect.stringContaining('after 3 attempts'), expect.stringContaining('Resolved')]);
    expect((await audit()).filter((r) => r.action === 'access.revoke.failed' && (r.input as { grantId: string }).grantId === grantId)).toHaveLength(3);
  });

  test('hostile input is refused or safely quoted and never runs anything else', async () => {
    const ran = () => bot.aws.data.statements.length;
    const before = ran();
    for (const text of [
      'access request pii_users; DROP TABLE pii.customers',
      'access request pii_users;DROP 1h x',
      `access request pii_users' 1h x`,
      'access request pii_users/**/ 1h x',
      `access request ${'p'.repeat(5000)} 1h x`,
      'access request pïï_users 1h x',
      `access revoke g-'; DROP TABLE pii.customers; --`,
      'access revoke g-0123456789abcdef0123456789abcdef0',
    ]) {
      const answer = await bot.command(text);
      expect(answer).not.toMatch(/Asking approvers|Revoking grant/);
    }
    await bot.settle();
    expect(ran()).toBe(before);

    // A reason is only ever shown, escaped: quotes, comments and mentions stay text.
    const reason = `'; DROP TABLE pii.customers; -- "x" /* y */ <!channel> ünïcödé ${'z'.repeat(300)}`;
    const req = (await ask(`access request pii_users 30m ${reason}`)).request!;
    expect(req.details.reason).toBe(reason);
    const shown = JSON.stringify(approvalMessage(req).blocks);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).not.toContain('<!channel>');
    await approve(CAROL, req.id);
    expect(await aliceReadsPii()).toBe('ok');
    await bot.command(`access revoke ${grantIdFor(req.id)}`, CAROL);
    await bot.settle();

    // Forged form values (a crafted view_submission) are judged like typed ones.
    const forge = (values: Record<string, Record<string, JsonObject>>) =>
      bot.requester.send(viewSubmission({ userId: ALICE, callbackId: ACCESS_MODAL, privateMetadata: JSON.stringify({ channelId: 'C0GENERAL' }), values }));
    const forged = await forge({
      role: { [ROLE_ACTION]: viewValue.staticSelect('pii_users"; DROP TABLE pii.customers; --') },
      duration: { value: viewValue.staticSelect('1800000') },
      reason: { value: viewValue.plainText('x') },
    });
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { role: expect.stringContaining('Choose one of') } });
    const tooLong = await forge({
      role: { [ROLE_ACTION]: viewValue.staticSelect('pii_users') },
      duration: { value: viewValue.staticSelect(String(30 * 24 * HOUR)) },
      reason: { value: viewValue.plainText('x') },
    });
    expect(tooLong.json).toMatchObject({ response_action: 'errors', errors: { duration: '30d is longer than pii_users allows: at most 8h. Ask for 8h or less.' } });
    const junk = await forge({ role: { [ROLE_ACTION]: viewValue.staticSelect('pii_users') }, duration: { value: viewValue.staticSelect('1; DROP') }, reason: { value: viewValue.plainText('x') } });
    expect(junk.json).toMatchObject({ response_action: 'errors', errors: { duration: 'Choose how long you need access.' } });

    const everything = bot.aws.data.statements.map((s) => s.sql);
    expect(everything.filter((sql) => /DROP TABLE/i.test(sql))).toEqual([]);
    expect(await adminRows('prod', 'SELECT count(*) AS n FROM pii.customers')).toEqual([{ n: 150 }]);
  });

  test('too long is refused with the maximum named; an unmapped user is told what an admin must add', async () => {
    const before = bot.aws.data.statements.length;
    expect(await bot.command('access request pii_users 9h ticket')).toBe(':warning: 9h is longer than pii_users allows: at most 8h. Ask for 8h or less. Nothing was requested.');
    // The e-mail lookup (users.info) runs after the ack, in the job; the refusal follows through the response URL.
    const since = lastSeq();
    expect(await bot.command('access request pii_users 1h ticket', 'U0STRANGER')).toContain('Looking up your database user');
    await bot.settle();
    expect(bot.responses(since).map((body) => String(body.text)).join('\n')).toContain(
      'An admin must add you to chatops.yml: `identity.map: { U0STRANGER: <db user> }`',
    );
    expect(bot.slack.callsTo('chat.postMessage').filter((call) => call.seq > since)).toHaveLength(0);
    expect(bot.aws.data.statements.length).toBe(before);
  });

  test('a GRANT Redshift refuses (dana has no database user) fails cleanly: noted, recorded, nothing held', async () => {
    const req = (await ask('access request pii_users 1h need it', DANA)).request!;
    expect(req.details.dbUser).toBe('dana');
    await approve(BOB, req.id);
    const g = await grant(grantIdFor(req.id));
    expect(g.data.status).toBe('failed');
    expect(g.dueAt).toBeUndefined();
    expect(thread(req).pop()).toContain('Approved, but not granted: the GRANT of');
    expect(thread(req).pop()).toContain('role "dana" does not exist');
    expect((await audit()).some((r) => r.action === 'access.grant.failed' && r.actor === DANA)).toBe(true);
  });

  test('two of two on the Serverless target, picked in the form: two different approvers, checked in SVV_USER_GRANTS', async () => {
    expect(await holds('lake', 'alice', 'analytics_authors')).toBe(false);
    const sinceForm = lastSeq();
    await bot.command('access request analytics_authors 1h');
    // The form opens right after the ack.
    await bot.slack.waitFor('views.open', (call) => call.seq > sinceForm);
    const opened = bot.slack.views.latest()!;
    expect(opened.callback_id).toBe(ACCESS_MODAL);
    expect(JSON.stringify(opened.blocks)).toContain('"block_id":"target"');
    const metadata = String(opened.private_metadata);
    const submitted = await bot.requester.send(
      viewSubmission({
        userId: ALICE,
        callbackId: ACCESS_MODAL,
        view: opened,
        privateMetadata: metadata,
        values: {
          role: { [ROLE_ACTION]: viewValue.staticSelect('analytics_authors') },
          target: { value: viewValue.staticSelect('lake') },
          duration: { value: viewValue.staticSelect(String(HOUR)) },
          reason: { value: viewValue.plainText(null) },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    await bot.settle();
    const req = (await requests()).find((r) => r.details.role === 'analytics_authors' && r.status === 'pending')!;
    expect(req.details).toMatchObject({ role: 'analytics_authors', target: 'lake', dbUser: 'alice' });
    expect(req.approvalsRequired).toBe(2);

    await approve(BOB, req.id);
    await approve(BOB, req.id);
    await approve(ALICE, req.id);
    expect((await request(req.id)).status).toBe('pending');
    expect(JSON.stringify(approvalMessage(req).blocks)).toContain('1 of 2 approvals');
    expect(await holds('lake', 'alice', 'analytics_authors')).toBe(false);
    await approve(CAROL, req.id);
    expect((await request(req.id)).status).toBe('approved');
    expect(await holds('lake', 'alice', 'analytics_authors')).toBe(true);
    expect(await holds('prod', 'alice', 'analytics_authors')).toBe(false);
    const lakeGrants = bot.aws.data.statements.filter((s) => s.sql === 'GRANT ROLE "analytics_authors" TO "alice"');
    expect(lakeGrants).toHaveLength(1);
    expect(lakeGrants[0].user).toBe('chatops_admin');

    await tick(HOUR + MIN);
    expect((await grant(grantIdFor(req.id))).data.status).toBe('revoked');
    expect(await holds('lake', 'alice', 'analytics_authors')).toBe(false);
  });

  test('the form redraws for the picked role: its targets and durations within its maximum', async () => {
    const sinceForm = lastSeq();
    await bot.command('access request');
    await bot.slack.waitFor('views.open', (call) => call.seq > sinceForm);
    const opened = bot.slack.views.latest()!;
    expect(JSON.stringify(opened.blocks)).not.toContain('"block_id":"target"');
    const since = lastSeq();
    await bot.requester.send(blockActions({ userId: ALICE, actionId: ROLE_ACTION, view: opened, selectedOption: { value: 'analytics_users' } }));
    await waitFor(() => callsSince(since, 'views.update').length > 0, 'the redrawn form');
    const updated = bot.slack.views.get(String(opened.id))!;
    const blocks = updated.blocks as JsonObject[];
    const duration = blocks.find((b) => b.block_id === 'duration') as { element: { options: { value: string }[] } };
    expect(duration.element.options.map((o) => Number(o.value) / MIN)).toEqual([15, 30, 60]);
    expect(blocks.find((b) => b.block_id === 'reason')).toMatchObject({ optional: true });
  });

  test('group mode: ALTER GROUP ADD USER, checked in PG_GROUP; bob mapped by his e-mail', async () => {
    const inGroup = async () =>
      (await adminRows('prod', 'SELECT 1 AS x FROM pg_group g, pg_user u WHERE g.groname = :g AND u.usename = :u AND u.usesysid = ANY (g.grolist)', { g: 'analytics_users', u: 'bob' })).length > 0;
    expect(await inGroup()).toBe(false);
    const req = (await ask('access request analytics_users 30m', BOB)).request!;
    expect(req.details).toMatchObject({ dbUser: 'bob', mode: 'group' });
    await approve(CAROL, req.id);
    expect(await inGroup()).toBe(true);
    expect(bot.aws.data.statements.some((s) => s.sql === 'ALTER GROUP "analytics_users" ADD USER "bob"')).toBe(true);
    await tick(31 * MIN);
    expect(await inGroup()).toBe(false);
    expect(bot.aws.data.statements.some((s) => s.sql === 'ALTER GROUP "analytics_users" DROP USER "bob"')).toBe(true);
  });
});
