import { ManualClock } from '../../../src/clock';
import { CLAIM_GRACE_MS, holdOpenSlot, openRequestsOf, OpenLimitError, openLimitText } from '../../../src/approvals/limits';
import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import { tempSqliteStore } from '../../support/temp-store';

const HOUR = 3_600_000;

describe('the per-person limit on open requests, against the SQLite store', () => {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
  const { store, cleanup } = tempSqliteStore(clock);
  afterAll(() => cleanup());

  let next = 0;
  /** Takes a slot and stores the request, as ApprovalWorkflow.open does. */
  async function open(requester: string, max: number, status: ApprovalRequest['status'] = 'pending'): Promise<ApprovalRequest> {
    next += 1;
    const request = {
      id: `r-${String(next).padStart(10, '0')}`,
      requester,
      action: 'access',
      target: 'prod',
      title: `request ${next} <!channel>`,
      status,
      expiresAt: clock.now() + 24 * HOUR,
    } as ApprovalRequest;
    await holdOpenSlot({ store, clock }, request, max);
    await store.create(REQUEST_KIND, request.id, request, { dueAt: request.expiresAt });
    return request;
  }

  it('lets N open requests through and refuses the next, naming the open ones', async () => {
    const mine = [];
    for (let i = 0; i < 3; i += 1) mine.push(await open('U0ALICE', 3));
    const refused = await open('U0ALICE', 3).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(OpenLimitError);
    const message = (refused as OpenLimitError).userMessage();
    expect(message).toContain('You have 3 open requests');
    for (const request of mine) expect(message).toContain(request.id);
    expect(message).toContain('Wait for a decision on one, or cancel one');
    // Someone else is not affected.
    await expect(open('U0BOB', 3)).resolves.toBeDefined();
    expect((await store.listAudit({ from: 0, to: Date.parse('2100-01-01') })).items.some((r) => r.action === 'approval.open.refused')).toBe(
      true,
    );
  });

  it('a decided or expired request frees its slot; a retry of a stored request takes none', async () => {
    const open3 = await openRequestsOf({ store, clock }, 'U0ALICE', 3);
    expect(open3).toHaveLength(3);
    const decided = await store.get<ApprovalRequest>(REQUEST_KIND, open3[0].id);
    await store.update(REQUEST_KIND, open3[0].id, decided!.version, { ...decided!.data, status: 'denied' });
    const fourth = await open('U0ALICE', 3);
    expect(fourth).toBeDefined();
    // The same request again (a Slack retry): already stored, so it passes without a slot.
    await expect(holdOpenSlot({ store, clock }, fourth, 3)).resolves.toBeUndefined();
    await expect(open('U0ALICE', 3)).rejects.toBeInstanceOf(OpenLimitError);
    clock.advance(24 * HOUR + 1);
    await expect(open('U0ALICE', 3)).resolves.toBeDefined();
  });

  it('simultaneous requests never pass the limit: exactly N of 25 at once succeed', async () => {
    const requests = Array.from({ length: 25 }, (_, i) => ({
      id: `r-burst${String(i).padStart(5, '0')}`,
      requester: 'U0BURST',
      action: 'restore',
      target: 'prod',
      title: `burst ${i}`,
      status: 'pending',
      expiresAt: clock.now() + HOUR,
    })) as ApprovalRequest[];
    const results = await Promise.allSettled(
      requests.map(async (request) => {
        await holdOpenSlot({ store, clock }, request, 5);
        await store.create(REQUEST_KIND, request.id, request, { dueAt: request.expiresAt });
      }),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(await openRequestsOf({ store, clock }, 'U0BURST', 5)).toHaveLength(5);
  });

  it('a slot taken by an open that died before storing its request is free again after the grace', async () => {
    const ghost = { id: 'r-ghost00000', requester: 'U0GHOST', action: 'access', target: 'prod', expiresAt: clock.now() + HOUR };
    await holdOpenSlot({ store, clock }, ghost, 1);
    const blocked = { ...ghost, id: 'r-ghost00001' };
    await expect(holdOpenSlot({ store, clock }, blocked, 1)).rejects.toBeInstanceOf(OpenLimitError);
    clock.advance(CLAIM_GRACE_MS);
    await expect(holdOpenSlot({ store, clock }, blocked, 1)).resolves.toBeUndefined();
  });

  it('titles are already mrkdwn; ids are shown as code', () => {
    expect(openLimitText(1, [{ id: 'r-1', title: 'x' }])).toContain('`r-1` x');
  });
});
