import { APPROVE_ACTION, BREAK_GLASS_ACTION, DENY_ACTION } from '../../../src/approvals/blocks';
import { requestIdFor } from '../../../src/approvals/ids';
import { applyDecision } from '../../../src/approvals/state';
import { REQUEST_KIND, type ApprovalRequest, type NewRequest } from '../../../src/approvals/types';
import { SETTLE_GRACE_MS } from '../../../src/approvals/workflow';
import { actionIdsOf, blockActions, slashCommand, SlackRequester, textOfBlocks, type StoredMessage } from '../../../src/sandbox/slack';
import { approvalFeature, TEST_EXECUTOR } from '../../support/approval-feature';
import { CROWD_GROUP, crowd, startApprovalBot, type ApprovalBot } from '../../support/approval-bot';
import { SIGNING_SECRET } from '../../support/bot';

const APPROVALS = 'C0APPROVALS';
const AUDIT = 'C0AUDIT';
const ANALYST = 'U0ANALYST';
const BOB = 'U0APPROVER';
const CAROL = 'U0APPROVER2';
const DANA = 'U0ADMIN';
const HOUR = 3_600_000;

const shown = (message: StoredMessage) => textOfBlocks(message.blocks);
const lastEphemeral = (bot: ApprovalBot, user: string) => bot.slack.messages.ephemerals({ user }).pop()?.text ?? '';

