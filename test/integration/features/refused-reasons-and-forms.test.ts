import { BREAK_GLASS_MODAL, DENY_MODAL, REASON_BLOCK, REASON_INPUT } from '../../../src/approvals/modals';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { GRANT_KIND, grantIdFor, type GrantRecord } from '../../../src/features/access/grants';
import { REVOKE_MODAL } from '../../../src/features/access/revoke-command';
import { executorKey } from '../../../src/approvals/workflow';
import { JOB_KIND, jobIdFor } from '../../../src/jobs/queue';
import { blockActions, viewSubmission, viewValue, type JsonObject } from '../../../src/sandbox/slack';
import { accessYaml } from '../../support/config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVALS = 'C0APPROVALS';
const GENERAL = 'C0GENERAL';
const AUDIT = 'C0AUDIT';
const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';

const yaml = `${twoTargetsYaml}${accessYaml({ pii_users: 'prod' }, 'breakGlass: { enabled: true, maxDuration: 1h }')}`;

/** Approvers' and requesters' reasons with a bidi or invisible character are refused in the modal; forms' routing is never taken from the form. */
describe('reasons that would read differently are refused, and forms cannot say where the bot posts', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  });
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  const requests = async () => (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const request = async (id: string) => (await ports().approvals.get(id))!;
  const lastSeq = () => bot.slack.calls.reduce((max, call) => Math.max(max, call.seq), 0);
  /** Every Slack call since `since` that posts or changes a message somewhere. */
  const postsSince = (since: number) =>
    bot.slack.calls.filter((c) => c.seq > since && ['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'response_url'].includes(c.method));
  const waitFor = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const ask = async (text: string) => {
    const before = new Set((await requests()).map((r) => r.id));
    await bot.command(text, ALICE);
    await bot.settle();
    return (await requests()).find((r) => !before.has(r.id))!;
  };
  /** Clicks a button of the request's approval message and returns the modal it opened. */
  const openModal = async (user: string, req: ApprovalRequest, actionId: string): Promise<JsonObject> => {
    const since = lastSeq();
    const message = bot.slack.messages.get(APPROVALS, req.approvalMessage!.ts)!;
    await bot.requester.send(blockActions({ userId: user, actionId, value: req.id, message: { ...message, channel: APPROVALS }, channelId: APPROVALS }));
    await waitFor(() => bot.slack.calls.some((c) => c.seq > since && c.method === 'views.open'), 'the modal');
    return bot.slack.views.latest()!;
  };
  const submitReason = (user: string, callbackId: string, modal: JsonObject, reason: string, privateMetadata?: string) =>
    bot.requester.send(
      viewSubmission({
        userId: user,
        callbackId,
        view: modal,
        values: { [REASON_BLOCK]: { [REASON_INPUT]: viewValue.plainText(reason) } },
        ...(privateMetadata !== undefined ? { privateMetadata } : {}),
      }),
    );

  test.each([
    ['a right-to-left override', 'wrong table \u202Eelbat gnorw', 'U+202E'],
    ['an isolate', 'no \u2066ticket\u2069', 'U+2066'],
    ['a zero-width space', 'dup\u200Blicate', 'U+200B'],
    ['a tag character', 'ok\u{E0041}\u{E0042}', 'U+E0041'],
  ])('a deny reason with %s is refused in the modal; nothing is recorded, the request stays pending', async (_what, reason, code) => {
    const req = await ask('access request pii_users 1h ticket 12');
    const modal = await openModal(BOB, req, 'approval_deny');
    expect(modal.callback_id).toBe(DENY_MODAL);
    const since = lastSeq();
    const answer = await submitReason(BOB, DENY_MODAL, modal, reason);
    expect(answer.json).toMatchObject({ response_action: 'errors', errors: { [REASON_BLOCK]: expect.stringContaining(code) } });
    await bot.settle();
    const after = await request(req.id);
    expect(after.status).toBe('pending');
    expect(after.decisions).toEqual([]);
    expect(postsSince(since)).toEqual([]);

    // The same approver with a plain reason denies it.
    await submitReason(BOB, DENY_MODAL, modal, 'wrong table 🧑‍💻');
    await waitFor(async () => (await request(req.id)).status === 'denied', 'the denial');
    expect((await request(req.id)).decisions[0]).toMatchObject({ user: BOB, decision: 'deny', reason: 'wrong table 🧑‍💻' });
  });

  test('a break-glass reason with a bidi control is refused in the modal: nothing granted, the request stays pending', async () => {
    const req = await ask('access request pii_users 30m incident');
    const modal = await openModal(ALICE, req, 'approval_break_glass');
    expect(modal.callback_id).toBe(BREAK_GLASS_MODAL);
    const statements = bot.aws.data.statements.length;
    const since = lastSeq();
    const answer = await submitReason(ALICE, BREAK_GLASS_MODAL, modal, 'SEV1 \u202Bon-call unreachable');
    expect(answer.json).toMatchObject({ response_action: 'errors', errors: { [REASON_BLOCK]: expect.stringContaining('U+202B') } });
    const invisible = await submitReason(ALICE, BREAK_GLASS_MODAL, modal, 'SEV1\u2060');
    expect(invisible.json).toMatchObject({ response_action: 'errors', errors: { [REASON_BLOCK]: expect.stringContaining('U+2060') } });
    // At the end, where trimming would have dropped it without a word (trim() counts U+FEFF as whitespace).
    const trailing = await submitReason(ALICE, BREAK_GLASS_MODAL, modal, 'not needed\uFEFF');
    expect(trailing.json).toMatchObject({ response_action: 'errors', errors: { [REASON_BLOCK]: expect.stringContaining('U+FEFF') } });
    await bot.settle();
    const after = await request(req.id);
    expect(after.status).toBe('pending');
    expect(after.decisions).toEqual([]);
    expect(await ports().store.get(JOB_KIND, jobIdFor(executorKey(req.id)))).toBeUndefined();
    expect(await ports().store.get(GRANT_KIND, grantIdFor(req.id))).toBeUndefined();
    expect(bot.aws.data.statements.length).toBe(statements);
    expect(postsSince(since)).toEqual([]);
    await ports().approvals.decide(req.id, BOB, 'deny', {}, bot.server.chatops.slack);
  });

  test('a deny modal whose metadata names another channel tells its refusal to the clicker only, never in that channel', async () => {
    const req = await ask('access request pii_users 1h ticket 13');
    const modal = await openModal(BOB, req, 'approval_deny');
    await ports().approvals.decide(req.id, BOB, 'deny', {}, bot.server.chatops.slack);
    await bot.settle();
    const since = lastSeq();
    await submitReason(BOB, DENY_MODAL, modal, 'again', JSON.stringify({ requestId: req.id, channel: AUDIT }));
    await waitFor(() => postsSince(since).length > 0, 'the refusal');
    await bot.settle();
    const posted = postsSince(since);
    expect(posted.map((c) => [c.method, c.body.channel])).toEqual([['chat.postMessage', BOB]]);
    expect(String(posted[0].body.text)).toContain('already');

    // The metadata as the bot wrote it (the approvals channel) is still used.
    const sinceReal = lastSeq();
    await submitReason(BOB, DENY_MODAL, modal, 'again');
    await waitFor(() => postsSince(sinceReal).length > 0, 'the refusal');
    expect(postsSince(sinceReal).map((c) => [c.method, c.body.channel, c.body.user])).toEqual([['chat.postEphemeral', APPROVALS, BOB]]);
  });

  test('the revoke form answers where the bot recorded it was opened; tampered metadata is refused and changes nothing', async () => {
    const req = await ask('access request pii_users 1h ticket 14');
    await ports().approvals.decide(req.id, BOB, 'approve', {}, bot.server.chatops.slack);
    await bot.settle();
    const grantId = grantIdFor(req.id);
    expect((await ports().store.get<GrantRecord>(GRANT_KIND, grantId))!.data.status).toBe('active');

    const opened = lastSeq();
    expect(await bot.command('access revoke', ALICE)).toBe('');
    await waitFor(() => bot.slack.calls.some((c) => c.seq > opened && c.method === 'views.open'), 'the revoke form');
    const form = bot.slack.views.latest()!;
    expect(form.callback_id).toBe(REVOKE_MODAL);
    expect(String(form.private_metadata)).not.toContain(GENERAL);
    const values = { grant: { value: viewValue.staticSelect(grantId) } };
    const submit = (user: string, privateMetadata?: string) =>
      bot.requester.send(viewSubmission({ userId: user, callbackId: REVOKE_MODAL, view: form, values, ...(privateMetadata !== undefined ? { privateMetadata } : {}) }));

    const since = lastSeq();
    const statements = bot.aws.data.statements.length;
    for (const [user, metadata] of [
      [ALICE, JSON.stringify({ channelId: AUDIT })],
      [ALICE, JSON.stringify({ origin: 'f'.repeat(32), channelId: AUDIT })],
      [ALICE, '"not an object"'],
      // Bob may revoke it (he approves the role), but this form was opened by Alice.
      [BOB, String(form.private_metadata)],
    ] as const) {
      const answer = await submit(user, metadata);
      expect(answer.json).toMatchObject({ response_action: 'errors', errors: { grant: expect.stringContaining('Nothing was changed') } });
    }
    await bot.settle();
    expect(postsSince(since)).toEqual([]);
    expect(bot.aws.data.statements.length).toBe(statements);
    expect((await ports().store.get<GrantRecord>(GRANT_KIND, grantId))!.data.status).toBe('active');

    // The form as the bot built it, submitted by Alice: revoked, answered in the channel she opened it from.
    const answer = await submit(ALICE);
    expect((answer.json as { response_action?: string } | undefined)?.response_action).toBeUndefined();
    await bot.settle();
    expect((await ports().store.get<GrantRecord>(GRANT_KIND, grantId))!.data.status).toBe('revoked');
    const told = postsSince(since).filter((c) => c.method === 'chat.postEphemeral');
    expect(told.map((c) => [c.body.channel, c.body.user])).toEqual([[GENERAL, ALICE]]);
  });

  test("an I'm done click with a forged grant id answers with the value escaped, and changes nothing", async () => {
    const since = lastSeq();
    const statements = bot.aws.data.statements.length;
    for (const value of ['<!channel>', 'g-<https://evil.example|x>', '`<!here>`']) {
      await bot.requester.send(
        blockActions({ userId: ALICE, actionId: 'access_done', value, responseUrl: bot.slack.newResponseUrl({ userId: ALICE }), channelId: GENERAL }),
      );
    }
    // Each answer is sent after the click's ack.
    await waitFor(() => postsSince(since).length >= 3, 'three answers');
    await bot.settle();
    const answers = postsSince(since).map((c) => String(c.body.text));
    expect(answers).toHaveLength(3);
    for (const text of answers) {
      expect(text).toMatch(/^:warning: There is no grant `/);
      expect(text).not.toMatch(/<[!h@]/);
    }
    expect(bot.aws.data.statements.length).toBe(statements);
  });
});
