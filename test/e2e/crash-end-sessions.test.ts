import { grantIdFor } from '../../src/features/access/grants';
import { FINISH_LEASE_MS } from '../../src/features/access/revoke-finish';
import { AwsRedshiftClients } from '../../src/redshift/clients';
import { DataApiExecutor } from '../../src/redshift/data-api';
import { statement } from '../../src/redshift/sql';
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
 * pii_users ends the user's sessions on revoke. The real server is killed after the revoke is
 * recorded and before the sessions are ended; restarted on the same store, the expiry sweep finishes
 * the revoke: alice's sessions are ended and the end is announced once, saying so.
 */
describe('crash: killed between the recorded revoke and ending the sessions', () => {
  let world: CrashWorld;
  let sql: DataApiExecutor;
  beforeAll(async () => {
    world = await startCrashWorld({ endSessionsOnRevoke: true });
    const clients = new AwsRedshiftClients({
      endpoint: world.aws.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    sql = new DataApiExecutor({ clients });
  }, 90_000);
  beforeEach(async () => world.reset());
  afterAll(async () => world?.close());

  /** alice's active sessions, as SYS_SESSION_HISTORY shows them to a superuser. */
  const aliceSessions = async () =>
    (
      await sql.execute(
        world.config.targets.prod,
        statement(
          "SELECT session_id FROM sys_session_history WHERE TRIM(status) = 'active' AND TRIM(user_id) = (SELECT user_id::varchar FROM svv_user_info WHERE user_name = :u)",
          { u: 'alice' },
        ),
        { dbUser: 'chatops_admin' },
      )
    ).rows.length;

  test(
    'the restarted sweep ends the sessions and announces the end once, with the sessions in it',
    async () => {
      const granting = await world.start();
      const message = await askForAccess(world, granting);
      const grantId = grantIdFor(requestIdOf(message));
      expect(await clickApprove(granting, message)).toMatchObject({ status: 200 });
      await waitFor(() => grantedNotes(world, message).length === 1, 'the grant');
      await granting.stop();
      const open = await aliceSessions();
      expect(open).toBeGreaterThan(0);

      const revoking = await world.start('after-record:revoke');
      await command(world, revoking, `access revoke ${grantId}`, BOB).catch(() => undefined);
      expect(await revoking.killed()).toBe(true);
      expect(await world.holds('alice', 'pii_users')).toBe(false);
      // Recorded revoked, but nothing after it happened: the sessions are open, nobody was told.
      const recorded = await grantRecord(world, grantId);
      expect(recorded?.data).toMatchObject({ status: 'revoked', finishing: true });
      expect(recorded?.data.sessions).toBeUndefined();
      expect(recorded?.dueAt).toBeDefined();
      expect(await aliceSessions()).toBe(open);
      expect(endedNotices(world)).toEqual([]);

      const resumed = await world.start();
      await waitFor(() => endedNotices(world).length > 0, 'the end to be announced', FINISH_LEASE_MS + 15_000);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await resumed.stop();

      expect(await aliceSessions()).toBe(0);
      expect(endedOncePerPlace(world)).toBe(true);
      const notices = Object.values(world.slack.messages.byChannel())
        .flat()
        .map((m) => m.text ?? '')
        .filter((text) => text.includes(':lock: Access to'));
      expect(notices.length).toBeGreaterThan(0);
      for (const text of notices) expect(text).toContain(`Open sessions were ended (${open}).`);
      const finished = await grantRecord(world, grantId);
      expect(finished?.data).toMatchObject({ status: 'revoked', sessions: { found: open, ended: open } });
      expect(finished?.data.finishing).toBeUndefined();
      expect(finished?.dueAt).toBeUndefined();
      expect(await world.holds('alice', 'pii_users')).toBe(false);
    },
    FINISH_LEASE_MS + 90_000,
  );
});
