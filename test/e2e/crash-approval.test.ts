import { REQUEST_KIND, type ApprovalRequest } from '../../src/approvals/types';
import { executorKey } from '../../src/approvals/workflow';
import { GRANT_KIND, grantIdFor, type GrantRecord } from '../../src/features/access/grants';
import { JOB_KIND, jobIdFor } from '../../src/jobs/queue';
import type { JobRecord } from '../../src/jobs/types';
import {
  askForAccess,
  clickApprove,
  endedNotices,
  grantedNotes,
  grantsRun,
  pause,
  requestIdOf,
  thread,
  waitFor,
} from '../support/crash/access-flow';
import { startCrashWorld, type CrashWorld } from '../support/crash/world';

/**
 * The real server is killed (SIGKILL, via CHATOPS_CRASH_AT) at one step of an approval and started
 * again on the same SQLite store, AWS emulator and Slack stand-in. Afterwards the store, the
 * warehouse and Slack must agree: an acknowledged approval is recorded, a GRANT that ran is announced
 * exactly once, and nothing is announced that did not happen.
 */
describe('crash: killed around an approval, restarted on the same store', () => {
  let world: CrashWorld;
  beforeAll(async () => {
    world = await startCrashWorld();
  }, 90_000);
  beforeEach(async () => world.reset());
  afterAll(async () => world?.close());

  const snapshot = async (requestId: string) => {
    const store = await world.store();
    try {
      return {
        request: (await store.get<ApprovalRequest>(REQUEST_KIND, requestId))?.data,
        grant: (await store.get<GrantRecord>(GRANT_KIND, grantIdFor(requestId)))?.data,
        job: (await store.get<JobRecord>(JOB_KIND, jobIdFor(executorKey(requestId))))?.data,
      };
    } finally {
      await store.close();
    }
  };

  /** After a restart: alice holds the role, the thread says Granted once, and that stays so a moment longer. */
  const grantedOnce = async (message: Parameters<typeof grantedNotes>[1]) => {
    await waitFor(
      async () => grantedNotes(world, message).length > 0 && (await world.holds('alice', 'pii_users')),
      'the grant and its announcement',
      16_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nthread: ${JSON.stringify(thread(world, message))}`);
    });
    await pause(1_500);
    expect(grantedNotes(world, message)).toHaveLength(1);
    expect(await world.holds('alice', 'pii_users')).toBe(true);
    expect(endedNotices(world)).toEqual([]);
  };

  test('killed before the decision write: the click was not acked and not recorded; a second click grants once', async () => {
    const first = await world.start('before-decision-write');
    const message = await askForAccess(world, first);
    const requestId = requestIdOf(message);
    const answer = await clickApprove(first, message);
    expect(answer).toBeInstanceOf(Error); // no ack: Slack shows the click failed
    expect(await first.killed()).toBe(true);
    const after = await snapshot(requestId);
    expect(after.request).toMatchObject({ status: 'pending', decisions: [] });
    expect(after.job).toBeUndefined();

    const second = await world.start();
    await pause(1_500);
    expect(await world.holds('alice', 'pii_users')).toBe(false);
    expect(grantedNotes(world, message)).toEqual([]);
    const again = await clickApprove(second, message);
    expect(again).toMatchObject({ status: 200 });
    await grantedOnce(message);
    expect(grantsRun(world)).toBe(1);
    await second.stop();
    expect((await snapshot(requestId)).grant).toMatchObject({ status: 'active' });
  }, 90_000);

  test('killed right after the decision write, before the ack: the start finishes the approval and grants once', async () => {
    const first = await world.start('after-decision-write');
    const message = await askForAccess(world, first);
    const requestId = requestIdOf(message);
    expect(await clickApprove(first, message)).toBeInstanceOf(Error);
    expect(await first.killed()).toBe(true);
    const after = await snapshot(requestId);
    expect(after.request).toMatchObject({
      status: 'approved',
      decisions: [expect.objectContaining({ user: 'U0APPROVER', decision: 'approve' })],
    });
    expect(after.job).toBeUndefined(); // the executor job was never recorded: the start must do it

    const second = await world.start();
    await grantedOnce(message);
    expect(grantsRun(world)).toBe(1);
    await second.stop();
    const final = await snapshot(requestId);
    expect(final.grant).toMatchObject({ status: 'active' });
    expect(final.job).toMatchObject({ status: 'succeeded' });
  }, 90_000);

  test('killed right after the ack: the acked approval is on record, and the restart grants and announces it once', async () => {
    const first = await world.start('after-decision-ack');
    const message = await askForAccess(world, first);
    const requestId = requestIdOf(message);
    expect(await clickApprove(first, message)).toMatchObject({ status: 200 });
    expect(await first.killed()).toBe(true);
    expect((await snapshot(requestId)).request).toMatchObject({ status: 'approved' });

    const second = await world.start();
    await grantedOnce(message);
    expect(grantsRun(world)).toBe(1);
    await second.stop();
    expect((await snapshot(requestId)).grant).toMatchObject({ status: 'active' });
  }, 90_000);

  test('killed between the GRANT and its record: nothing announced yet; after the restart the job resumes and announces once', async () => {
    const first = await world.start('after-sql:grant');
    const message = await askForAccess(world, first);
    const requestId = requestIdOf(message);
    expect(await clickApprove(first, message)).toMatchObject({ status: 200 });
    expect(await first.killed()).toBe(true);
    expect(await world.holds('alice', 'pii_users')).toBe(true);
    expect(grantedNotes(world, message)).toEqual([]);
    const after = await snapshot(requestId);
    expect(after.grant).toMatchObject({ status: 'granting' });
    expect(after.job).toMatchObject({ status: 'running' });

    const second = await world.start();
    await grantedOnce(message);
    await second.stop();
    // The re-run's GRANT carried the first one's ClientToken: the Data API handed that statement back.
    expect(grantsRun(world)).toBe(1);
    const final = await snapshot(requestId);
    expect(final.grant).toMatchObject({ status: 'active' });
    expect(final.job).toMatchObject({ status: 'succeeded' });
  }, 90_000);

  test('killed after the grant was recorded active but before it was announced: the re-run announces it once', async () => {
    const first = await world.start('before-announce:grant');
    const message = await askForAccess(world, first);
    const requestId = requestIdOf(message);
    expect(await clickApprove(first, message)).toMatchObject({ status: 200 });
    expect(await first.killed()).toBe(true);
    expect(await world.holds('alice', 'pii_users')).toBe(true);
    expect(grantedNotes(world, message)).toEqual([]);
    expect((await snapshot(requestId)).grant).toMatchObject({ status: 'active' });

    const second = await world.start();
    await grantedOnce(message);
    await second.stop();
    expect(grantsRun(world)).toBe(1);
    expect((await snapshot(requestId)).grant?.announcedAt).toEqual(expect.any(Number));
  }, 90_000);

  test('killed after the grant was announced but before its job was recorded: the re-run announces nothing twice', async () => {
    const first = await world.start('before-job-record:access.grant');
    const message = await askForAccess(world, first);
    const requestId = requestIdOf(message);
    expect(await clickApprove(first, message)).toMatchObject({ status: 200 });
    expect(await first.killed()).toBe(true);
    expect(grantedNotes(world, message)).toHaveLength(1);

    const second = await world.start();
    await waitFor(async () => (await snapshot(requestId)).job?.status === 'succeeded', 'the job to be re-run and recorded', 16_000);
    await second.stop();
    expect(grantedNotes(world, message)).toHaveLength(1);
    expect(grantsRun(world)).toBe(1);
    expect(endedNotices(world)).toEqual([]);
  }, 90_000);
});
