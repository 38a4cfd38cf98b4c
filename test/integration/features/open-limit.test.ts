import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { openRestoreForm, sourceOptions, submitRestoreForm, waitFor } from '../../support/restore-form';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ALICE = 'U0ANALYST';
const BOB = 'U0OTHER';
const APPROVALS = 'C0APPROVALS';

const yaml = `${twoTargetsYaml}
identity: { map: { U0ANALYST: alice, U0OTHER: bob } }
approvals: { maxOpenPerPerson: 2 }
access:
  roles:
    pii_users:
      targets: [prod]
      approvers: { users: [U0APPROVER] }
      maxDuration: 8h
policies:
  restore:
    approvers: { users: [U0APPROVER] }
    approvalsRequired: 1
`;

describe('a per-person limit on open requests', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(yaml);
  });
  afterAll(async () => bot.stopAll());

  const requests = async () =>
    (await bot.server.chatops.ports.store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items.map((i) => i.data);
  const approvalPosts = () =>
    bot.slack.calls.filter((call) => call.method === 'chat.postMessage' && call.body.channel === APPROVALS).length;
  const toAlice = (since: number) =>
    bot.slack.calls
      .filter((call) => call.seq > since && call.method !== 'chat.update' && JSON.stringify(call.body).includes('open requests'))
      .map((call) => String(call.body.text ?? ''));

  it('refuses the request past the limit, across kinds, with a clear message, and posts nothing to the approvals channel', async () => {
    await bot.command('access request pii_users 1h ticket 1', ALICE);
    await bot.settle();
    await bot.command('access request pii_users 2h ticket 2', ALICE);
    await bot.settle();
    const mine = (await requests()).filter((r) => r.requester === ALICE && r.status === 'pending');
    expect(mine).toHaveLength(2);
    const posts = approvalPosts();
    const opened = (await requests()).length;

    // A third access request: refused.
    let since = bot.slack.calls.at(-1)?.seq ?? 0;
    await bot.command('access request pii_users 3h ticket 3', ALICE);
    await bot.settle();
    await waitFor(() => toAlice(since).length > 0, 'the refusal');
    const refusal = toAlice(since).join('\n');
    expect(refusal).toContain('You have 2 open requests');
    for (const request of mine) expect(refusal).toContain(request.id);
    expect(refusal).toContain('Wait for a decision on one, or cancel one');
    expect(refusal).toContain('Nothing was requested.');

    // Another kind counts against the same limit: a restore is refused too.
    since = bot.slack.calls.at(-1)?.seq ?? 0;
    const view = await openRestoreForm(bot, 'prod', ALICE);
    expect(
      await submitRestoreForm(
        bot,
        view,
        { source: sourceOptions(view)[0], schema: 'analytics', table: 'sessions', newTable: 'sessions_copy' },
        ALICE,
      ),
    ).toBeUndefined();
    await bot.settle();
    await waitFor(() => toAlice(since).length > 0, 'the restore refusal');

    expect(approvalPosts()).toBe(posts);
    expect((await requests()).length).toBe(opened);

    // Someone else still may ask.
    await bot.command('access request pii_users 1h ticket 4', BOB);
    await bot.settle();
    expect(approvalPosts()).toBe(posts + 1);
  });
});
