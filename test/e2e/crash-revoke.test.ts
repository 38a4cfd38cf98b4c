import { grantIdFor } from '../../src/features/access/grants';
import { REVOKE_LEASE_MS } from '../../src/features/access/revoke';
import {
  askForAccess,
  BOB,
  clickApprove,
  command,
  endedNotices,
  endedOncePerPlace,
  grantedNotes,
  grantRecord,
  requestIdOf,
  waitFor,
} from '../support/crash/access-flow';
import { startCrashWorld, type CrashWorld } from '../support/crash/world';

/**
 * The real server is killed in the middle of a REVOKE (after Redshift ran it, before it was recorded)
 * and started again on the same store: the role stays revoked, the end is announced exactly once,
 * and never before it happened. The resumed revoke waits out the dead attempt's lease.
 */
describe('crash: killed during a REVOKE, restarted on the same store', () => {
  let world: CrashWorld;
  beforeAll(async () => {
    world = await startCrashWorld();
  }, 90_000);
  beforeEach(async () => world.reset());
  afterAll(async () => world?.close());

  test(
    'killed after the REVOKE ran: nothing is announced until it is recorded; after the restart it is announced once',
    async () => {
      const granting = await world.start();
      const message = await askForAccess(world, granting);
      const grantId = grantIdFor(requestIdOf(message));
      expect(await clickApprove(granting, message)).toMatchObject({ status: 200 });
      await waitFor(() => grantedNotes(world, message).length === 1, 'the grant');
      await granting.stop();

      const revoking = await world.start('after-sql:revoke');
      await command(world, revoking, `access revoke ${grantId}`, BOB).catch(() => undefined);
      expect(await revoking.killed()).toBe(true);
      expect(await world.holds('alice', 'pii_users')).toBe(false);
      expect(endedNotices(world)).toEqual([]);
      expect((await grantRecord(world, grantId))?.data).toMatchObject({ status: 'revoking' });

      const resumed = await world.start();
      await waitFor(() => endedNotices(world).length > 0, 'the end to be announced', REVOKE_LEASE_MS + 15_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await resumed.stop();
      expect(endedNotices(world).length).toBeGreaterThan(0);
      expect(endedOncePerPlace(world)).toBe(true);
      expect(await world.holds('alice', 'pii_users')).toBe(false);
      expect((await grantRecord(world, grantId))?.data).toMatchObject({ status: 'revoked' });
    },
    REVOKE_LEASE_MS + 60_000,
  );
});
