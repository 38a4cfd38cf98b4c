import { REQUEST_KIND, type ApprovalRequest } from '../../../src/approvals/types';
import type { AccessDetails } from '../../../src/features/access/details';
import { grantJob } from '../../../src/features/access/grant-job';
import { GRANT_KIND, grantIdFor, type GrantRecord } from '../../../src/features/access/grants';
import { executorKey } from '../../../src/approvals/workflow';
import { JOB_KIND, jobIdFor } from '../../../src/jobs/queue';
import type { WorkContext } from '../../../src/features/types';
import { blockActions } from '../../../src/sandbox/slack';
import { accessYaml } from '../../support/config';
import { startWarehouseBot, twoTargetsYaml, type WarehouseBot } from '../../support/warehouse-bot';

const APPROVALS = 'C0APPROVALS';
const BOB = 'U0APPROVER';
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * A late re-run of an access request's executor (a job redelivered or resumed long after it ran)
 * acts only on the grant its request was bound to by its first run: it never extends a newer grant
 * of the same role and user that another request made meanwhile.
 */
describe('access: a late executor re-run touches only its own request’s grant', () => {
  let bot: WarehouseBot;
  beforeAll(async () => {
    bot = await startWarehouseBot(`${twoTargetsYaml}${accessYaml({ pii_users: 'prod' }, 'reasonRequired: false')}`);
  });
  afterAll(async () => bot.stopAll());

  const ports = () => bot.server.chatops.ports;
  const work = (): WorkContext & { jobId: string; actor: string } => {
    return { ...ports(), slack: bot.server.chatops.slack, log: () => undefined, jobId: 'late-rerun', actor: 'system' };
  };
  const requests = async (): Promise<ApprovalRequest<AccessDetails>[]> =>
    (await ports().store.list<ApprovalRequest<AccessDetails>>(REQUEST_KIND, { limit: 1000 })).items.map((item) => item.data);
  const grant = async (id: string) => (await ports().store.get<GrantRecord>(GRANT_KIND, id))?.data;
  const ask = async (text: string) => {
    const before = new Set((await requests()).map((r) => r.id));
    await bot.command(text);
    await bot.settle();
    return (await requests()).find((r) => !before.has(r.id))!;
  };
  const waitFor = async (check: () => Promise<boolean>, what: string) => {
    const end = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const approve = async (requestId: string) => {
    const req = (await ports().approvals.get(requestId))!;
    const message = bot.slack.messages.get(APPROVALS, req.approvalMessage!.ts)!;
    await bot.requester.send(
      blockActions({
        userId: BOB,
        actionId: 'approval_approve',
        value: requestId,
        message: { ...message, channel: APPROVALS },
        channelId: APPROVALS,
      }),
    );
    await waitFor(async () => {
      const job = await ports().store.get<{ status: string }>(JOB_KIND, jobIdFor(executorKey(requestId)));
      return job?.data.status === 'succeeded' || job?.data.status === 'failed';
    }, 'the executor');
    await bot.settle();
  };
  const thread = (req: ApprovalRequest) => bot.slack.messages.thread(APPROVALS, req.approvalMessage!.ts).map((m) => m.text ?? '');

  test('an old extension request re-run after a newer request was granted leaves the newer grant alone', async () => {
    const first = await ask('access request pii_users 1h ticket 1');
    await approve(first.id);
    const firstGrant = grantIdFor(first.id);
    expect(await grant(firstGrant)).toMatchObject({ status: 'active' });

    bot.clock.advance(5 * MIN);
    const extension = await ask('access request pii_users 4h ticket 1 needs longer');
    expect(extension.details.grantId).toBe(firstGrant);
    await approve(extension.id);
    expect((await grant(firstGrant))?.requests).toEqual([first.id, extension.id]);
    const announcedBefore = thread(extension).filter((t) => t.includes('Extended')).length;
    expect(announcedBefore).toBe(1);

    // The grant ends by hand; a newer request for the same role and user gets a grant of its own.
    expect(await bot.command(`access revoke ${firstGrant}`, BOB)).toContain('Revoking grant');
    await bot.settle();
    expect(await grant(firstGrant)).toMatchObject({ status: 'revoked' });
    bot.clock.advance(MIN);
    const newer = await ask('access request pii_users 1h ticket 2');
    expect(newer.details.grantId).toBeUndefined();
    await approve(newer.id);
    const newerGrant = grantIdFor(newer.id);
    const before = (await grant(newerGrant))!;
    expect(before).toMatchObject({ status: 'active', requests: [newer.id] });

    // The extension's and the first request's executors run again, late.
    bot.clock.advance(MIN);
    expect(await grantJob({ requestId: extension.id }, work())).toMatchObject({ grantId: firstGrant, already: 'extended' });
    expect(await grantJob({ requestId: first.id }, work())).toMatchObject({ grantId: firstGrant, already: 'revoked' });
    await bot.settle();

    const after = (await grant(newerGrant))!;
    expect(after.endsAt).toBe(before.endsAt);
    expect(after.requests).toEqual([newer.id]);
    expect(after.endsAt).toBeLessThan(bot.clock.now() + 2 * HOUR);
    expect(await grant(grantIdFor(extension.id))).toBeUndefined();
    // Nothing said twice, nothing said about the newer grant in the old requests' threads.
    expect(thread(extension).filter((t) => t.includes('Extended')).length).toBe(1);
    expect(thread(extension).join('\n')).not.toContain(newerGrant);
    await bot.command(`access revoke ${newerGrant}`, BOB);
    await bot.settle();

    // What changes the warehouse carries a ClientToken of its grant, step and attempt; checks carry none.
    const sql = (await ports().store.listAudit({ from: 0, to: Date.parse('2100-01-01'), limit: 10_000 })).items
      .filter((r) => r.action === 'access.sql' && (r.input as { grantId: string }).grantId === newerGrant)
      .map((r) => r.input as { phase: string; clientToken?: string });
    expect(sql.find((r) => r.phase === 'grant')?.clientToken).toBe(`${newerGrant}-grant-1`);
    expect(sql.find((r) => r.phase === 'revoke')?.clientToken).toBe(`${newerGrant}-revoke-1`);
    expect(sql.filter((r) => r.phase === 'verify' || r.phase === 'verify-revoke').every((r) => r.clientToken === undefined)).toBe(true);
  });

  test('a re-run after the extension was recorded but not announced only announces it', async () => {
    const first = await ask('access request pii_users 1h ticket 3');
    await approve(first.id);
    const firstGrant = grantIdFor(first.id);
    const extension = await ask('access request pii_users 3h ticket 3 longer');
    await approve(extension.id);
    const recorded = (await grant(firstGrant))!;
    expect(recorded.requests).toEqual([first.id, extension.id]);
    // As if its process died right after recording the extension: no announcement was marked.
    const binding = (await ports().store.get<{ grantId: string; extension: boolean; announcedAt?: number }>(
      'grant-binding',
      extension.id,
    ))!;
    expect(binding.data).toMatchObject({ grantId: firstGrant, extension: true });
    expect(
      await ports().store.update(
        'grant-binding',
        extension.id,
        binding.version,
        { grantId: firstGrant, extension: true },
        { expiresAt: binding.expiresAt ?? null },
      ),
    ).toBe(true);
    const said = thread(extension).filter((t) => t.includes('Extended')).length;

    bot.clock.advance(MIN);
    expect(await grantJob({ requestId: extension.id }, work())).toMatchObject({ grantId: firstGrant, announced: true });
    expect((await grant(firstGrant))!.endsAt).toBe(recorded.endsAt);
    expect(thread(extension).filter((t) => t.includes('Extended')).length).toBe(said + 1);
    // Announced now: a further re-run says nothing.
    expect(await grantJob({ requestId: extension.id }, work())).toMatchObject({ grantId: firstGrant, already: 'extended' });
    expect(thread(extension).filter((t) => t.includes('Extended')).length).toBe(said + 1);
    await bot.command(`access revoke ${firstGrant}`, BOB);
    await bot.settle();
  });
});
