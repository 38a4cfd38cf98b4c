import { checkByHand, membershipVisibility, sessionsVisibility } from '../../../../src/features/access/confirm';
import type { GrantRecord } from '../../../../src/features/access/grants';
import { endedText, revokeUnverifiedText, sessionsLeftOpenText, sessionsText } from '../../../../src/features/access/revoke-texts';
import { grantUnverifiedText } from '../../../../src/features/access/texts';
import type { SystemAccess } from '../../../../src/redshift/visibility';

const superuser: SystemAccess = { user: 'chatops_admin', superuser: true, syslogUnrestricted: false };
const regular: SystemAccess = { user: 'chatops_bot', superuser: false, syslogUnrestricted: false };
const unrestricted: SystemAccess = { user: 'chatops_bot', superuser: false, syslogUnrestricted: true };
const unknown: SystemAccess = { user: '', superuser: false, syslogUnrestricted: false };

const grant = (over: Partial<GrantRecord> = {}): GrantRecord => ({
  requestId: 'r-1',
  requests: ['r-1'],
  user: 'U0ANALYST',
  dbUser: 'alice',
  role: 'pii_users',
  target: 'prod',
  mode: 'role',
  endSessionsOnRevoke: true,
  endsAt: Date.parse('2026-11-25T11:00:00Z'),
  status: 'revoked',
  attempts: 1,
  revokeCause: 'expired',
  history: [],
  ...over,
});

describe('what the bot identity can prove', () => {
  test('only a superuser\'s empty membership check means "not held"; SYSLOG ACCESS UNRESTRICTED does not widen SVV_USER_GRANTS', () => {
    expect(membershipVisibility('role', superuser)).toEqual({ sees: true });
    expect(membershipVisibility('group', superuser)).toEqual({ sees: true });
    for (const access of [regular, unrestricted]) {
      expect(membershipVisibility('role', access)).toEqual({
        sees: false,
        why: "the bot's database user `chatops_bot` is not a superuser, so SVV_USER_GRANTS shows it only the roles granted to itself",
      });
    }
    expect(membershipVisibility('group', regular)).toMatchObject({ sees: false, why: expect.stringContaining('PG_GROUP') });
    // No row in SVV_USER_INFO (the identity saw nothing): the least access, named without a user.
    expect(membershipVisibility('role', unknown)).toMatchObject({
      sees: false,
      why: expect.stringMatching(/^the bot's database identity is not a superuser/),
    });
  });

  test("another user's sessions: found and ended by a superuser only", () => {
    expect(sessionsVisibility(superuser)).toEqual({ sees: true });
    expect(sessionsVisibility(unrestricted)).toEqual({
      sees: false,
      why: "the bot's database user `chatops_bot` is not a superuser, so SYS_SESSION_HISTORY shows it only its own sessions and PG_TERMINATE_BACKEND ends only its own",
    });
  });

  test('the hand check names the user and role as quoted literals', () => {
    expect(checkByHand('role', 'pii_users', 'alice')).toBe(
      "SELECT 1 FROM svv_user_grants WHERE user_name = 'alice' AND role_name = 'pii_users'",
    );
    expect(checkByHand('role', 'pii_users', "o'brien")).toContain("user_name = 'o''brien'");
    expect(checkByHand('group', 'analytics_users', 'bob')).toContain("g.groname = 'analytics_users' AND u.usename = 'bob'");
  });
});

describe('what the messages say', () => {
  test('sessions: ended, none, or possibly still open with the fault in its words', () => {
    expect(sessionsText(grant({ sessions: { found: 2, ended: 2 } }))).toBe(' Open sessions were ended (2).');
    expect(sessionsText(grant({ sessions: { found: 0, ended: 0 } }))).toBe(' `alice` had no open sessions.');
    expect(sessionsText(grant({ sessions: { found: 2, ended: 1, error: 'session 7: InternalServerException' } }))).toBe(
      ' :warning: Sessions of `alice` may still be open (1 of 2 ended): session 7: InternalServerException.',
    );
    expect(sessionsText(grant({ sessions: { found: 0, ended: 0, error: 'not a superuser' } }))).toBe(
      ' :warning: Sessions of `alice` may still be open: not a superuser.',
    );
    expect(sessionsText(grant({ endSessionsOnRevoke: false, sessions: { found: 1, ended: 1 } }))).toBe('');
    expect(sessionsText(grant())).toBe('');
  });

  test('"revoked; cannot verify" and "granted; cannot verify" only when the check could not be made', () => {
    expect(revokeUnverifiedText(grant({ revokeConfirmation: 'confirmed' }))).toBe('');
    expect(revokeUnverifiedText(grant())).toBe('');
    const revoked = revokeUnverifiedText(grant({ revokeConfirmation: 'cannot-verify', unverifiedReason: 'the bot is not a superuser' }));
    expect(revoked).toContain('Revoked; cannot verify: the bot is not a superuser.');
    expect(revoked).toContain('(no row means revoked)');
    expect(grantUnverifiedText(grant({ grantConfirmation: 'confirmed' }))).toBe('');
    const granted = grantUnverifiedText(grant({ grantConfirmation: 'cannot-verify', unverifiedReason: 'the bot is not a superuser' }));
    expect(granted).toContain('Granted; cannot verify: the bot is not a superuser.');
    expect(granted).toContain('active, unverified');
  });

  test('the ended message puts the cause first, then the confirmation, then the sessions', () => {
    const text = endedText(
      'g-1',
      grant({ revokeConfirmation: 'cannot-verify', unverifiedReason: 'x', sessions: { found: 0, ended: 0, error: 'y' } }),
      Date.parse('2026-11-25T11:00:00Z'),
    );
    expect(text).toMatch(/its time was up\. Revoked; cannot verify: x\..* :warning: Sessions of `alice` may still be open: y\.$/);
    const left = sessionsLeftOpenText('g-1', grant({ sessions: { found: 2, ended: 0, error: 'boom' } }));
    expect(left).toContain('may still be open: boom. The revoke itself holds and is not retried.');
    expect(left).toContain("SELECT user_id FROM svv_user_info WHERE user_name = 'alice'");
    expect(left).not.toMatch(/stv_/i);
  });
});
