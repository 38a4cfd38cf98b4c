import { APPROVE_ACTION } from '../../../src/approvals/blocks';
import type { ExecutionProgress } from '../../../src/approvals/types';
import { textOfBlocks, type StoredMessage } from '../../../src/sandbox/slack';
import { approvalFeature } from '../../support/approval-feature';
import { startApprovalBot, type ApprovalBot } from '../../support/approval-bot';

const BOB = 'U0APPROVER';
const CAROL = 'U0APPROVER2';
const status = (message: StoredMessage) => textOfBlocks(message.blocks).split('\n').find((line) => line.includes('*Approved*')) ?? '';

/** Executors' reports through ApprovalWorkflow.progress: stored with conditional writes, newest kept, drawn in both messages. */
describe('progress of an approved request', () => {
  const test$ = approvalFeature();
  let bot: ApprovalBot;
  beforeAll(async () => {
    bot = await startApprovalBot(test$.feature);
  });
  afterAll(async () => bot.stop());
  beforeEach(() => {
    Object.assign(test$.settings, { approvers: { users: [BOB, CAROL], usergroups: [], everyone: false }, approvalsRequired: 1, breakGlassAllowed: false });
  });

  const workflow = () => bot.server.chatops.ports.approvals;
  const slack = () => bot.server.chatops.slack;
  const approved = async () => {
    const id = await bot.open();
    await bot.click(await bot.approvalMessage(id), APPROVE_ACTION, BOB);
    await bot.idle();
    expect((await bot.request(id)).status).toBe('approved');
    return id;
  };

  test('twenty reports at once, in any order: the newest is stored and shown in both messages', async () => {
    const id = await approved();
    const t0 = bot.clock.now();
    const reports: ExecutionProgress[] = Array.from({ length: 20 }, (_, n) => ({ state: n === 19 ? 'done' : 'running', text: `step ${n}`, at: t0 + n * 1000 }));
    const shuffled = [...reports].sort((a, b) => ((a.at * 7919) % 23) - ((b.at * 7919) % 23));
    await Promise.all(shuffled.map((report) => workflow().progress(id, report, slack())));
    await bot.idle();
    expect((await bot.request(id)).progress).toEqual({ state: 'done', text: 'step 19', at: t0 + 19_000 });
    for (const message of [await bot.approvalMessage(id), await bot.requesterMessage(id)]) {
      expect(status(message)).toBe(':white_check_mark: *Approved* · 1 of 1 approval · :large_green_circle: step 19');
    }
    // An older report arriving afterwards changes nothing, in the store or on screen.
    const updates = (await bot.approvalMessage(id)).updates;
    expect(await workflow().progress(id, { state: 'retrying', text: 'late', at: t0 + 5000 }, slack())).toBe(false);
    expect((await bot.request(id)).progress?.text).toBe('step 19');
    expect((await bot.approvalMessage(id)).updates).toBe(updates);
  });

  test('a report changes nothing else of the request; one for an unknown request is refused quietly', async () => {
    const id = await approved();
    const before = await bot.request(id);
    expect(await workflow().progress(id, { state: 'running', text: 'working', at: bot.clock.now() }, slack())).toBe(true);
    const after = await bot.request(id);
    expect({ ...after, progress: undefined }).toEqual({ ...before, progress: undefined });
    expect(await workflow().progress('r-ffffffffff', { state: 'running', text: 'x', at: bot.clock.now() }, slack())).toBe(false);
  });
});