describe('approval workflow, end to end through Bolt and the Slack stand-in', () => {
  const test$ = approvalFeature();
  let bot: ApprovalBot;
  beforeAll(async () => {
    bot = await startApprovalBot(test$.feature);
  });
  afterAll(async () => bot.stop());
  beforeEach(() => {
    Object.assign(test$.settings, {
      approvers: { users: [BOB, CAROL], usergroups: [], everyone: false },
      approvalsRequired: 1,
      breakGlassAllowed: false,
      expiresInMs: undefined,
      requesterChannel: undefined,
    });
  });

  test('open posts the approval message with buttons and a DM copy for the requester, once per command', async () => {
    const payload = slashCommand({ text: 'pause prod', userId: ANALYST, responseUrl: bot.slack.newResponseUrl({ userId: ANALYST }) });
    const requester = new SlackRequester({ url: `${bot.server.url}/slack/events`, signingSecret: SIGNING_SECRET });
    const first = await requester.send(payload);
    // Slack retries a command it thinks went unanswered: the same trigger, the same request.
    const retry = await requester.send(payload, { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    await bot.idle();
    const id = /Opened (r-[0-9a-f]{10})/.exec(String((first.json as { text?: string }).text))?.[1] ?? '';
    expect(id).toMatch(/^r-[0-9a-f]{10}$/);
    expect((retry.json as { text?: string } | undefined)?.text).toBe(`Opened ${id}`);

    const request = await bot.request(id);
    expect(request).toMatchObject({ status: 'pending', requester: ANALYST, target: 'prod', decisions: [] });
    expect(request.expiresAt - request.createdAt).toBe(24 * HOUR);
    const posted = await bot.approvalMessage(id);
    expect(posted.channel).toBe(APPROVALS);
    expect(shown(posted)).toContain('Requested by <@U0ANALYST> · target *prod*');
    expect(shown(posted)).toContain('```\nPauseCluster prod\n```');
    expect(shown(posted)).toContain('0 of 1 approval');
    expect(actionIdsOf(posted.blocks)).toEqual([APPROVE_ACTION, DENY_ACTION]);
    const copy = await bot.requesterMessage(id);
    expect(copy.channel).toBe('D0ANALYST');
    expect(shown(copy)).toContain('*Your request:*');
    expect(shown(copy)).toContain('Waiting for approval in <#C0APPROVALS>');
    expect(bot.slack.messages.inChannel(APPROVALS)).toHaveLength(1);
    expect(bot.slack.messages.inChannel('D0ANALYST')).toHaveLength(1);
    expect((await bot.audit('approval.open')).filter((record) => (record.input as { requestId: string }).requestId === id)).toHaveLength(1);
  });

  test('a listed approver approves: the executor runs once, both messages show it, the buttons go away', async () => {
    const id = await bot.open();
    await bot.click(await bot.approvalMessage(id), APPROVE_ACTION, BOB);
    expect(test$.runs(id)).toBe(1);
    expect((await bot.request(id)).status).toBe('approved');
    for (const message of [await bot.approvalMessage(id), await bot.requesterMessage(id)]) {
      expect(message.updates).toBeGreaterThan(0);
      expect(actionIdsOf(message.blocks)).toEqual([]);
      expect(shown(message)).toContain('*Approved* · 1 of 1 approval');
      expect(shown(message)).toMatch(/<@U0APPROVER> approved at 2026-11-25 \d\d:\d\d UTC/);
      // The executor reported in both threads through note().
      expect(bot.slack.messages.thread(message.channel, message.ts).map((reply) => reply.text)).toEqual(['Ran for prod.']);
    }
    const approvals = await bot.audit('approval.approve');
    expect(approvals.pop()).toMatchObject({ actor: BOB, input: { requestId: id }, result: { status: 'approved' } });
    expect((await bot.audit('approval.execute')).some((record) => (record.input as { requestId: string }).requestId === id)).toBe(true);
    // Later ticks find nothing more to do.
    await bot.tick(5 * 60_000);
    expect(test$.runs(id)).toBe(1);
  });

  test('the requester clicking Approve is refused ephemerally and audited', async () => {
    const id = await bot.open();
    await bot.click(await bot.approvalMessage(id), APPROVE_ACTION, ANALYST);
    expect(lastEphemeral(bot, ANALYST)).toContain('You asked for this, so you cannot approve it yourself');
    expect(bot.slack.messages.ephemerals({ user: ANALYST }).pop()?.channel).toBe(APPROVALS);
    expect((await bot.audit('approval.refused')).pop()).toMatchObject({
      actor: ANALYST,
      input: { requestId: id },
      result: { code: 'own-request' },
    });
    expect((await bot.request(id)).status).toBe('pending');
    expect(test$.runs(id)).toBe(0);
  });

  test('a non-approver is refused, for Approve and for Deny (before any modal opens)', async () => {
    const id = await bot.open();
    const message = await bot.approvalMessage(id);
    await bot.click(message, APPROVE_ACTION, DANA);
    expect(lastEphemeral(bot, DANA)).toContain('You are not an approver of this request: only <@U0APPROVER> or <@U0APPROVER2>');
    const opened = bot.slack.callsTo('views.open').length;
    await bot.click(message, DENY_ACTION, DANA);
    expect(bot.slack.callsTo('views.open')).toHaveLength(opened);
    expect(
      (await bot.audit('approval.refused')).slice(-2).map((record) => [record.actor, (record.result as { code: string }).code]),
    ).toEqual([
      [DANA, 'not-approver'],
      [DANA, 'not-approver'],
    ]);
    expect((await bot.request(id)).decisions).toEqual([]);
  });

  test('two-of-two needs two different people; the same person twice counts once', async () => {
    test$.settings.approvalsRequired = 2;
    const id = await bot.open();
    const pending = await bot.approvalMessage(id);
    await bot.click(pending, APPROVE_ACTION, BOB);
    for (const message of [await bot.approvalMessage(id), await bot.requesterMessage(id)])
      expect(shown(message)).toContain('1 of 2 approvals');
    expect(actionIdsOf((await bot.approvalMessage(id)).blocks)).toEqual([APPROVE_ACTION, DENY_ACTION]);

    await bot.click(await bot.approvalMessage(id), APPROVE_ACTION, BOB);
    expect(lastEphemeral(bot, BOB)).toContain('You already approved this request');
    expect(test$.runs(id)).toBe(0);
    expect((await bot.request(id)).status).toBe('pending');

    await bot.click(pending, APPROVE_ACTION, CAROL);
    expect(test$.runs(id)).toBe(1);
    const approved = await bot.approvalMessage(id);
    expect(shown(approved)).toContain('*Approved* · 2 of 2 approvals');
    expect(shown(approved)).toContain('<@U0APPROVER> approved');
    expect(shown(approved)).toContain('<@U0APPROVER2> approved');
    expect(actionIdsOf(approved.blocks)).toEqual([]);
  });

  test('deny with a reason, given in a modal: denied, shown to both, and the executor never runs', async () => {
    test$.settings.approvalsRequired = 2;
    const id = await bot.open();
    const pending = await bot.approvalMessage(id);
    await bot.click(pending, DENY_ACTION, CAROL);
    const modal = bot.slack.callsTo('views.open').pop();
    expect(modal?.body.view).toMatchObject({ callback_id: 'approval_deny', title: { text: 'Deny request' } });
    await bot.submitReason(CAROL, 'not today <!channel>');

    const request = await bot.request(id);
    expect(request.status).toBe('denied');
    expect(request.decisions).toEqual([expect.objectContaining({ user: CAROL, decision: 'deny', reason: 'not today <!channel>' })]);
    for (const message of [await bot.approvalMessage(id), await bot.requesterMessage(id)]) {
      expect(shown(message)).toContain(':no_entry: *Denied* by <@U0APPROVER2>');
      expect(shown(message)).toContain('— “not today &lt;!channel&gt;”');
      expect(actionIdsOf(message.blocks)).toEqual([]);
    }
    expect((await bot.audit('approval.deny')).pop()).toMatchObject({
      actor: CAROL,
      input: { requestId: id, reason: 'not today <!channel>' },
    });

    // A stale button still on someone's screen changes nothing.
    await bot.click(pending, APPROVE_ACTION, BOB);
    expect(lastEphemeral(bot, BOB)).toContain('This request was already denied by <@U0APPROVER2>');
    await bot.tick(HOUR);
    expect(test$.runs(id)).toBe(0);
  });

  test('20 simultaneous Approve clicks from the same approver run the executor exactly once', async () => {
    const id = await bot.open();
    const pending = await bot.approvalMessage(id);
    const refusedBefore = (await bot.audit('approval.refused')).length;
    await Promise.all(Array.from({ length: 20 }, () => bot.click(pending, APPROVE_ACTION, BOB)));
    await bot.tick(2 * 60_000);
    expect(test$.runs(id)).toBe(1);
    expect((await bot.request(id)).decisions).toHaveLength(1);
    const mine = (await bot.audit('approval.approve')).filter((record) => (record.input as { requestId: string }).requestId === id);
    expect(mine).toHaveLength(1);
    expect((await bot.audit('approval.refused')).length - refusedBefore).toBe(19);
    expect(actionIdsOf((await bot.approvalMessage(id)).blocks)).toEqual([]);
  });

  test('20 listed approvers (a usergroup) clicking at once: two approvals count, the executor runs exactly once', async () => {
    test$.settings.approvers = { users: [], usergroups: [CROWD_GROUP], everyone: false };
    test$.settings.approvalsRequired = 2;
    const id = await bot.open();
    const pending = await bot.approvalMessage(id);
    await Promise.all(crowd.map((person) => bot.click(pending, APPROVE_ACTION, person.id)));
    await bot.tick(2 * 60_000);
    expect(test$.runs(id)).toBe(1);
    const request = await bot.request(id);
    expect(request.status).toBe('approved');
    expect(request.decisions).toHaveLength(2);
    expect(new Set(request.decisions.map((decision) => decision.user)).size).toBe(2);
    expect(bot.slack.callsTo('usergroups.users.list').some((call) => call.body.usergroup === CROWD_GROUP)).toBe(true);
    // The two who approved were told so; everyone else that nothing was left to decide (shown whole when not).
    const answers = crowd.map((person) => lastEphemeral(bot, person.id));
    expect(answers.filter((text) => !text.includes('already approved'))).toHaveLength(2);
    const message = await bot.approvalMessage(id);
    expect(shown(message)).toContain('*Approved* · 2 of 2 approvals');
    expect(actionIdsOf(message.blocks)).toEqual([]);
  });

  test('a request nobody decides expires after pendingExpiry; a later click is refused', async () => {
    const id = await bot.open();
    const pending = await bot.approvalMessage(id);
    await bot.tick(24 * HOUR - 60_000);
    expect((await bot.request(id)).status).toBe('pending');
    await bot.tick(60_000);
    expect((await bot.request(id)).status).toBe('expired');
    for (const message of [await bot.approvalMessage(id), await bot.requesterMessage(id)]) {
      expect(shown(message)).toContain('Expired: nobody decided within 24h');
      expect(actionIdsOf(message.blocks)).toEqual([]);
    }
    expect((await bot.audit('approval.expire')).pop()).toMatchObject({ actor: 'system', input: { requestId: id } });

    await bot.click(pending, APPROVE_ACTION, BOB);
    expect(lastEphemeral(bot, BOB)).toMatch(/This request expired at .*: nobody decided within 24h/);
    expect(test$.runs(id)).toBe(0);
  });

  test('a click after the expiry time, before any tick, is refused and expires the request', async () => {
    test$.settings.expiresInMs = HOUR;
    const id = await bot.open();
    bot.clock.advance(HOUR);
    await bot.click(await bot.approvalMessage(id), APPROVE_ACTION, BOB);
    expect(lastEphemeral(bot, BOB)).toContain('nobody decided within 1h');
    expect((await bot.request(id)).status).toBe('expired');
    expect(shown(await bot.approvalMessage(id))).toContain('Expired: nobody decided within 1h');
    expect(test$.runs(id)).toBe(0);
  });

  test('break-glass is refused where the request does not allow it, even when forged', async () => {
    const id = await bot.open();
    const message = await bot.approvalMessage(id);
    expect(actionIdsOf(message.blocks)).not.toContain(BREAK_GLASS_ACTION);
    expect(actionIdsOf((await bot.requesterMessage(id)).blocks)).toEqual([]);
    const opened = bot.slack.callsTo('views.open').length;
    const requester = new SlackRequester({ url: `${bot.server.url}/slack/events`, signingSecret: SIGNING_SECRET });
    await requester.send(blockActions({ userId: ANALYST, actionId: BREAK_GLASS_ACTION, value: id, message }));
    await bot.idle();
    expect(lastEphemeral(bot, ANALYST)).toContain('Break-glass is not allowed for this request');
    expect(bot.slack.callsTo('views.open')).toHaveLength(opened);
    expect((await bot.audit('approval.refused')).pop()).toMatchObject({ actor: ANALYST, result: { code: 'break-glass-not-allowed' } });
    expect((await bot.request(id)).status).toBe('pending');
  });

  test('break-glass where allowed: requester only, reason required, announced in the approvals and audit channels', async () => {
    test$.settings.breakGlassAllowed = true;
    test$.settings.approvalsRequired = 2;
    const id = await bot.open();
    expect(actionIdsOf((await bot.approvalMessage(id)).blocks)).toEqual([APPROVE_ACTION, DENY_ACTION, BREAK_GLASS_ACTION]);
    const copy = await bot.requesterMessage(id);
    expect(actionIdsOf(copy.blocks)).toEqual([BREAK_GLASS_ACTION]);

    // An approver cannot break glass for someone else.
    await bot.click(await bot.approvalMessage(id), BREAK_GLASS_ACTION, BOB);
    expect(lastEphemeral(bot, BOB)).toContain('Only <@U0ANALYST>, who asked, can break glass');

    await bot.click(copy, BREAK_GLASS_ACTION, ANALYST);
    expect(bot.slack.callsTo('views.open').pop()?.body.view).toMatchObject({ callback_id: 'approval_break_glass' });
    const empty = await bot.submitReason(ANALYST, '   ');
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('cannot wait') } });
    expect((await bot.request(id)).status).toBe('pending');

    await bot.submitReason(ANALYST, 'prod incident 42');
    expect(test$.runs(id)).toBe(1);
    const request = await bot.request(id);
    expect(request.status).toBe('approved');
    expect(request.decisions).toEqual([expect.objectContaining({ user: ANALYST, breakGlass: true, reason: 'prod incident 42' })]);
    const approval = await bot.approvalMessage(id);
    expect(shown(approval)).toContain('*Approved with break-glass* by <@U0ANALYST>');
    expect(actionIdsOf(approval.blocks)).toEqual([]);
    expect(actionIdsOf((await bot.requesterMessage(id)).blocks)).toEqual([]);

    const announced = (channel: string) =>
      bot.slack.messages
        .inChannel(channel)
        .filter((message) => shown(message).includes('*Break-glass:* <@U0ANALYST> approved their own request'));
    expect(announced(APPROVALS)).toEqual([expect.objectContaining({ thread_ts: approval.ts, reply_broadcast: true })]);
    expect(announced(AUDIT)).toHaveLength(1);
    expect(shown(announced(AUDIT)[0])).toContain('*Reason:* prod incident 42');
    expect((await bot.audit('approval.break-glass')).pop()).toMatchObject({
      actor: ANALYST,
      input: { requestId: id, reason: 'prod incident 42' },
    });

    // A second submission (a double click on Submit) changes nothing.
    await bot.submitReason(ANALYST, 'again');
    expect(test$.runs(id)).toBe(1);
    expect(announced(AUDIT)).toHaveLength(1);
  });

  test('a request whose requester copy goes to a channel instead of a DM', async () => {
    test$.settings.requesterChannel = 'C0GENERAL';
    const id = await bot.open();
    expect((await bot.requesterMessage(id)).channel).toBe('C0GENERAL');
  });

  test('a decision whose follow-up was lost (the process died after the write) is finished by the tick', async () => {
    const id = await bot.open();
    const { store } = bot.server;
    const item = await store.get<ApprovalRequest>(REQUEST_KIND, id);
    const step = item && applyDecision(item.data, { user: BOB, decision: 'approve', isApprover: true, now: bot.clock.now() });
    if (!item || !step?.ok) throw new Error('could not decide');
    // Exactly the write decide() makes, and nothing after it.
    expect(await store.update(REQUEST_KIND, id, item.version, step.request, { dueAt: bot.clock.now() + SETTLE_GRACE_MS })).toBe(true);
    await bot.tick(SETTLE_GRACE_MS / 2);
    expect(test$.runs(id)).toBe(0);
    await bot.tick(SETTLE_GRACE_MS);
    expect(test$.runs(id)).toBe(1);
    expect(actionIdsOf((await bot.approvalMessage(id)).blocks)).toEqual([]);
    expect(shown(await bot.requesterMessage(id))).toContain('*Approved*');
    await bot.tick(SETTLE_GRACE_MS * 2);
    expect(test$.runs(id)).toBe(1);
    expect((await store.get(REQUEST_KIND, id))?.dueAt).toBeUndefined();
  });

  test('an open whose process died before posting gets its messages from a later retry, not from a concurrent one', async () => {
    const { approvals } = bot.server.chatops.ports;
    const key = `crashed-open:${Date.now()}`;
    const asked: NewRequest = {
      action: 'test.pause',
      requester: ANALYST,
      target: 'prod',
      title: 'crash test',
      summary: [],
      willRun: ['PauseCluster prod'],
      details: {},
      approvers: { users: [BOB], usergroups: [], everyone: false },
      approvalsRequired: 1,
      breakGlassAllowed: false,
      executor: TEST_EXECUTOR,
      idempotencyKey: key,
    };
    const id = requestIdFor(key);
    const now = bot.clock.now();
    // The record open() writes first, as a process that died right after it would have left it.
    const { idempotencyKey, ...fields } = asked;
    void idempotencyKey;
    const stored: ApprovalRequest = { ...fields, id, decisions: [], status: 'pending', createdAt: now, expiresAt: now + 24 * HOUR };
    expect(await bot.server.store.create(REQUEST_KIND, id, stored, { dueAt: stored.expiresAt })).toBe(true);
    const before = bot.slack.messages.inChannel(APPROVALS).length;
    expect((await approvals.open(asked, bot.server.chatops.slack)).approvalMessage).toBeUndefined();
    expect(bot.slack.messages.inChannel(APPROVALS)).toHaveLength(before);
    bot.clock.advance(2 * 60_000);
    const reopened = await approvals.open(asked, bot.server.chatops.slack);
    expect(reopened.id).toBe(id);
    expect(reopened.approvalMessage?.channel).toBe(APPROVALS);
    expect(actionIdsOf((await bot.approvalMessage(id)).blocks)).toEqual([APPROVE_ACTION, DENY_ACTION]);
    expect((await bot.requesterMessage(id)).channel).toBe('D0ANALYST');
    expect((await approvals.open(asked, bot.server.chatops.slack)).approvalMessage).toEqual(reopened.approvalMessage);
  });
});
