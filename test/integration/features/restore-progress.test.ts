import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { openRestoreForm, startBotWithSnapshot, submitRestoreForm, waitFor } from '../../support/restore-form';
import { approvedStatusLine } from '../../support/approval-status';
import { twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const ALICE = 'U0ANALYST';
const BOB = 'U0APPROVER';

const restoreYaml = `${twoTargetsYaml}
policies:
  restore:
    approvers: { users: [U0APPROVER] }
    approvalsRequired: 1
`;

/** The restore request's message (and the requester's copy) say whether the restore runs, succeeded or failed. */
describe('the restore approval message shows where the restore stands', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startBotWithSnapshot(restoreYaml);
  });
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  const seen = new Set<string>();
  const ask = async (newTable: string): Promise<ApprovalRequest> => {
    const view = await openRestoreForm(bot, 'prod', ALICE);
    expect(
      await submitRestoreForm(bot, view, { source: 'snapshot:before-cleanup', schema: 'analytics', table: 'sessions', newTable }, ALICE),
    ).toBeUndefined();
    const fresh = (await ports().store.list<ApprovalRequest>(REQUEST_KIND, { limit: 1000 })).items
      .map((i) => i.data)
      .find((r) => r.action === 'restore' && !seen.has(r.id));
    if (!fresh) throw new Error('no new restore request');
    seen.add(fresh.id);
    return fresh;
  };
  const status = async (id: string): Promise<string> => approvedStatusLine(bot.slack, await ports().approvals.get(id));
  const approve = async (req: ApprovalRequest) => {
    const decided = await ports().approvals.decide(req.id, BOB, 'approve', {}, bot.server.chatops.slack);
    if (!decided.ok) throw new Error(decided.refusal);
    await waitFor(async () => (await status(req.id)).includes('restoring into'), 'the restore to start');
    await bot.settle();
  };
  const untilEnded = async (req: ApprovalRequest) => {
    await bot.tick(30_000);
    await waitFor(async () => /:large_green_circle:|:x:/.test(await status(req.id)), 'the end of the restore');
  };

  test('running, then done with the rows', async () => {
    const req = await ask('sessions_progress_ok');
    await approve(req);
    expect(await status(req.id)).toMatch(
      /^:white_check_mark: \*Approved\* · 1 of 1 approval · :hourglass_flowing_sand: restoring into analytics\.sessions_progress_ok: /,
    );
    await untilEnded(req);
    expect(await status(req.id)).toMatch(/· :large_green_circle: restored into analytics\.sessions_progress_ok: [\d,]+ rows$/);
  });

  test('running, then failed with AWS’s message', async () => {
    const req = await ask('sessions_progress_bad');
    bot.aws.redshift.failNextTableRestore('Disk full while restoring table sessions (injected).');
    await approve(req);
    await untilEnded(req);
    expect(await status(req.id)).toContain(
      '· :x: restore failed: Disk full while restoring table sessions (injected). Nothing was created.',
    );
  });
});
