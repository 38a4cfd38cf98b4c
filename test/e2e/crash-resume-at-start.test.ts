import { askForAccess, clickApprove, grantedNotes, grantsRun, pause, waitFor } from '../support/crash/access-flow';
import { startCrashWorld, type CrashWorld } from '../support/crash/world';

/**
 * A job the killed process was running holds a short lease. The restarted server looks again once
 * that lease has run out, so the job resumes within seconds of the restart whatever the tick's
 * schedule: here the expiry and the tick run once a year, and only the start can resume it.
 */
describe('crash: a running job resumes shortly after the restart, without waiting for a tick', () => {
  let world: CrashWorld;
  beforeAll(async () => {
    world = await startCrashWorld({ scheduleCron: '0 0 1 1 *' });
  }, 90_000);
  beforeEach(async () => world.reset());
  afterAll(async () => world?.close());

  test.each(['before-sql:grant', 'before-announce:grant'])(
    'killed at %s: granted and announced once, within 20 s of the restart',
    async (point) => {
      const first = await world.start(point);
      const message = await askForAccess(world, first);
      expect(await clickApprove(first, message)).toMatchObject({ status: 200 });
      expect(await first.killed()).toBe(true);
      expect(grantedNotes(world, message)).toEqual([]);

      const second = await world.start();
      await waitFor(
        async () => grantedNotes(world, message).length > 0 && (await world.holds('alice', 'pii_users')),
        'the grant and its announcement',
        20_000,
      );
      await pause(1_500);
      await second.stop();
      expect(grantedNotes(world, message)).toHaveLength(1);
      expect(grantsRun(world)).toBe(1);
    },
    90_000,
  );
});
